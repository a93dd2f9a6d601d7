#include "tasklauncher.h"

#include "exclusivegroupgate.h"
#include "runlimitgate.h"
#include "runmanager.h"
#include "runsbeforegate.h"

TaskLauncher::TaskLauncher(RunManager *runs, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
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
    const InstanceAdmission::Decision admitted = m_instances.decide(request);
    if (!admitted.refusal.isEmpty()) {
        launch.refusal = admitted.refusal;
        if (admitted.recordSkip) // the history shows that the trigger fired
            m_runs->finishUnstarted(m_runs->start(admitted.request), RunOutcome::Skipped,
                                    admitted.skipNote);
        Q_EMIT refused(request.task.name, launch.refusal);
        return launch;
    }
    launch.runId = m_runs->start(admitted.request);
    return launch;
}
