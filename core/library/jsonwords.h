#pragma once

#include <QJsonValue>
#include <QString>

// How a task file's problems name a JSON value, the same words for every field's reader:
// "\"timeoutMs\" is a string, not ...".
namespace JsonWords {
// Its type: "null", "a boolean", "a number", "a string", "a list", "an object", "missing".
QString typeName(const QJsonValue &value);
// The value itself where it is short (a number, "a string" quoted, cut at 40 characters), else
// its type.
QString valueText(const QJsonValue &value);
} // namespace JsonWords
