#include "runlimitgate.h"

#include "runmanager.h"

QString RunLimitGate::holds(const ManagedRun &, const RunManager &manager) const
{
    if (m_limit <= 0)
        return QString();
    const int live = manager.liveCount();
    if (live < m_limit)
        return QString();
    return m_limit == 1 ? QStringLiteral("a run is running, the limit")
                        : QStringLiteral("%1 runs are running, the limit").arg(live);
}
