#include "runlimits.h"

#include <QLocale>

#include <cmath>

QVector<RunLimits::Limit> RunLimits::each() const
{
    QVector<Limit> limits;
    if (memoryMaxBytes)
        limits.append({Kind::Memory, QStringLiteral("memory"),
                       QStringLiteral("memory to %1").arg(memoryWords(*memoryMaxBytes))});
    if (cpuMaxCores)
        limits.append({Kind::Cpu, QStringLiteral("cpu"),
                       QStringLiteral("CPU time to %1").arg(cpuWords(*cpuMaxCores))});
    if (pidsMax)
        limits.append(
            {Kind::Pids, QStringLiteral("pids"), QStringLiteral("processes to %1").arg(*pidsMax)});
    return limits;
}

quint64 RunLimits::cpuQuotaUsec(double cores)
{
    return cores > 0 ? quint64(std::llround(cores * double(CpuPeriodUsec))) : 0;
}

QString RunLimits::memoryWords(quint64 bytes)
{
    static const char *const units[] = {"TB", "GB", "MB", "KB"};
    for (int i = 0; i < 4; ++i) {
        const quint64 unit = quint64(1) << (10 * (4 - i));
        if (bytes < unit)
            continue;
        // One decimal at most, and none when it is .0: "512 MB", "1.5 GB".
        const double value = std::round(double(bytes) / double(unit) * 10.0) / 10.0;
        return QString::number(value, 'f', value == std::floor(value) ? 0 : 1) + QLatin1Char(' ')
               + QLatin1String(units[i]);
    }
    return bytes == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(bytes);
}

QString RunLimits::cpuWords(double cores)
{
    const QString number = QString::number(cores, 'g', QLocale::FloatingPointShortest);
    return number + (cores > 1 ? QLatin1String(" CPUs") : QLatin1String(" CPU"));
}

void RunLimits::writeTo(QJsonObject *object) const
{
    if (memoryMaxBytes)
        (*object)[QLatin1String("memoryMaxBytes")] = qint64(*memoryMaxBytes);
    if (cpuMaxCores)
        (*object)[QLatin1String("cpuMaxCores")] = *cpuMaxCores;
    if (pidsMax)
        (*object)[QLatin1String("pidsMax")] = qint64(*pidsMax);
}
