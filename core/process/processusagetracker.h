#pragma once

#include "runcontainment.h"

// A run's resource figures summed from its live processes' /proc/PID/stat, for where the
// kernel does not account for the run as a whole (no cgroup, or no memory/pids controller).
// An approximation, sampled: CPU time counts what the live processes used and what they reaped
// of their children (time of a process that ended unseen and unreaped by one of ours is lost),
// and the peaks are the most seen at a sample. The CPU figure never goes back.
class ProcessUsageTracker
{
public:
    void sample(const QVector<ProcessInfo> &members);
    ResourceUsage usage() const { return m_usage; }

private:
    ResourceUsage m_usage;
};
