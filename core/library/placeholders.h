#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// The placeholders a saved task may use in its script, program, arguments, working directory,
// environment values and .env path, and their expansion. Pure text: what a placeholder is
// worth is the caller's (RunPreparation at a run's start; the editor only checks them).
//
//   ${input:NAME}   the value of the task's parameter NAME
//   ${env:NAME}     the variable NAME of taskrunner's own environment
//   ${taskDir} ${home} ${date} ${time} ${datetime}   built-in (see builtInNames())
//   $${...}         one of the above written as it is: "$${home}" is the text "${home}"
//
// Anything else in ${...} is left exactly as written: it belongs to the shell (${HOME},
// ${name:-default}, ${line:i:1}), so a script that worked before still works.
struct Placeholder
{
    enum class Kind { Input, Environment, BuiltIn };
    Kind kind = Kind::BuiltIn;
    QString name; // the parameter's or variable's name, or the built-in's

    QString text() const; // as written: "${input:mode}"
    bool operator==(const Placeholder &other) const
    {
        return kind == other.kind && name == other.name;
    }
};

namespace Placeholders {
// taskDir, home, date, time, datetime.
QStringList builtInNames();
// A parameter's name: ASCII letters, digits, '_' and '-', not starting with a digit or '-'.
bool isValidInputName(const QString &name);

struct Scan
{
    QList<Placeholder> used; // in order of appearance, repeats included
    // Placeholders of ours that are malformed ("${input:}", "${env:1X}", "${input:x" never
    // closed), one sentence each.
    QStringList problems;
};
Scan scan(const QString &text);

// The value of a placeholder, or nothing when it has none.
using Lookup = std::function<std::optional<QString>(const Placeholder &)>;
// text with every placeholder replaced by its value, and "$${" written as "${"; nothing when a
// placeholder is malformed or has no value, and then *why names the first one.
std::optional<QString> expand(const QString &text, const Lookup &lookup, QString *why = nullptr);
} // namespace Placeholders
