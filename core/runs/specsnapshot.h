#pragma once

#include "taskspec.h"

#include <QByteArray>

#include <optional>

// What a run ran with, as compact JSON for the history: the command (program and arguments, or
// the script), working directory, environment, timeout, grace period, leftovers and
// pseudo-terminal settings, and its limits. Values that are not UTF-8 keep their escapes (see
// ByteText).
namespace SpecSnapshot {
QByteArray toJson(const TaskSpec &spec);
// The spec back from what toJson() wrote; nullopt when it is not such a snapshot.
std::optional<TaskSpec> fromJson(const QByteArray &json);
} // namespace SpecSnapshot
