#include "logsettings.h"

#include <QRegularExpression>
#include <QSettings>

namespace {

// The value of key as a whole number in [min, max], or fallback with a problem appended. An
// absent key is the default, silently; anything else that is not such a number is a problem.
qint64 readWholeNumber(const QSettings &settings, const QString &key, qint64 min, qint64 max,
                       qint64 fallback, const QString &unit, QStringList *problems)
{
    if (!settings.contains(key))
        return fallback;
    const QVariant value = settings.value(key);
    QString shown;
    bool ok = false;
    qint64 number = 0;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
        number = value.toLongLong(&ok);
        shown = QString::number(number);
        break;
    case QMetaType::QString: {
        // What a hand-edited taskrunner.conf gives: digits only (spaces around them allowed),
        // so "30x", "1.5", "-1" and "1e3" are refused rather than half-read.
        shown = value.toString();
        static const QRegularExpression digits(QStringLiteral("^\\s*\\+?\\d+\\s*$"));
        if (digits.match(shown).hasMatch())
            number = shown.trimmed().toLongLong(&ok); // false on overflow
        break;
    }
    default:
        // A QStringList ("1,5" in an INI file), a byte array, ...
        shown = value.toStringList().join(QLatin1Char(','));
        break;
    }
    if (ok && number >= min && number <= max)
        return number;
    problems->append(
        QStringLiteral("The setting %1 is \"%2\", not a whole number of %3 from %4 to %5; "
                       "the default, %6, is used instead.")
            .arg(key, shown, unit, QString::number(min), QString::number(max),
                 QString::number(fallback)));
    return fallback;
}

} // namespace

LogSettings LogSettings::read(const QSettings &settings)
{
    LogSettings result;
    result.retention.maxAgeDays
        = int(readWholeNumber(settings, QStringLiteral("logs/maxAgeDays"), 1, MaxAgeDaysLimit,
                              DefaultMaxAgeDays, QStringLiteral("days"), &result.problems));
    result.retention.maxTotalBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxTotalMB"), 1, MaxTotalMBLimit,
                          DefaultMaxTotalMB, QStringLiteral("MB"), &result.problems)
          * 1024 * 1024;
    result.maxRunBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxRunMB"), 1, MaxRunMBLimit,
                          DefaultMaxRunMB, QStringLiteral("MB"), &result.problems)
          * 1024 * 1024;
    return result;
}
