#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

// A run the runner told us about: "run <marker> <leader pid> <leader start time>".
struct RecordedRun
{
    std::string marker;                 // TASKRUNNER_RUN_ID=<runner pid>-<n>-<random>
    pid_t leader = 0;                   // 0: not known yet (the run was recorded before its spawn)
    unsigned long long leaderStart = 0; // clock ticks since boot, as /proc/PID/stat says
};

struct SweepResult
{
    int killed = 0; // processes signalled (each counted once)
    int left = 0;   // still alive when the deadline came
};

// The /proc backend's kill, once the runner is dead: SIGKILL, again and again until none is
// left or deadlineMs has passed, to every process of this user that is
//  - in the session or process group of a recorded leader - unless that leader's pid now
//    belongs to a process with another start time: then the number was reused, which the kernel
//    allows only once nothing of the old session or group is left, so nothing there is ours; or
//  - carrying a recorded marker in its environment (what left the session: setsid, daemons).
// A process is signalled through a pidfd, once the pidfd pins it and its start time is still
// the one the scan saw: a pid reused in between is never hit. Never this process, never init.
SweepResult killRecordedRuns(const std::vector<RecordedRun> &runs, int deadlineMs);
