#include "logsettings.h"

#include <QRegularExpression>
#include <QSettings>

#include <optional>

namespace {

// The value of key as a whole number in [min, max], or std::nullopt with a problem appended
// (ending in instead, which says what happens meanwhile). An absent key is absentValue,
// silently; anything else that is not such a number is a problem.
std::optional<qint64> readWholeNumber(const QSettings &settings, const QString &key, qint64 min,
                                      qint64 max, qint64 absentValue, const QString &unit,
                                      const QString &instead, QStringList *problems)
{
    if (!settings.contains(key))
        return absentValue;
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
        QStringLiteral("The setting %1 is \"%2\", not a whole number of %3 from %4 to %5; %6")
            .arg(key, shown, unit, QString::number(min), QString::number(max), instead));
    return std::nullopt;
}

} // namespace

LogSettings LogSettings::read(const QSettings &settings)
{
    // A bad retention value turns that kind of pruning off rather than falling back to the
    // default: the user meant some other limit, maybe a longer one, and deleting by a limit
    // nobody chose is exactly what a typo must not do. A bad per-run limit only caps writing,
    // so the default serves there.
    LogSettings result;
    result.retention.maxAgeDays
        = int(readWholeNumber(settings, QStringLiteral("logs/maxAgeDays"), 1, MaxAgeDaysLimit,
                              DefaultMaxAgeDays, QStringLiteral("days"),
                              QStringLiteral("no log is removed for its age until it is fixed."),
                              &result.problems)
                  .value_or(0));
    result.retention.maxTotalBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxTotalMB"), 1, MaxTotalMBLimit,
                          DefaultMaxTotalMB, QStringLiteral("MB"),
                          QStringLiteral("no log is removed for their size until it is fixed."),
                          &result.problems)
              .value_or(0)
          * 1024 * 1024;
    result.maxRunBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxRunMB"), 1, MaxRunMBLimit,
                          DefaultMaxRunMB, QStringLiteral("MB"),
                          QStringLiteral("the default, %1, is used instead.").arg(DefaultMaxRunMB),
                          &result.problems)
              .value_or(DefaultMaxRunMB)
          * 1024 * 1024;
    return result;
}
