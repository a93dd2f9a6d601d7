#include "limitparser.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace {

template <typename T>
ParsedLimit<T> refuse(const QString &why)
{
    ParsedLimit<T> parsed;
    parsed.why = why;
    return parsed;
}

template <typename T>
ParsedLimit<T> accept(std::optional<T> limit)
{
    ParsedLimit<T> parsed;
    parsed.ok = true;
    parsed.limit = limit;
    return parsed;
}

bool meansNoLimit(const QString &text)
{
    const QString word = text.trimmed().toLower();
    return word.isEmpty() || word == QLatin1String("none") || word == QLatin1String("max");
}

const QString &noLimitHint()
{
    static const QString hint = QStringLiteral("for no limit, leave it empty or say none");
    return hint;
}

} // namespace

ParsedLimit<quint64> parseMemoryMax(const QString &text)
{
    if (meansNoLimit(text))
        return accept<quint64>(std::nullopt);
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d*)(?:\\.(\\d*))?\\s*(?:([kmgt])(?:i?b)?|(b))?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    const QString whole = match.captured(1);
    const QString fraction = match.captured(2);
    if (!match.hasMatch() || (whole.isEmpty() && fraction.isEmpty()))
        return refuse<quint64>(QStringLiteral("not a size (try 512M, 1.5G, or a number of bytes)"));
    const QString unitLetter = match.captured(3).toLower();
    int shift = 0;
    if (!unitLetter.isEmpty())
        shift = 10 * (1 + int(QStringLiteral("kmgt").indexOf(unitLetter)));
    const quint64 unit = quint64(1) << shift;

    // Exact, in whole numbers: what is typed is what is applied, to the byte.
    QString decimals = fraction;
    while (decimals.endsWith(QLatin1Char('0')))
        decimals.chop(1);
    if (!decimals.isEmpty() && shift == 0)
        return refuse<quint64>(QStringLiteral("not a whole number of bytes"));
    if (decimals.size() > 6)
        return refuse<quint64>(QStringLiteral("more precise than a size needs (6 decimals at "
                                              "most)"));
    bool ok = true;
    const quint64 integral = whole.isEmpty() ? 0 : whole.toULongLong(&ok);
    const quint64 tooBig = LimitBounds::MaxMemoryBytes;
    if (!ok || integral > tooBig / unit)
        return refuse<quint64>(QStringLiteral("more than the largest memory limit, 1024T"));
    quint64 bytes = integral * unit;
    if (!decimals.isEmpty()) {
        quint64 scale = 1;
        for (int i = 0; i < decimals.size(); ++i)
            scale *= 10;
        // decimals < 10^6 and unit <= 2^40: the product stays below 2^60.
        bytes += (decimals.toULongLong() * unit + scale / 2) / scale;
    }
    if (bytes > tooBig)
        return refuse<quint64>(QStringLiteral("more than the largest memory limit, 1024T"));
    if (bytes == 0)
        return refuse<quint64>(QStringLiteral("0, which would leave the task no memory at all (%1)")
                                   .arg(noLimitHint()));
    if (bytes < LimitBounds::MinMemoryBytes) {
        QString why = QStringLiteral("less than 1M, too little for any program to start");
        if (unitLetter.isEmpty() && match.captured(4).isEmpty())
            why += QStringLiteral(" (a number without a unit is bytes: did you mean %1M?)")
                       .arg(text.trimmed());
        return refuse<quint64>(why);
    }
    return accept<quint64>(bytes);
}

QString formatMemoryMax(std::optional<quint64> bytes)
{
    if (!bytes)
        return QString();
    // The largest unit that says it exactly: whole, or - in the unit the size is counted in
    // (under 1024 of it) - with up to three decimals ("1.5G"). Else the bytes themselves.
    static const char letters[] = {'T', 'G', 'M', 'K'};
    for (int i = 0; i < 4; ++i) {
        const quint64 unit = quint64(1) << (10 * (4 - i));
        if (*bytes < unit)
            continue;
        const quint64 integral = *bytes / unit;
        const quint64 rest = *bytes % unit;
        if (rest == 0)
            return QString::number(integral) + QLatin1Char(letters[i]);
        if (integral >= 1024 || (rest * 1000) % unit != 0)
            continue;
        QString digits = QStringLiteral("%1").arg(rest * 1000 / unit, 3, 10, QLatin1Char('0'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        return QString::number(integral) + QLatin1Char('.') + digits + QLatin1Char(letters[i]);
    }
    return QString::number(*bytes);
}

ParsedLimit<double> parseCpuMax(const QString &text)
{
    if (meansNoLimit(text))
        return accept<double>(std::nullopt);
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(%)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    bool ok = false;
    double cores = match.hasMatch() ? match.captured(1).toDouble(&ok) : 0;
    if (!ok)
        return refuse<double>(
            QStringLiteral("not a number of CPUs (try 0.5 for half of one, 2, or 150%)"));
    if (!match.captured(2).isEmpty())
        cores /= 100;
    if (cores == 0)
        return refuse<double>(
            QStringLiteral("0, which would never let the task run (%1)").arg(noLimitHint()));
    if (cores < LimitBounds::MinCores)
        return refuse<double>(QStringLiteral("less than 0.01 CPU (1%), the least the kernel "
                                             "gives"));
    if (!std::isfinite(cores) || cores > LimitBounds::MaxCores)
        return refuse<double>(QStringLiteral("more than 4096 CPUs"));
    return accept<double>(cores);
}

QString formatCpuMax(std::optional<double> cores)
{
    // The shortest digits that read back as the same double.
    return cores ? QString::number(*cores, 'f', QLocale::FloatingPointShortest) : QString();
}

ParsedLimit<quint64> parsePidsMax(const QString &text)
{
    if (meansNoLimit(text))
        return accept<quint64>(std::nullopt);
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return refuse<quint64>(QStringLiteral("not a whole number of processes"));
    bool ok = false;
    const quint64 count = match.captured(1).toULongLong(&ok);
    if (!ok || count > LimitBounds::MaxPids)
        return refuse<quint64>(
            QStringLiteral("more than a system can have at once (%1)").arg(LimitBounds::MaxPids));
    if (count < LimitBounds::MinPids)
        return refuse<quint64>(
            QStringLiteral("0, which would not let the task start (%1)").arg(noLimitHint()));
    return accept<quint64>(count);
}

QString formatPidsMax(std::optional<quint64> count)
{
    return count ? QString::number(*count) : QString();
}
