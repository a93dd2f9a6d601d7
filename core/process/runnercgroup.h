#pragma once

#include "cgroupkiller.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <sys/types.h>

class CgroupEventsWatcher;
struct CgroupHierarchy;
class RunCgroup;

// This runner process's cgroup subtree: an instance cgroup of its own, and in it a leaf per run.
//
// The layout made by create() (the default):
//
//   <C>/                                 our cgroup, where the runner stays; not one of its
//                                        files is written, we only make the instance in it
//     taskrunner-<pid>-<start>-<random>/ the instance: made by us, never holds a process itself
//       run-1/  run-2/  ...              a leaf per run: that run's processes, and only them
//
// Why the runner stays in C rather than moving into <instance>/runner:
//  - The instance never holds a process, so the no-internal-process rule never stands in the way
//    of enabling controllers for the run leaves - whether C is the root cgroup (exempt anyway,
//    as on a hybrid host where we run in "0::/") or a cgroup full of processes.
//  - One cgroup.kill of the instance kills every run and nothing else: what "stop everything"
//    needs while the runner lives, and what a guardian needs once it has died. With the runner
//    inside, that write would kill the runner too, and the instance's "populated" would stay 1
//    for the runner's sake instead of saying "nothing of any run is left" (emptied() below).
//  - Nothing outside the instance is ever written. A runner that moved out of C would have to
//    move back - writing C's cgroup.procs - before the instance could be removed, and C need not
//    be ours: here it is the root cgroup.
//  What it costs: the runner's own CPU and memory count in C, not in the instance, and a guardian
//  learns that the runner died from a pidfd, not from the instance.
//
// The layout made by adopt(), for a cgroup handed to us whole with us in it (a systemd scope
// with Delegate=yes started for this runner):
//
//   <scope>/              the instance
//     runner/             we move here first: while the scope holds a process, the kernel refuses
//                         to enable controllers for its children (no internal processes)
//     run-1/  run-2/ ...
//
//  There a cgroup.kill of the instance would include us: killAll() kills the run leaves one by
//  one, and a guardian kills the scope only once the runner is dead. The scope and runner/ stay
//  when this object ends - we are still inside; the scope's owner removes them after we exit.
//
// Instances of runner processes that died (a SIGKILL, a crash) stay behind with whatever their
// runs left running; the name records the runner's pid and start time, so findLeftovers() tells
// a dead runner's instance from a live one's even after the pid was reused.
class RunnerCgroup : public QObject
{
    Q_OBJECT
public:
    enum class Layout { RunnerOutside, RunnerInside };

    // The instance under hierarchy.ownDirectory, which must be usable().
    static std::unique_ptr<RunnerCgroup> create(const CgroupHierarchy &hierarchy, QString *error);
    // The same under any cgroup of ours (the tests use one they made). parentPath is its path as
    // /proc/PID/cgroup shows it; v1Controllers only improves the messages ("memory is in v1").
    static std::unique_ptr<RunnerCgroup> createUnder(const QString &parentDirectory,
                                                     const QString &parentPath, QString *error,
                                                     const QStringList &v1Controllers = {});
    // Takes the cgroup at directory, which holds this process, as the instance (layout above).
    // Do it before starting any child: a process of ours left in the instance keeps controllers
    // from being enabled. Refuses the root cgroup.
    static std::unique_ptr<RunnerCgroup> adopt(const QString &directory, const QString &path,
                                               QString *error,
                                               const QStringList &v1Controllers = {});

    // Kills whatever is left in the runs, waits for it to be gone for at most a second (on
    // inotify, not by sleeping), then removes the run leaves and - made by create() - the
    // instance. What cannot be removed stays, and a later start finds it as a leftover (an
    // instance made by create(); an adopted one is its owner's to clean).
    ~RunnerCgroup() override;

    Layout layout() const { return m_layout; }
    QString directory() const { return m_directory; }
    QString path() const { return m_path; }
    // Of cpu, memory and pids, those enabled for the run leaves.
    QStringList controllers() const { return m_controllers; }
    // Why controller is not enabled for the run leaves, in words; empty when it is.
    QString whyUnavailable(const QString &controller) const;
    bool hasKillFile() const { return m_hasKillFile; }
    bool hasFreezeFile() const { return m_hasFreezeFile; }

    // A new leaf, run-<n>, owned by this object (delete it, or let it go with this object).
    RunCgroup *createRun(QString *error);
    QList<RunCgroup *> runs() const;

    // Every process of every run, killed; the runner itself never.
    bool killAll(QString *error, CgroupKillMethod method = CgroupKillMethod::Auto);
    // A live process in any run.
    bool isPopulated() const;

    // "taskrunner-<pid>-<start>-<random>", start in clock ticks since boot (/proc/PID/stat).
    static QString instanceName(pid_t pid, quint64 startTime, quint32 random);
    static bool parseInstanceName(const QString &name, pid_t *pid, quint64 *startTime);

    // An instance under parentDirectory whose runner is gone: no process has its pid, or the
    // one that has it started at another time.
    struct Leftover
    {
        QString directory;
        QString path;
        pid_t pid = 0;
        quint64 startTime = 0;
        bool pidReused = false;
        QVector<pid_t> processes; // still alive in it
    };
    static QVector<Leftover> findLeftovers(const QString &parentDirectory,
                                           const QString &parentPath);
    // Kills what is left in it, waits up to a second for it to go, removes its cgroups.
    static bool removeLeftover(const Leftover &leftover, QString *error);

Q_SIGNALS:
    // RunnerOutside: the instance's populated 1 -> 0, nothing of any run is left alive.
    void emptied();

private:
    friend class RunCgroup;
    RunnerCgroup(Layout layout, const QString &directory, const QString &path);
    bool setUp(const QStringList &v1Controllers, QString *error);
    // A destroyed run's leaf, still holding dying processes: removed once empty.
    void removeWhenEmpty(const QString &directory);
    void onInstanceEventsModified();
    QStringList runLeafDirectories() const;
    bool waitUntilEmpty(const QStringList &directories, int timeoutMs);

    Layout m_layout;
    QString m_directory;
    QString m_path;
    CgroupEventsWatcher *m_watcher = nullptr; // child
    int m_instanceWatch = 0;
    bool m_instancePopulated = false;
    QStringList m_controllers;
    QHash<QString, QString> m_unavailable; // controller -> why
    bool m_hasKillFile = false;
    bool m_hasFreezeFile = false;
    int m_nextRun = 1;
    bool m_destroying = false;
    QHash<QString, int> m_pendingLeaves; // directory -> watch handle
};
