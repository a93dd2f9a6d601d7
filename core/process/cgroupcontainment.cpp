#include "cgroupcontainment.h"

#include "runcgroup.h"

#include <QString>

CgroupContainment::CgroupContainment(RunCgroup *leaf)
    : m_leaf(leaf)
{
    leaf->setParent(this);
    connect(leaf, &RunCgroup::populatedChanged, this, &RunContainment::changed);
    connect(leaf, &RunCgroup::emptied, this, &RunContainment::changed);
    m_urgentTicks.setInterval(10);
    connect(&m_urgentTicks, &QTimer::timeout, this, &RunContainment::changed);
    connect(&m_sampleTicks, &QTimer::timeout, this, [this] {
        membersNow(); // samples
        m_sampleTicks.setInterval(ProcessUsageTracker::nextSampleMs(m_sampleTicks.interval()));
    });
}

CgroupContainment::~CgroupContainment() = default; // ~RunCgroup kills what is left, removes it

int CgroupContainment::joinFd() const
{
    return m_leaf ? m_leaf->procsFd() : -1;
}

void CgroupContainment::leaderSpawned(pid_t)
{
    // The child has joined (or failed before exec): nothing else may join through us.
    if (!m_leaf)
        return;
    m_leaf->closeProcsFd();
    const CgroupUsage figures = m_leaf->usage();
    if (!figures.memoryCurrentBytes || !figures.pidsCurrent)
        m_sampleTicks.start(ProcessUsageTracker::FirstSampleMs);
}

QString CgroupContainment::cgroupPath() const
{
    return m_leaf ? m_leaf->path() : QString();
}

QString CgroupContainment::memberListPath() const
{
    if (!m_leaf || m_released)
        return QString();
    return m_leaf->directory() + QStringLiteral("/cgroup.procs");
}

QVector<ProcessInfo> CgroupContainment::membersNow()
{
    QVector<ProcessInfo> members;
    if (!m_leaf || m_released || !m_leaf->isPopulated())
        return members;
    for (pid_t pid : m_leaf->members()) {
        if (const std::optional<ProcessInfo> info = ProcessTable::readProcess(pid))
            members.append(*info);
    }
    m_procUsage.sample(members);
    return members;
}

void CgroupContainment::setUrgent(bool urgent)
{
    if (urgent)
        m_urgentTicks.start();
    else
        m_urgentTicks.stop();
}

bool CgroupContainment::killAll()
{
    QString error;
    return m_leaf && m_leaf->kill(&error, CgroupKillMethod::Auto);
}

bool CgroupContainment::setFrozen(bool frozen)
{
    QString error;
    return m_leaf && (frozen ? m_leaf->freeze(&error) : m_leaf->thaw(&error));
}

ResourceUsage CgroupContainment::usage()
{
    if (m_released || !m_leaf)
        return m_final;
    ResourceUsage usage = m_procUsage.usage();
    const CgroupUsage figures = m_leaf->usage();
    // cpu.stat is exact - every member's time, also of those that ended - where the samples
    // from /proc are not.
    if (figures.cpuUserUsec)
        usage.cpuUserMs = qint64(*figures.cpuUserUsec / 1000);
    if (figures.cpuSystemUsec)
        usage.cpuSystemMs = qint64(*figures.cpuSystemUsec / 1000);
    if (figures.memoryCurrentBytes)
        usage.memoryBytes = qint64(*figures.memoryCurrentBytes);
    if (figures.memoryPeakBytes)
        usage.memoryPeakBytes = qint64(*figures.memoryPeakBytes);
    if (figures.pidsCurrent)
        usage.processes = int(*figures.pidsCurrent);
    if (figures.pidsPeak)
        usage.processesPeak = int(*figures.pidsPeak);
    return usage;
}

bool CgroupContainment::applyLimits(const RunLimits &limits, QString *error)
{
    for (const RunLimits::Limit &limit : limits.each()) {
        QString why;
        bool applied = false;
        if (!m_leaf) {
            why = QStringLiteral("the run's cgroup is gone");
        } else {
            switch (limit.kind) {
            case RunLimits::Kind::Memory:
                applied = m_leaf->setMemoryMax(limits.memoryMaxBytes, &why);
                break;
            case RunLimits::Kind::Cpu:
                applied = m_leaf->setCpuMax(RunLimits::cpuQuotaUsec(*limits.cpuMaxCores),
                                            RunLimits::CpuPeriodUsec, &why);
                break;
            case RunLimits::Kind::Pids:
                applied = m_leaf->setPidsMax(limits.pidsMax, &why);
                break;
            }
        }
        if (!applied) {
            if (error)
                *error = QStringLiteral("cannot limit %1: %2").arg(limit.words, why);
            return false;
        }
    }
    return true;
}

void CgroupContainment::release(bool leaveMembers)
{
    if (m_released)
        return;
    m_final = usage(); // the last figures, before the leaf goes
    if (m_leaf)
        m_memoryLimitKills = int(m_leaf->memoryLimitKills().value_or(0));
    m_released = true;
    m_urgentTicks.stop();
    m_sampleTicks.stop();
    if (m_leaf) {
        disconnect(m_leaf, nullptr, this, nullptr);
        QString error;
        if (!m_leaf->remove(&error)) {
            // Still holding processes: dying ones, or leftovers left alone on request. The
            // leaf goes once they have ended.
            if (leaveMembers)
                m_leaf->keepMembersWhenDeleted();
            m_leaf->deleteLater();
        }
    }
}
