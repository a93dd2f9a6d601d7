#pragma once

#include <QtGlobal>

#include <optional>

// What a run has used, as far as its containment can tell. A figure it cannot tell is nothing,
// never 0.
struct ResourceUsage
{
    std::optional<qint64> cpuUserMs;
    std::optional<qint64> cpuSystemMs;
    std::optional<qint64> memoryBytes;     // now (at the end: when last seen)
    std::optional<qint64> memoryPeakBytes; // the most seen
    std::optional<int> processes;          // now
    std::optional<int> processesPeak;      // the most seen
};
