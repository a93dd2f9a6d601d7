#pragma once

#include <QString>

#include <chrono>
#include <optional>

// Parses the durations users type: "1.5" (seconds), "500ms", "2s", "1m", "1h", "0".
// Returns nothing for anything else, including negative values and overflow.
std::optional<std::chrono::milliseconds> parseDuration(const QString &text);

// The inverse for display: "500ms", "2s", "1.5s", "1m", "90s".
QString formatDuration(std::chrono::milliseconds duration);
