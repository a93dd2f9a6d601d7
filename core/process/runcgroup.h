#pragma once

#include "cgroupkiller.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVector>

#include <optional>
#include <sys/types.h>

class RunnerCgroup;

// What a run's cgroup has used. A figure whose controller is not enabled for the run leaves is
// nothing - unavailable - never 0.
struct CgroupUsage
{
    // cpu.stat exists in every cgroup, with or without the cpu controller.
    std::optional<quint64> cpuUsageUsec;
    std::optional<quint64> cpuUserUsec;
    std::optional<quint64> cpuSystemUsec;
    // The memory controller: now, and the most since the cgroup was made (Linux 5.19).
    std::optional<quint64> memoryCurrentBytes;
    std::optional<quint64> memoryPeakBytes;
    // The pids controller: processes and threads now, and the most (Linux 6.1).
    std::optional<quint64> pidsCurrent;
    std::optional<quint64> pidsPeak;
};

// One run's leaf cgroup, <instance>/run-<n>, made by RunnerCgroup::createRun(). Whatever a
// process that joined it starts is in it too - setsid, double forks, a cleared environment and
// all - until it is killed: the kernel keeps the list, nobody scans for it.
//
// A child joins before exec, with one raw write (QProcess's child modifier may only make system
// calls):  write(procsFd(), "0", 1);  then everything it execs and forks is a member.
class RunCgroup : public QObject
{
    Q_OBJECT
public:
    // Kills what is still in the leaf and has the runner remove the leaf once it is empty.
    ~RunCgroup() override;

    QString name() const { return m_name; }           // "run-3"
    QString directory() const { return m_directory; } // in the cgroup2 mount
    QString path() const { return m_path; } // in the hierarchy, as /proc/PID/cgroup has it

    // The leaf's cgroup.procs, opened O_WRONLY | O_CLOEXEC when the leaf was made; a child writes
    // "0" to it before exec to join. -1 once closed: close it once the child has started.
    int procsFd() const { return m_procsFd; }
    void closeProcsFd();

    QVector<pid_t> members() const; // cgroup.procs now
    bool isPopulated() const;       // cgroup.events now: a live process is in it
    bool isFrozen() const;          // cgroup.events now: the freeze has taken effect

    // SIGKILL to every member. See CgroupKiller::killTree for what each method guarantees;
    // emptied() tells when they are all gone.
    bool kill(QString *error, CgroupKillMethod method = CgroupKillMethod::Auto);
    // cgroup.freeze: the members stop where they are (a frozen process still dies from SIGKILL);
    // frozenChanged(true) once every one has. thaw() lets them go on.
    bool freeze(QString *error);
    bool thaw(QString *error);

    CgroupUsage usage() const;
    // memory.events: processes the OOM killer killed because the leaf reached memory.max
    // (CgroupFiles::memoryLimitKills); nothing without the memory controller.
    std::optional<quint64> memoryLimitKills() const;

    // Limits, each needing its controller enabled for the run leaves; where it is not, false
    // and an error saying why (which controllers the hierarchy offers, whether it is in v1).
    // Nothing means no limit ("max").
    bool setMemoryMax(std::optional<quint64> bytes, QString *error);
    bool setPidsMax(std::optional<quint64> count, QString *error);
    // quotaUsec of CPU time per periodUsec: 50000 of 100000 is half a core.
    bool setCpuMax(std::optional<quint64> quotaUsec, quint64 periodUsec, QString *error);

    // Leaves what is still in the leaf running when this object goes (leftovers the run was
    // asked to leave alone): the leaf is then removed once they have ended, or with the runner.
    void keepMembersWhenDeleted() { m_keepMembers = true; }

    // rmdir: only an empty leaf can go. Closes procsFd() first.
    bool remove(QString *error);
    bool isRemoved() const { return m_removed; }

Q_SIGNALS:
    // From cgroup.events, watched through inotify (CgroupEventsWatcher), never polled.
    void populatedChanged(bool populated);
    // populated 1 -> 0: every process that joined, and all they started, are gone. Once per leaf
    // (a run's leaf is joined once). Also when the file says a change came and went unseen - a
    // member that joined and ended between two reads - unless freeze() or thaw() was called
    // since the last notification, which could be that change instead.
    void emptied();
    void frozenChanged(bool frozen);

private:
    friend class RunnerCgroup;
    RunCgroup(RunnerCgroup *runner, const QString &name);
    bool open(QString *error); // makes the leaf, opens cgroup.procs, starts watching
    void onEventsModified();
    void emitEmptied();
    bool writeLimit(const QString &controller, const QString &file, const QByteArray &value,
                    QString *error);

    QPointer<RunnerCgroup> m_runner;
    QString m_name;
    QString m_directory;
    QString m_path;
    int m_procsFd = -1;
    int m_watch = 0;
    bool m_populated = false;
    bool m_frozen = false;
    bool m_removed = false;
    bool m_keepMembers = false;
    bool m_emptied = false;
    bool m_freezeWritten = false; // since the last notification
};
