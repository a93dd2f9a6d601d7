#pragma once

#include <QByteArray>
#include <QHash>
#include <QVector>

#include <optional>
#include <sys/types.h>

// One process as /proc/PID/stat shows it. (pid, startTime) names a process for good: a PID
// number can be reused, but not with the same start time.
struct ProcessInfo
{
    pid_t pid = 0;
    pid_t ppid = 0;
    pid_t pgid = 0;
    pid_t sid = 0;
    quint64 startTime = 0; // clock ticks since boot
    char state = '?';      // R, S, D, T, t, Z, X, ...
    // CPU time in clock ticks, its own and that of its children it has reaped; resident pages.
    quint64 userTicks = 0;
    quint64 systemTicks = 0;
    quint64 residentPages = 0;
    // Its own CPU time alone (utime, stime: without its reaped children's), for a rate per
    // process; and its thread count.
    quint64 ownUserTicks = 0;
    quint64 ownSystemTicks = 0;
    int threads = 0;

    bool isZombie() const { return state == 'Z' || state == 'X'; }
};

// What a process runs, as its stat says: comm (15 bytes at most, raw), and where its argument
// strings lie in its memory - new at each exec, even of the same program (a forked shell that
// execs bash keeps its comm). The addresses are 0 where we may not see them (another user's).
struct ProcessImage
{
    QByteArray comm;
    quint64 argStart = 0;
    quint64 argEnd = 0;

    bool operator==(const ProcessImage &other) const
    {
        return comm == other.comm && argStart == other.argStart && argEnd == other.argEnd;
    }
    bool operator!=(const ProcessImage &other) const { return !(*this == other); }
};

// A snapshot of the processes below one ancestor, read from /proc. No QObject, no state
// beyond the snapshot: easy to test, cheap to throw away.
class ProcessTable
{
public:
    // Reads every process's stat and keeps those whose parent chain leads to root.
    static ProcessTable descendantsOf(pid_t root);

    // image, when given: what it runs (from the same read of its stat).
    static std::optional<ProcessInfo> readProcess(pid_t pid, ProcessImage *image = nullptr);
    // The process's environment, NUL-separated; empty for a zombie, a process of another user
    // or one that is gone.
    static QByteArray readEnvironment(pid_t pid);
    // Reads at most size bytes of a /proc file (no terminator added); -1 when it cannot be
    // opened (the process is gone).
    static ssize_t readFile(const char *path, char *buf, size_t size);
    // A /proc (or cgroup) file of any size, up to a little more than cap bytes when cap >= 0;
    // nothing when it cannot be opened or read.
    static std::optional<QByteArray> readWholeFile(const char *path, qsizetype cap = -1);
    // True when environment (as readEnvironment returns it) holds the exact entry NAME=VALUE.
    static bool environmentHas(const QByteArray &environment, const QByteArray &entry);

    const QVector<ProcessInfo> &processes() const { return m_processes; }
    const ProcessInfo *find(pid_t pid) const;

private:
    QVector<ProcessInfo> m_processes; // parents before their children
    QHash<pid_t, int> m_indexByPid;
};
