#include "durationparser.h"

#include <QRegularExpression>

#include <cmath>

std::optional<std::chrono::milliseconds> parseDuration(const QString &text, QString *why)
{
    const auto refuse = [why](const QString &reason) -> std::optional<std::chrono::milliseconds> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return refuse(QStringLiteral("not a duration"));

    bool ok = false;
    const double value = match.captured(1).toDouble(&ok);
    if (!ok)
        return refuse(QStringLiteral("not a duration"));

    const QString unit = match.captured(2);
    double factor = 1000.0; // a bare number is seconds, as GNU timeout reads it
    if (unit == QLatin1String("ms"))
        factor = 1.0;
    else if (unit == QLatin1String("m"))
        factor = 60'000.0;
    else if (unit == QLatin1String("h"))
        factor = 3'600'000.0;

    const double exact = value * factor;
    // A positive value under 1 ms would round to 0, which means "none": refuse it instead
    // (compared before rounding, so 0.6ms is refused too rather than becoming 1 ms).
    if (exact > 0 && exact < 1.0)
        return refuse(QStringLiteral("shorter than 1 ms, the smallest duration (0 means none)"));
    const double ms = std::round(exact);
    // QTimer takes an int of milliseconds: refuse what it cannot hold rather than wrap.
    if (!std::isfinite(ms) || ms > 2'147'483'647.0)
        return refuse(QStringLiteral("too long (at most 596h, 2147483647 ms)"));
    return std::chrono::milliseconds(static_cast<qint64>(ms));
}

QString formatDuration(std::chrono::milliseconds duration)
{
    // Exact, so that parseDuration() gives back the same milliseconds: whole units where they
    // fit, else seconds with as many decimals as the milliseconds need (at most three).
    const qint64 ms = duration.count();
    if (ms < 1000)
        return QString::number(ms) + QLatin1String("ms");
    if (ms % 3'600'000 == 0)
        return QString::number(ms / 3'600'000) + QLatin1String("h");
    if (ms % 60'000 == 0)
        return QString::number(ms / 60'000) + QLatin1String("m");
    QString text = QString::number(ms / 1000);
    if (const qint64 fraction = ms % 1000; fraction != 0) {
        QString digits = QStringLiteral("%1").arg(fraction, 3, 10, QLatin1Char('0'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        text += QLatin1Char('.') + digits;
    }
    return text + QLatin1String("s");
}
