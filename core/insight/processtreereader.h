#pragma once

#include "processsnapshot.h"

#include <QByteArray>
#include <QHash>
#include <QPair>
#include <QString>
#include <QVector>

// What one sample of a run's process tree starts from, gathered on the GUI thread where the
// run lives (cheap: no /proc reads there) and handed to the thread that reads /proc.
struct ProcessTreeRequest
{
    quint64 runId = 0;
    pid_t leader = 0; // 0: the run has no processes (queued, finished): an empty snapshot
    // With a cgroup: its member list (cgroup.procs), read as it is, nothing added.
    QString memberListPath;
    // Without one: what the /proc supervisor attributed to the run at its last scan (session,
    // group, ancestry, marker, adopted escapees), and their descendants found since.
    QVector<ProcessInfo> knownMembers;
    QString membersFrom; // said in the snapshot
    // Changes when the sampler watches another run: the reader then forgets what it kept.
    quint64 generation = 0;
};

// Reads one sample of a run's process tree from /proc: no QObject, no thread of its own, kept
// between samples only for what a sample needs of the previous one (CPU ticks for rates, the
// command lines already read). ProcessTreeSampler calls it on its worker thread; the benchmark
// and the tests call it directly.
//
// Per member: /proc/PID/stat (state, parents, group, session, threads, own CPU ticks, start
// time, resident pages, comm) always; /proc/PID/cmdline only for a process not seen before or
// that exec'd since (ProcessImage); /proc/PID/task/TID/children to find descendants the /proc
// supervisor has not seen yet, and zombies (a cgroup does not list them). Never a scan of all
// of /proc, never smaps.
class ProcessTreeReader
{
public:
    ProcessTreeReader();

    ProcessTreeSnapshot read(const ProcessTreeRequest &request);

    // A command line as /proc/PID/cmdline gives it (NUL-separated arguments) as one line of
    // text: arguments joined by spaces, bytes that are not UTF-8 and control characters as
    // \xNN; "…" at the end when truncated says that more followed.
    static QString commandLineText(const QByteArray &raw, bool truncated);
    // Bytes of a command line read at most: enough to recognise one; a shell with a 100 KiB
    // script in its argument list costs no more.
    static constexpr int CommandLineCap = 4096;
    // CPU % is computed over at least this long: a sample made out of turn just after another
    // (sampleNow()) would otherwise see a tick or two and show 0 or 200 % for a busy process.
    static constexpr qint64 MinRateWindowMs = 200;
    // Beyond this many threads only the main thread's children are looked for (per-thread
    // children lists): a process with thousands of threads costs one read, and what its other
    // threads started is found at the supervisor's next scan.
    static constexpr int ChildrenThreadsCap = 32;

private:
    using Key = QPair<pid_t, quint64>; // pid, start time: a process for good

    struct Kept
    {
        ProcessImage image; // what the name and command line were read for
        QString name;
        QString commandLine;
        QByteArray arguments;
        QDateTime started;     // the time zone's work done once
        quint64 rateTicks = 0; // own utime + stime at rateAtMs
        qint64 rateAtMs = 0;
        std::optional<double> cpuPercent;
    };

    // Reads stat (and cmdline when needed) into a row; false for a process that is gone or is
    // not the one listed (started after the list was read: its pid was reused).
    bool readRow(pid_t pid, qint64 nowMs, ProcessRow *row, QHash<Key, Kept> *kept);
    void appendChildren(pid_t pid, int threads, QVector<pid_t> *out) const;
    static QVector<pid_t> readPidList(const QString &path, bool *ok);
    static void orderParentsFirst(ProcessTreeSnapshot *snapshot);

    QHash<Key, Kept> m_kept; // from the previous sample
    quint64 m_generation = 0;
    long m_ticksPerSecond = 100;
    qint64 m_pageSize = 4096;
    qint64 m_bootEpochMs = 0;        // the wall-clock time of boot (CLOCK_BOOTTIME's origin)
    quint64 m_listedBeforeTicks = 0; // this sample's start, in the ticks of a process's start time
};
