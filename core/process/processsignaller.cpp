#include "processsignaller.h"

#include <cerrno>
#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PIDFD_SIGNAL_PROCESS_GROUP
#define PIDFD_SIGNAL_PROCESS_GROUP (1U << 2) // Linux 6.9, include/uapi/linux/pidfd.h
#endif

namespace ProcessSignaller {

int openPidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    // pidfd_open's pidfds are always close-on-exec.
    return int(::syscall(SYS_pidfd_open, pid, 0));
#else
    Q_UNUSED(pid);
    errno = ENOSYS;
    return -1;
#endif
}

static int pidfdSendSignal(int pidfd, int signal, unsigned flags)
{
#ifdef SYS_pidfd_send_signal
    return int(::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, flags));
#else
    Q_UNUSED(pidfd);
    Q_UNUSED(signal);
    Q_UNUSED(flags);
    errno = ENOSYS;
    return -1;
#endif
}

bool signalProcess(const ProcessInfo &info, int signal)
{
    if (info.pid <= 1 || info.pid == ::getpid())
        return false;
    const int pidfd = openPidfd(info.pid);
    if (pidfd < 0 && errno != ENOSYS)
        return false; // gone already (ESRCH) or out of descriptors
    // The pidfd (or, without one, nothing) pins the process; only now is the start-time check
    // meaningful: if it still matches, the pidfd refers to the process we saw in the scan.
    const auto now = ProcessTable::readProcess(info.pid);
    bool sent = false;
    if (now && now->startTime == info.startTime) {
        if (pidfd >= 0)
            sent = pidfdSendSignal(pidfd, signal, 0) == 0;
        else
            sent = ::kill(info.pid, signal) == 0; // pre-5.3 kernels: a tiny reuse window
    }
    if (pidfd >= 0)
        ::close(pidfd);
    return sent;
}

bool signalGroup(int leaderPidfd, pid_t pgid, bool leaderPinned, int signal)
{
    if (leaderPidfd >= 0) {
        if (pidfdSendSignal(leaderPidfd, signal, PIDFD_SIGNAL_PROCESS_GROUP) == 0)
            return true;
        if (errno == ESRCH)
            return false; // the group is empty
        // EINVAL: a kernel before 6.9; fall through to killpg while that is safe.
    }
    // Never our own group, init's or a bogus one (the Ghostty self-kill bug).
    if (!leaderPinned || pgid <= 1 || pgid == ::getpgrp())
        return false;
    return ::killpg(pgid, signal) == 0;
}

KernelFeatures kernelFeatures()
{
    KernelFeatures features;
    const int self = openPidfd(::getpid());
    if (self < 0)
        return features;
    features.pidfd = true;
    // Signal 0 only checks that it could be sent, to the group whose id is our pid: ESRCH
    // unless we lead one. A kernel before 6.9 refuses the flag itself (EINVAL).
    features.groupByPidfd = pidfdSendSignal(self, 0, PIDFD_SIGNAL_PROCESS_GROUP) == 0
                            || errno == ESRCH || errno == EPERM;
    ::close(self);
    return features;
}

} // namespace ProcessSignaller
