#include "rungroups.h"

#include "dependencyoutcome.h"
#include "managedrun.h"
#include "rungate.h"
#include "runmanager.h"

#include <QPointer>
#include <QUuid>

namespace {

// The manager owns its gates; this one asks the groups, which may be gone first at shutdown.
class GroupGate : public RunGate
{
public:
    explicit GroupGate(RunGroups *groups)
        : m_groups(groups)
    {}
    QString holds(const ManagedRun &run, const RunManager &) const override
    {
        return m_groups ? m_groups->holds(run) : QString();
    }

private:
    QPointer<RunGroups> m_groups;
};

} // namespace

RunGroups::RunGroups(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
{
    m_runs->addGate(std::make_unique<GroupGate>(this));
    connect(m_runs, &RunManager::runFinished, this, &RunGroups::onRunFinished);
}

quint64 RunGroups::launch(const DependencyGraph::Plan &plan, const RunRequest &request,
                          const QList<Task> &tasks)
{
    Q_ASSERT(plan.ok() && !plan.steps.isEmpty());
    const QString groupId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_groups.insert(groupId, Group());
    QHash<QString, quint64> idOf;
    for (int i = 0; i < plan.steps.size(); ++i) {
        const DependencyGraph::Step &step = plan.steps.at(i);
        const bool own = i == plan.steps.size() - 1;
        RunRequest each = request;
        if (!own) {
            each = RunRequest();
            for (const Task &task : tasks) {
                if (task.name == step.name)
                    each.task = task; // the last of a name: the caller's stands for the saved
            }
            each.trigger = RunTriggers::dependency();
            // Its input as the task's is given (a window's pane has a line to type into).
            each.task.spec.stdinMode = request.task.spec.stdinMode;
        }
        each.groupId = groupId;
        each.groupFor = request.task.name;
        // Held by the gate while the group is forming, so nothing starts before it is whole.
        const quint64 id = m_runs->start(each);
        Member member;
        member.runId = id;
        member.name = step.name;
        for (const QString &name : step.after)
            member.after.append(idOf.value(name));
        idOf.insert(step.name, id);
        m_groups[groupId].members.append(member);
    }
    Group &group = m_groups[groupId];
    group.mainRun = group.members.last().runId;
    group.forming = false;
    const quint64 mainRun = group.mainRun;
    m_runs->reconsiderQueue();
    return mainRun;
}

const RunGroups::Member *RunGroups::member(const Group &group, quint64 runId) const
{
    for (const Member &each : group.members) {
        if (each.runId == runId)
            return &each;
    }
    return nullptr;
}

QString RunGroups::holds(const ManagedRun &run) const
{
    const auto found = m_groups.constFind(run.request().groupId);
    if (found == m_groups.cend())
        return QString();
    const Group &group = *found;
    if (group.forming)
        return tr("Waiting for its dependencies' runs to be made");
    const Member *self = member(group, run.id());
    if (!self)
        return QString();
    QStringList waiting;
    for (quint64 id : self->after) {
        const Member *before = member(group, id);
        if (before && !before->succeeded)
            waiting.append(QLatin1Char('\'') + before->name + QLatin1Char('\''));
    }
    return waiting.isEmpty() ? QString() : tr("Waiting for %1").arg(waiting.join(tr(", ")));
}

void RunGroups::onRunFinished(ManagedRun *run)
{
    const QString groupId = run->request().groupId;
    const auto found = m_groups.find(groupId);
    if (found == m_groups.end())
        return;
    Member *self = nullptr;
    for (Member &each : found->members) {
        if (each.runId == run->id())
            self = &each;
    }
    if (!self)
        return;
    self->finished = true;
    self->succeeded = DependencyOutcome::succeeded(run->result());
    const bool isMain = run->id() == found->mainRun;
    if (!found->ending && isMain && run->result().outcome == RunOutcome::Cancelled)
        cancel(groupId, tr("'%1' was cancelled").arg(self->name));
    else if (!found->ending && !isMain && !self->succeeded)
        fail(groupId, DependencyOutcome::failure(self->name, run->result()));
    forgetWhenDone(groupId);
}

void RunGroups::fail(const QString &groupId, const QString &reason)
{
    m_groups[groupId].ending = true;
    // Copied: finishing a run tells its end, which comes back here.
    const QList<Member> members = m_groups.value(groupId).members;
    for (const Member &each : members)
        m_runs->finishUnstarted(each.runId, RunOutcome::Skipped, reason);
}

void RunGroups::cancel(const QString &groupId, const QString &reason)
{
    m_groups[groupId].ending = true;
    const QList<Member> members = m_groups.value(groupId).members;
    for (const Member &each : members) {
        if (!m_runs->finishUnstarted(each.runId, RunOutcome::Cancelled, reason))
            m_runs->stop(each.runId); // running: run for this group alone, so no longer needed
    }
}

void RunGroups::forgetWhenDone(const QString &groupId)
{
    const auto found = m_groups.constFind(groupId);
    if (found == m_groups.cend())
        return;
    for (const Member &each : found->members) {
        if (!each.finished)
            return;
    }
    m_groups.remove(groupId);
}
