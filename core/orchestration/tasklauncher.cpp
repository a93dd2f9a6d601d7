#include "tasklauncher.h"

#include "dependencygraph.h"
#include "rungroups.h"
#include "runmanager.h"
#include "tasklibrary.h"

TaskLauncher::TaskLauncher(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_groups(new RunGroups(runs, this))
{}

TaskLauncher::Launch TaskLauncher::launch(const RunRequest &request)
{
    Launch launch;
    if (request.task.dependencies.isEmpty() || !m_library || !request.groupId.isEmpty()) {
        launch.runId = m_runs->start(request);
        return launch;
    }
    // The library as it is now, with the task as it was asked for (it may be edited since).
    QList<Task> tasks = m_library->tasks();
    tasks.append(request.task);
    const DependencyGraph::Plan plan = DependencyGraph(tasks).planFor(request.task.name);
    if (!plan.ok()) {
        launch.refusal = plan.refusal;
        Q_EMIT refused(request.task.name, launch.refusal);
        return launch;
    }
    launch.runId = m_groups->launch(plan, request, tasks);
    return launch;
}
