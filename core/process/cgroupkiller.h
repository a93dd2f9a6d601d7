#pragma once

#include <QString>
#include <QVector>

#include <sys/types.h>

// How every process of a cgroup subtree is killed.
enum class CgroupKillMethod {
    Auto,       // KillFile where the kernel has cgroup.kill (5.14), else SignalEach
    KillFile,   // "1" written to cgroup.kill: the kernel SIGKILLs the whole subtree, including
                // what forks while it does so
    SignalEach, // the fallback: freeze the subtree where cgroup.freeze exists (so nothing forks
                // meanwhile), SIGKILL each member through a pidfd, again until none is left,
                // then thaw
};

namespace CgroupKiller {

// Kills every process in the cgroup at directory and in its descendants. path is the cgroup's
// path as /proc/PID/cgroup shows it to us: SignalEach signals a pid only once a pidfd pins it
// and the process is seen inside path, so a pid reused by a stranger is never hit.
//
// KillFile returns once the kernel took the write; the processes die a moment later (watch
// cgroup.events). SignalEach returns once the cgroup lists no process, or after about a second
// with an error naming how many are left (a process in uninterruptible sleep dies only when it
// wakes). *signalled counts the processes SignalEach signalled (0 for KillFile).
bool killTree(const QString &directory, const QString &path, CgroupKillMethod method,
              QString *error, int *signalled = nullptr);

// The pids in the cgroup at directory and in its descendants.
QVector<pid_t> treeMembers(const QString &directory);

} // namespace CgroupKiller
