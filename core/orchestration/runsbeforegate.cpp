#include "runsbeforegate.h"

#include "runmanager.h"

QString RunsBeforeGate::holds(const ManagedRun &run, const RunManager &manager) const
{
    for (const quint64 id : run.request().waitsFor) {
        const ManagedRun *before = manager.run(id);
        if (!before || before->isFinished())
            continue;
        if (run.request().instancePolicy == InstancePolicy::Restart)
            return QStringLiteral("restarting: waits for the previous run of '%1' to end")
                .arg(before->request().recordedName());
        return QStringLiteral("waits for the earlier run of '%1' to end")
            .arg(before->request().recordedName());
    }
    return QString();
}
