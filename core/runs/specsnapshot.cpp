#include "specsnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SpecSnapshot {

QByteArray toJson(const TaskSpec &spec)
{
    QJsonObject object;
    if (spec.useShell) {
        object[QLatin1String("script")] = spec.shellScript;
    } else {
        object[QLatin1String("program")] = spec.program;
        object[QLatin1String("arguments")] = QJsonArray::fromStringList(spec.arguments);
    }
    if (!spec.workingDirectory.isEmpty())
        object[QLatin1String("workingDirectory")] = spec.workingDirectory;
    QJsonObject environment;
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        environment[it.key()] = it.value();
    if (!environment.isEmpty())
        object[QLatin1String("environment")] = environment;
    object[QLatin1String("timeoutMs")] = double(spec.timeout.count());
    object[QLatin1String("graceMs")] = double(spec.gracePeriod.count());
    object[QLatin1String("leaveLeftovers")] = spec.leaveLeftovers;
    object[QLatin1String("pty")] = spec.usePty;
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace SpecSnapshot
