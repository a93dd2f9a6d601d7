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
    // A rerun from the history must not lose them: it would run without its limits.
    spec.limits.writeTo(&object);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<TaskSpec> fromJson(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    TaskSpec spec;
    if (object.contains(QLatin1String("script"))) {
        spec.useShell = true;
        spec.shellScript = object.value(QLatin1String("script")).toString();
    } else if (object.contains(QLatin1String("program"))) {
        spec.program = object.value(QLatin1String("program")).toString();
        for (const QJsonValue &argument : object.value(QLatin1String("arguments")).toArray())
            spec.arguments.append(argument.toString());
    } else {
        return std::nullopt;
    }
    spec.workingDirectory = object.value(QLatin1String("workingDirectory")).toString();
    const QJsonObject environment = object.value(QLatin1String("environment")).toObject();
    for (auto it = environment.begin(); it != environment.end(); ++it)
        spec.environment.insert(it.key(), it.value().toString());
    spec.timeout
        = std::chrono::milliseconds(qint64(object.value(QLatin1String("timeoutMs")).toDouble()));
    spec.gracePeriod
        = std::chrono::milliseconds(qint64(object.value(QLatin1String("graceMs")).toDouble(5000)));
    spec.leaveLeftovers = object.value(QLatin1String("leaveLeftovers")).toBool();
    spec.usePty = object.value(QLatin1String("pty")).toBool();
    if (const QJsonValue bytes = object.value(QLatin1String("memoryMaxBytes")); bytes.isDouble())
        spec.limits.memoryMaxBytes = quint64(bytes.toInteger());
    if (const QJsonValue cores = object.value(QLatin1String("cpuMaxCores")); cores.isDouble())
        spec.limits.cpuMaxCores = cores.toDouble();
    if (const QJsonValue count = object.value(QLatin1String("pidsMax")); count.isDouble())
        spec.limits.pidsMax = quint64(count.toInteger());
    return spec;
}

} // namespace SpecSnapshot
