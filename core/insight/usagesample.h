#pragma once

#include <QtGlobal>

#include <optional>

// What a run used at one moment of its life, for its resource chart. A figure nobody could
// tell (the containment does not report it) is nothing - a gap in the curve - never 0.
struct UsageSample
{
    qint64 msSinceStart = 0;           // run time, from the run's start
    std::optional<double> cpuPercent;  // of one core, over the interval that ends here
    std::optional<qint64> memoryBytes; // of every process of the run
    std::optional<int> processes;

    bool operator==(const UsageSample &o) const
    {
        return msSinceStart == o.msSinceStart && cpuPercent == o.cpuPercent
               && memoryBytes == o.memoryBytes && processes == o.processes;
    }
};
