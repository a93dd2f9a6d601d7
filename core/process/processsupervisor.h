#pragma once

#include "processtable.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QVector>

class TaskRun;

// Knows which live process belongs to which run, for every run in this program.
//
// Why one per program: PR_SET_CHILD_SUBREAPER is a property of the whole process. With it,
// whatever a task leaves behind (a double-forked daemon, a `setsid` child whose parent died) is
// re-parented to us instead of init, so every process a task ever started stays in our subtree,
// where a /proc walk finds it and nothing outside it is ever a candidate for a signal.
//
// A process is attributed to a run when it is the run's main process, was seen as the run's
// before (same pid and start time), is in the run's session or process group, descends from a
// process of the run, or carries the run's marker in its environment (set by TaskRun for every
// task). The marker survives setsid() and double forks; only a process that both clears its
// environment and is orphaned before any scan sees it can go unattributed.
//
// It also reaps adopted orphans - by PID, never with waitpid(-1), which would steal the
// QProcess children that Qt reaps itself.
class ProcessSupervisor : public QObject
{
    Q_OBJECT
public:
    static ProcessSupervisor *instance();
    ~ProcessSupervisor() override;

    void addRun(TaskRun *run, const QByteArray &markerEntry);
    void setLeader(TaskRun *run, pid_t leaderPid);
    void leaderReaped(TaskRun *run);
    void removeRun(TaskRun *run);
    // A stopping run wants a scan every few milliseconds (the kill loop); others every second.
    void setUrgent(TaskRun *run, bool urgent);

    // Scans now and returns the processes currently attributed to run (zombies included).
    QVector<ProcessInfo> scanFor(TaskRun *run);
    // A scan was made in this turn of the event loop, after every run's main process was
    // known: lastMembers() is that recent.
    bool scannedThisTurn() const { return m_scanIsFresh; }
    QVector<ProcessInfo> lastMembers(TaskRun *run) const;
    // The last scan saw an orphan it could not attribute yet (briefly: see scan()); a run
    // about to finish waits for the next scan rather than leave it behind.
    bool hasPendingUnknownOrphans() const { return m_pendingUnknown; }

    // Scans now: attributes, records, reaps.
    void scan();

    // Makes run the owner of every live process below us that no run owns and that holds one
    // of links (see PipeHolders): the escapees nothing else recognises, found by the output
    // pipe they keep open. Returns how many were adopted; scans first.
    int adoptPipeHolders(TaskRun *run, const QSet<QByteArray> &links);

    static constexpr int UrgentIntervalMs = 10;
    static constexpr int RoutineIntervalMs = 1000;
    static constexpr int LingerIntervalMs = 100;
    static constexpr int LingerMs = 3000;
    static constexpr int UnknownOrphanWaitMs = 1000;

Q_SIGNALS:
    void scanned(); // after each timed scan, so runs can check on their processes

private:
    explicit ProcessSupervisor(QObject *parent);
    void updateTimer();
    void reapAdoptedZombies(const ProcessTable &table, const QHash<pid_t, TaskRun *> &owner);

    struct Tracked
    {
        QByteArray marker; // NAME=VALUE in the task's environment
        pid_t leader = 0;  // the main process's pid while QProcess has not reaped it
        pid_t session = 0; // the main process's pid: its session and group id (setsid)
        bool urgent = false;
        QHash<pid_t, quint64> known; // pid -> start time, everything attributed so far
        QVector<ProcessInfo> members;
    };

    QHash<TaskRun *, Tracked> m_runs;
    QVector<pid_t> m_unowned; // live processes below us no run owns, at the last scan
    QTimer m_timer;
    bool m_subreaper = false;
    bool m_strayChildren = false; // non-leader children of ours seen alive at the last scan
    // After a run ends, its last processes may still be dying and re-parenting to us: keep
    // scanning (and reaping) for a little while.
    QElapsedTimer m_lingerClock;
    QElapsedTimer m_clock;
    QHash<QPair<pid_t, quint64>, qint64> m_unknownSince; // unattributed orphans, first seen
    bool m_pendingUnknown = false;
    bool m_scanIsFresh = false; // a scan was made in this turn of the event loop
    bool m_staleQueued = false;
};
