#include "tasklauncher.h"

#include "runmanager.h"
#include "runpreparation.h"

TaskLauncher::TaskLauncher(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
{}

TaskLauncher::Launch TaskLauncher::launch(const RunRequest &request)
{
    Launch launch;
    // A saved task's parameters, placeholders and .env file; a quick run (no id) runs as typed.
    RunRequest prepared = request;
    if (!request.prepared && !request.task.id.isEmpty()) {
        const RunPreparation::Result ready
            = RunPreparation::prepare(request.task, request.inputValues);
        if (!ready.ok()) {
            launch.refusal = ready.refusal;
            Q_EMIT refused(request.task.name, launch.refusal);
            return launch;
        }
        prepared.task.spec = ready.spec;
        prepared.prepared = true;
    }
    launch.runId = m_runs->start(prepared);
    return launch;
}
