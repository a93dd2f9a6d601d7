#include "tasklauncher.h"

#include "runmanager.h"

TaskLauncher::TaskLauncher(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
{}

TaskLauncher::Launch TaskLauncher::launch(const RunRequest &request)
{
    Launch launch;
    launch.runId = m_runs->start(request);
    return launch;
}
