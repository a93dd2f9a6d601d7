#include "exclusivegroupgate.h"

#include "runmanager.h"

QString ExclusiveGroupGate::holds(const ManagedRun &run, const RunManager &manager) const
{
    const QString &group = run.task().concurrency.exclusiveGroup;
    if (group.isEmpty())
        return QString();
    for (const ManagedRun *each : manager.runs()) {
        if (each != &run && each->isLive() && each->task().concurrency.exclusiveGroup == group)
            return QStringLiteral("'%1' is running, in the same exclusive group \"%2\"")
                .arg(each->request().recordedName(), group);
    }
    return QString();
}
