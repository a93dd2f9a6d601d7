#pragma once

#include <QString>

#include <chrono>
#include <optional>

// Parses the durations users type: "1.5" (seconds), "500ms", "2s", "1m", "1h", "0".
// Returns nothing for anything else, including negative values and overflow, and for a
// positive value under 1 ms ("0.4ms", "0.0001"): the smallest duration is 1 ms, and rounding
// such a value to 0 would turn "a very short timeout" into "no timeout at all". "0" itself
// (also "0ms", "0.0") is 0 - no timeout, or for a grace period, SIGKILL at once - as GNU
// timeout reads it. Other values are rounded to the nearest millisecond. When why is given,
// it is set to the reason a text was refused (e.g. "shorter than 1 ms, ...").
std::optional<std::chrono::milliseconds> parseDuration(const QString &text, QString *why = nullptr);

// The inverse for display, exact to the millisecond (parseDuration() reads it back unchanged):
// "500ms", "2s", "1.25s", "1.001s", "1m", "90s", "61.5s", "1h".
QString formatDuration(std::chrono::milliseconds duration);
