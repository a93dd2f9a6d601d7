#pragma once

#include "dependencygraph.h"
#include "runrequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class ManagedRun;
class RunManager;

// The groups of runs a task with dependencies is launched as: the dependencies' runs and the
// task's own, all made at once (so every view shows the whole group from the start) and held
// Queued by a gate of this class until what each waits for has succeeded.
//
// When a run of a group fails (any end but exit code 0: another code, a crash, a timeout, a
// stop, a kill, a failed start, a skip, a cancel), every run of the group that has not started
// is skipped with the reason ("'build' exited with code 2"): the task they were run for will not
// run, so neither does anything else for it. Runs of the group already running go on to their
// end (as make does without -k): their output is worth having, and they were asked for.
//
// Stopping the group's own task while it waits cancels the group: its runs that have not
// started are cancelled, and those running are stopped - each group has runs of its own, so
// nothing else needs them.
class RunGroups : public QObject
{
    Q_OBJECT
public:
    // runs: where the runs are made; a gate is added to it. Not owned, outlives this.
    explicit RunGroups(RunManager *runs, QObject *parent = nullptr);

    // Makes the runs of plan (DependencyGraph::planFor(request's task)): each dependency's from
    // tasks by name (trigger RunTriggers::dependency()), the last from request. Returns the id
    // of the task's own run.
    quint64 launch(const DependencyGraph::Plan &plan, const RunRequest &request,
                   const QList<Task> &tasks);

    // Why run must wait for its group now, empty when it need not (or has no group).
    QString holds(const ManagedRun &run) const;
    // Groups still under way (a group is forgotten once all its runs have ended).
    int activeCount() const { return int(m_groups.size()); }

private:
    struct Member
    {
        quint64 runId = 0;
        QString name;
        QList<quint64> after; // runs of the group it waits for
        bool finished = false;
        bool succeeded = false;
    };
    struct Group
    {
        QList<Member> members; // in plan order: the task's own last
        quint64 mainRun = 0;
        bool forming = true; // its runs are being made: all held until the last is in
        bool ending = false; // a run failed or the group was cancelled: the rest is settled
    };

    void onRunFinished(ManagedRun *run);
    void fail(const QString &groupId, const QString &reason);
    void cancel(const QString &groupId, const QString &reason);
    void forgetWhenDone(const QString &groupId);
    const Member *member(const Group &group, quint64 runId) const;

    RunManager *m_runs;
    QHash<QString, Group> m_groups;
};
