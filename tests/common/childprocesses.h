#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QVector>

#include <sys/types.h>

// Processes a test starts and waits for itself, with raw fork/exec - for tests that need what
// QProcess cannot give: a session of its own, a cleared environment, a cgroup joined before exec,
// an exact stdin. Waits are on pidfds, never sleeps.
namespace ChildProcesses {

struct Options
{
    QByteArrayList environment;    // NAME=VALUE entries added to ours
    bool clearEnvironment = false; // only `environment`, not ours
    bool newSession = true;        // setsid() before exec
    bool newGroup = false;         // setpgid(0, 0) before exec (when not a new session)
    int cgroupProcsFd = -1;        // a cgroup.procs to write "0" to before exec
    int stdinFd = -1;              // dup2'ed onto stdin
};

// Starts argv[0] with argv as a child of ours. Everything is prepared before fork(): the child
// only makes system calls. Returns the pid, or -1.
pid_t spawn(const QByteArrayList &argv, const Options &options = Options());
// /bin/bash -c script.
pid_t spawnShell(const QByteArray &script, const Options &options = Options());

// The start time of pid (clock ticks since boot), 0 when it is gone.
quint64 startTimeOf(pid_t pid);

// Opens a pidfd on each pid still alive.
QVector<int> pidfdsOf(const QVector<pid_t> &pids);
// Waits until each of pidfds says its process has exited, or timeoutMs; closes them. The
// milliseconds from the call to the last exit, or -1 at the timeout.
qint64 waitForExits(const QVector<int> &pidfds, int timeoutMs);

// Waits for our child pid to end (up to timeoutMs) and reaps it: its wait status, or -1.
int waitForChild(pid_t pid, int timeoutMs);
// SIGKILL to each still-running child of ours among pids, and reaps them all.
void killAndReap(const QVector<pid_t> &pids);

} // namespace ChildProcesses
