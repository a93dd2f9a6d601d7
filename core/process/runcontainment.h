#pragma once

#include "processtable.h"
#include "resourceusage.h"
#include "runlimits.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QVector>

// How one run's processes are held together, told apart from everyone else's, signalled and
// accounted for. TaskRun talks only to this; ContainmentBackend makes the one in use:
//  - CgroupContainment: the run has a cgroup v2 leaf of its own, joined by the child before
//    exec; the kernel keeps the member list (nothing escapes it), cgroup.kill ends it,
//    cgroup.events says when it is empty, cgroup.freeze pauses it.
//  - ProcContainment: the /proc supervisor (ProcessSupervisor), which attributes processes by
//    session, group, ancestry and an environment marker, scanning /proc.
class RunContainment : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Cgroup, ProcScan };

    using QObject::QObject;
    ~RunContainment() override = default;

    virtual Kind kind() const = 0;
    // A descriptor the child writes "0" to, before exec, to join (raw write, no allocation);
    // -1 when this containment needs nothing of the child.
    virtual int joinFd() const { return -1; }
    // The child has been spawned (exec done or failed): its pid, which is its session and
    // group id.
    virtual void leaderSpawned(pid_t leader) = 0;
    // Our QProcess reaped the main process.
    virtual void leaderReaped() = 0;
    // The run is over: nothing more is asked of it. leaveMembers: processes still there were
    // left running on request (TaskSpec::leaveLeftovers) and must not be killed for it.
    virtual void release(bool leaveMembers = false) = 0;

    // The run's processes as they are now (zombies may be included).
    virtual QVector<ProcessInfo> membersNow() = 0;
    // As last seen, when that is as good as now (see ProcessSupervisor::scannedThisTurn); else
    // membersNow().
    virtual QVector<ProcessInfo> lastMembers() = 0;
    virtual bool lastMembersAreFresh() const = 0;
    // A file listing the members' pids, one a line, that any thread may read at any time (a
    // cgroup's cgroup.procs); empty where the containment keeps no such list.
    virtual QString memberListPath() const { return {}; }
    // Processes were seen that may be ours but are not attributed yet: wait a little before
    // saying the run is empty.
    virtual bool hasPendingUnknown() const { return false; }
    // Stopping: look more often.
    virtual void setUrgent(bool) {}
    // Processes below us nobody owns that hold one of links (an output pipe of the run): made
    // the run's. Returns how many. (With a cgroup every process of the run is a member
    // already; one outside it is a stranger.)
    virtual int adoptPipeHolders(const QSet<QByteArray> &) { return 0; }

    // SIGKILL to every member at once, including what forks meanwhile, where the containment
    // can (cgroup.kill); false where it cannot, and the caller signals each member.
    virtual bool killAll() { return false; }
    // Pauses or resumes every member where the containment can (cgroup.freeze); false where it
    // cannot, and the caller sends SIGSTOP / SIGCONT to each member.
    virtual bool setFrozen(bool) { return false; }
    virtual ResourceUsage usage() = 0;

    // Applies limits to the run before its spawn; false, with *error naming the first limit that
    // could not be applied and why, where the containment cannot (only a cgroup can). Asked
    // after ContainmentBackend::canApplyLimits(): a run held by the /proc supervisor here is one
    // whose own cgroup could not be made (ContainmentBackend::createFor()).
    virtual bool applyLimits(const RunLimits &limits, QString *error)
    {
        if (limits.isEmpty())
            return true;
        if (error)
            *error = QStringLiteral("cannot limit %1: this run's cgroup could not be made (see "
                                    "the log), and the /proc supervisor that holds it instead "
                                    "cannot enforce limits")
                         .arg(limits.each().constFirst().words);
        return false;
    }
    // Processes killed by the OOM killer because the run reached its memory limit, as read when
    // the run was released (RunResult::memoryLimitKills); 0 where that cannot be known.
    virtual int memoryLimitKills() const { return 0; }

Q_SIGNALS:
    // Something about the members may have changed (a scan, cgroup.events): look again.
    void changed();
};
