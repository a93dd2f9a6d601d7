#include "proccontainment.h"

#include "processsupervisor.h"

ProcContainment::ProcContainment(TaskRun *run, const QByteArray &marker)
    : m_run(run)
{
    auto *supervisor = ProcessSupervisor::instance();
    supervisor->addRun(run, marker);
    m_registered = true;
    connect(supervisor, &ProcessSupervisor::scanned, this, [this] {
        // The figures are sampled at the supervisor's scans (every second, more often while
        // stopping): no /proc reads of our own.
        m_usage.sample(ProcessSupervisor::instance()->lastMembers(m_run));
        Q_EMIT changed();
    });
    m_earlySamples.setSingleShot(true);
    connect(&m_earlySamples, &QTimer::timeout, this, [this] {
        if (!m_registered)
            return;
        m_usage.sample(ProcessSupervisor::instance()->scanFor(m_run));
        const int next = ProcessUsageTracker::nextSampleMs(m_earlySamples.interval());
        // At 100, 300 and 700 ms; then the supervisor's scans, a second apart.
        if (next < ProcessSupervisor::RoutineIntervalMs / 2)
            m_earlySamples.start(next);
    });
}

ProcContainment::~ProcContainment()
{
    release();
}

void ProcContainment::leaderSpawned(pid_t leader)
{
    ProcessSupervisor::instance()->setLeader(m_run, leader);
    m_earlySamples.start(ProcessUsageTracker::FirstSampleMs);
}

void ProcContainment::leaderReaped()
{
    ProcessSupervisor::instance()->leaderReaped(m_run);
}

void ProcContainment::release(bool)
{
    if (!m_registered)
        return;
    m_registered = false;
    m_earlySamples.stop();
    auto *supervisor = ProcessSupervisor::instance();
    disconnect(supervisor, nullptr, this, nullptr);
    supervisor->removeRun(m_run);
}

QVector<ProcessInfo> ProcContainment::membersNow()
{
    const QVector<ProcessInfo> members = ProcessSupervisor::instance()->scanFor(m_run);
    m_usage.sample(members);
    return members;
}

QVector<ProcessInfo> ProcContainment::lastMembers()
{
    return ProcessSupervisor::instance()->lastMembers(m_run);
}

bool ProcContainment::lastMembersAreFresh() const
{
    return ProcessSupervisor::instance()->scannedThisTurn();
}

bool ProcContainment::hasPendingUnknown() const
{
    return ProcessSupervisor::instance()->hasPendingUnknownOrphans();
}

void ProcContainment::setUrgent(bool urgent)
{
    ProcessSupervisor::instance()->setUrgent(m_run, urgent);
}

int ProcContainment::adoptPipeHolders(const QSet<QByteArray> &links)
{
    return ProcessSupervisor::instance()->adoptPipeHolders(m_run, links);
}

ResourceUsage ProcContainment::usage()
{
    if (m_registered)
        m_usage.sample(ProcessSupervisor::instance()->lastMembers(m_run));
    return m_usage.usage();
}
