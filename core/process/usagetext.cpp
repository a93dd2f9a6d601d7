#include "usagetext.h"

namespace UsageText {

namespace {

const QString Unknown = QStringLiteral("—");

QString secondsOf(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 2);
}

// The CLI speaks ASCII: "unknown" where the window shows "—".
QString ascii(QString text)
{
    return text == Unknown ? QStringLiteral("unknown") : text;
}

} // namespace

QString cpu(const ResourceUsage &usage)
{
    if (!usage.cpuUserMs || !usage.cpuSystemMs)
        return Unknown;
    return QStringLiteral("%1 s (user %2, system %3)")
        .arg(secondsOf(*usage.cpuUserMs + *usage.cpuSystemMs), secondsOf(*usage.cpuUserMs),
             secondsOf(*usage.cpuSystemMs));
}

QString bytes(std::optional<qint64> bytes)
{
    if (!bytes || *bytes < 0)
        return Unknown;
    constexpr double KB = 1024.0;
    constexpr double MB = KB * 1024.0;
    constexpr double GB = MB * 1024.0;
    const double value = double(*bytes);
    if (value >= GB)
        return QString::number(value / GB, 'f', 2) + QLatin1String(" GB");
    if (value >= MB)
        return QString::number(value / MB, 'f', 1) + QLatin1String(" MB");
    return QString::number(qRound64(value / KB)) + QLatin1String(" KB");
}

QString count(std::optional<int> count)
{
    return count && *count >= 0 ? QString::number(*count) : Unknown;
}

QString live(const ResourceUsage &usage)
{
    return QStringLiteral("CPU %1 · memory %2, peak %3 · processes %4, peak %5")
        .arg(cpu(usage), bytes(usage.memoryBytes), bytes(usage.memoryPeakBytes),
             count(usage.processes), count(usage.processesPeak));
}

QString total(const ResourceUsage &usage)
{
    return QStringLiteral("CPU %1 · memory peak %2 · processes peak %3")
        .arg(cpu(usage), bytes(usage.memoryPeakBytes), count(usage.processesPeak));
}

QString statsLine(const ResourceUsage &usage, const QString &containment)
{
    return QStringLiteral("cpu %1, memory peak %2, processes peak %3, containment %4")
        .arg(ascii(cpu(usage)), ascii(bytes(usage.memoryPeakBytes)),
             ascii(count(usage.processesPeak)),
             containment.isEmpty() ? QStringLiteral("unknown") : containment);
}

} // namespace UsageText
