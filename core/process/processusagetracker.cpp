#include "processusagetracker.h"

#include <unistd.h>

void ProcessUsageTracker::sample(const QVector<ProcessInfo> &members)
{
    static const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    static const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (members.isEmpty()) {
        m_usage.memoryBytes = 0;
        m_usage.processes = 0;
        return;
    }
    quint64 user = 0;
    quint64 system = 0;
    quint64 pages = 0;
    int alive = 0;
    for (const ProcessInfo &process : members) {
        user += process.userTicks;
        system += process.systemTicks;
        if (process.isZombie())
            continue;
        pages += process.residentPages;
        ++alive;
    }
    const auto ms = [](quint64 ticks) { return qint64(ticks * 1000 / quint64(ticksPerSecond)); };
    m_usage.cpuUserMs = qMax(m_usage.cpuUserMs.value_or(0), ms(user));
    m_usage.cpuSystemMs = qMax(m_usage.cpuSystemMs.value_or(0), ms(system));
    m_usage.memoryBytes = qint64(pages) * pageSize;
    m_usage.memoryPeakBytes = qMax(m_usage.memoryPeakBytes.value_or(0), *m_usage.memoryBytes);
    m_usage.processes = alive;
    m_usage.processesPeak = qMax(m_usage.processesPeak.value_or(0), alive);
}
