#pragma once

#include <QString>

#include <optional>

// Parses the limits users type (RunLimits: the editor's fields, the CLI's --memory-max,
// --cpu-max, --pids-max) and formats them back, so that what is shown parses to the same
// value. Empty text, "none" and "max" (any case) mean no limit - how a saved task's limit is
// lifted on the command line. Bad text gives a reason, never a guess.

// Within these, a limit is one a task can run under and the kernel takes. The task library
// checks its JSON fields against the same bounds.
namespace LimitBounds {
constexpr quint64 MinMemoryBytes = quint64(1) << 20; // 1M: less and nothing starts at all
constexpr quint64 MaxMemoryBytes = quint64(1) << 50; // 1024T, exact in a JSON number
constexpr double MinCores = 0.01; // cpu.max's least quota: 1 ms per 100 ms period
constexpr double MaxCores = 4096;
constexpr quint64 MinPids = 1;
constexpr quint64 MaxPids = 4'194'304; // PID_MAX_LIMIT: more cannot exist at once
} // namespace LimitBounds

template <typename T>
struct ParsedLimit
{
    bool ok = false;
    std::optional<T> limit; // nothing: no limit
    QString why;            // what is wrong with the text, when !ok
};

// Bytes: "512M", "1.5G", "100000000" (a bare number is bytes), "64 MiB", "2t". K, M, G and T
// are powers of 1024 (KiB, MiB...), with an optional B or iB; any case. Rounded to whole bytes.
ParsedLimit<quint64> parseMemoryMax(const QString &text);
// "512M", "1.5G", "1536K", or bytes where no unit says it exactly ("100000000"); "" for none.
QString formatMemoryMax(std::optional<quint64> bytes);

// CPUs' worth of CPU time: "0.5" (half of one CPU), "2", "150%" (1.5).
ParsedLimit<double> parseCpuMax(const QString &text);
// "0.5", "2", "1.5"; "" for none.
QString formatCpuMax(std::optional<double> cores);

// Processes and threads at once: a whole number, "100".
ParsedLimit<quint64> parsePidsMax(const QString &text);
QString formatPidsMax(std::optional<quint64> count);
