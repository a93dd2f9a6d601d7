#include "tasklauncher.h"

#include "dependencygraph.h"
#include "exclusivegroupgate.h"
#include "rungroups.h"
#include "runlimitgate.h"
#include "runmanager.h"
#include "runpreparation.h"
#include "runsbeforegate.h"
#include "tasklibrary.h"

#include <QSet>

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
    const auto refuse = [this, &launch, &request](const QString &reason) {
        launch.refusal = reason;
        Q_EMIT refused(request.task.name, reason);
        return launch;
    };
    // A saved task's parameters, placeholders and .env file; a quick run (no id) runs as typed.
    // First: a launch that cannot run must not act (its policy) nor plan.
    RunRequest prepared = request;
    if (!request.prepared && !request.task.id.isEmpty()) {
        const RunPreparation::Result ready
            = RunPreparation::prepare(request.task, request.inputValues);
        if (!ready.ok()) {
            return refuse(ready.refusal);
        }
        prepared.task.spec = ready.spec;
        prepared.prepared = true;
    }
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
            return refuse(plan.refusal);
        }
        // Its dependencies take their parameters' defaults, as a trigger's run does; one that
        // cannot be prepared (no default, a bad .env) refuses the whole group before any starts.
        QSet<QString> inPlan;
        for (const DependencyGraph::Step &step : plan.steps)
            inPlan.insert(step.name);
        for (int i = 0; i < tasks.size() - 1; ++i) {
            Task &dependency = tasks[i];
            if (dependency.id.isEmpty() || !inPlan.contains(dependency.name))
                continue;
            const RunPreparation::Result ready = RunPreparation::prepare(dependency, {});
            if (!ready.ok()) {
                return refuse(tr("Dependency '%1': %2").arg(dependency.name, ready.refusal));
            }
            dependency.spec = ready.spec;
        }
        tasks.last() = prepared.task;
    }
    // A group's dependencies run for it alone: only the task asked for has a policy to apply.
    InstanceAdmission::Decision admitted;
    if (request.groupId.isEmpty())
        admitted = m_instances.decide(prepared);
    else
        admitted.request = prepared;
    if (!admitted.refusal.isEmpty()) {
        if (admitted.recordSkip) { // the history shows that the trigger fired
            RunRequest skipped = admitted.request;
            skipped.recordOnly = true;
            m_runs->finishUnstarted(m_runs->start(skipped), RunOutcome::Skipped, admitted.skipNote);
        }
        return refuse(admitted.refusal);
    }
    launch.runId = asGroup ? m_groups->launch(plan, admitted.request, tasks)
                           : m_runs->start(admitted.request);
    return launch;
}
