#include "durationparser.h"

#include <QRegularExpression>

#include <cmath>

std::optional<std::chrono::milliseconds> parseDuration(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;

    bool ok = false;
    const double value = match.captured(1).toDouble(&ok);
    if (!ok)
        return std::nullopt;

    const QString unit = match.captured(2);
    double factor = 1000.0; // a bare number is seconds, as GNU timeout reads it
    if (unit == QLatin1String("ms"))
        factor = 1.0;
    else if (unit == QLatin1String("m"))
        factor = 60'000.0;
    else if (unit == QLatin1String("h"))
        factor = 3'600'000.0;

    const double ms = std::round(value * factor);
    // QTimer takes an int of milliseconds: refuse what it cannot hold rather than wrap.
    if (!std::isfinite(ms) || ms > 2'147'483'647.0)
        return std::nullopt;
    return std::chrono::milliseconds(static_cast<qint64>(ms));
}

QString formatDuration(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms < 1000)
        return QString::number(ms) + QLatin1String("ms");
    if (ms % 60'000 == 0)
        return QString::number(ms / 60'000) + QLatin1String("m");
    if (ms % 1000 == 0)
        return QString::number(ms / 1000) + QLatin1String("s");
    return QString::number(double(ms) / 1000.0, 'f', 1) + QLatin1String("s");
}
