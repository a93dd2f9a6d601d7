#pragma once

#include "processtable.h"

// Sends signals without hitting a stranger: a PID is signalled through a pidfd opened on it
// and checked against the start time we saw, so a number reused since then is left alone.
namespace ProcessSignaller {

// True when the signal was delivered to exactly the process described by info.
bool signalProcess(const ProcessInfo &info, int signal);

// Opens a pidfd for pid (CLOEXEC), or -1 where the kernel has no pidfd_open.
int openPidfd(pid_t pid);

// Signals the process group whose leader pidfd is given. On kernels >= 6.9 this is race-free
// even after the leader was reaped (PIDFD_SIGNAL_PROCESS_GROUP); elsewhere it falls back to
// killpg(), which the caller may only allow while the group number is pinned (leaderPinned:
// the leader is alive or an unreaped zombie of ours). Returns true if anything was signalled.
bool signalGroup(int leaderPidfd, pid_t pgid, bool leaderPinned, int signal);

// What this kernel offers for the above, found by trying it on ourselves (for `info`): pidfds
// (pidfd_open, Linux 5.3) and signalling a process group through one (Linux 6.9).
struct KernelFeatures
{
    bool pidfd = false;
    bool groupByPidfd = false;
};
KernelFeatures kernelFeatures();

} // namespace ProcessSignaller
