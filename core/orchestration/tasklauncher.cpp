#include "tasklauncher.h"

#include "dependencygraph.h"
#include "exclusivegroupgate.h"
#include "rungroups.h"
#include "runlimitgate.h"
#include "runmanager.h"
#include "runsbeforegate.h"
#include "tasklibrary.h"

TaskLauncher::TaskLauncher(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_groups(new RunGroups(runs, this))
    , m_instances(runs)
{
    // The most specific reason first: it is the one a queued run shows.
    m_runs->addGate(std::make_unique<RunsBeforeGate>());
    m_runs->addGate(std::make_unique<ExclusiveGroupGate>());
    auto limit = std::make_unique<RunLimitGate>();
    m_limit = limit.get();
    m_runs->addGate(std::move(limit));
}

void TaskLauncher::setMaxConcurrentRuns(int limit)
{
    m_limit->setLimit(limit);
    m_runs->reconsiderQueue(); // a higher limit lets queued runs go now
}

int TaskLauncher::maxConcurrentRuns() const
{
    return m_limit->limit();
}

TaskLauncher::Launch TaskLauncher::launch(const RunRequest &request)
{
    Launch launch;
    // A task with dependencies is planned first: a cycle or a missing task refuses it before
    // its policy acts (a restart must not stop the running one for a launch that cannot be).
    const bool asGroup
        = !request.task.dependencies.isEmpty() && m_library && request.groupId.isEmpty();
    QList<Task> tasks;
    DependencyGraph::Plan plan;
    if (asGroup) {
        // The library as it is now, with the task as it was asked for (it may be edited since).
        tasks = m_library->tasks();
        tasks.append(request.task);
        plan = DependencyGraph(tasks).planFor(request.task.name);
        if (!plan.ok()) {
            launch.refusal = plan.refusal;
            Q_EMIT refused(request.task.name, launch.refusal);
            return launch;
        }
    }
    // A group's dependencies run for it alone: only the task asked for has a policy to apply.
    InstanceAdmission::Decision admitted;
    if (request.groupId.isEmpty())
        admitted = m_instances.decide(request);
    else
        admitted.request = request;
    if (!admitted.refusal.isEmpty()) {
        launch.refusal = admitted.refusal;
        if (admitted.recordSkip) // the history shows that the trigger fired
            m_runs->finishUnstarted(m_runs->start(admitted.request), RunOutcome::Skipped,
                                    admitted.skipNote);
        Q_EMIT refused(request.task.name, launch.refusal);
        return launch;
    }
    launch.runId = asGroup ? m_groups->launch(plan, admitted.request, tasks)
                           : m_runs->start(admitted.request);
    return launch;
}
