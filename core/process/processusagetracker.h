#pragma once

#include "runcontainment.h"

// A run's resource figures summed from its live processes' /proc/PID/stat, for where the
// kernel does not account for the run as a whole (no cgroup, or no memory/pids controller).
// An approximation, sampled: CPU time counts what the live processes used and what they reaped
// of their children (time of a process that ended unseen and unreaped by one of ours is lost),
// and the peaks are the most seen at a sample. The CPU figure never goes back. A sample that
// finds no process tells that none is there now, nothing about the CPU or the peaks: a run
// never seen alive has them unknown, not 0.
class ProcessUsageTracker
{
public:
    void sample(const QVector<ProcessInfo> &members);
    ResourceUsage usage() const { return m_usage; }

    // When to sample a run that nothing else samples: soon after its start, so that a short
    // run has figures too, then less often - 100, 200, 400, 800 ms apart, then every second.
    static constexpr int FirstSampleMs = 100;
    static constexpr int SampleIntervalMs = 1000;
    static int nextSampleMs(int lastMs) { return qMin(lastMs * 2, SampleIntervalMs); }

private:
    ResourceUsage m_usage;
};
