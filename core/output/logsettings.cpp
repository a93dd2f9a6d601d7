#include "logsettings.h"

#include <QRegularExpression>
#include <QSettings>

#include <optional>

namespace {

struct Limit
{
    qint64 min;
    qint64 max;
    const char *unit;
};

// The one table of the settings' ranges: read() and problemWith() both check against it.
Limit limitOf(const QString &key)
{
    if (key == QLatin1String("logs/maxAgeDays"))
        return {1, LogSettings::MaxAgeDaysLimit, "days"};
    if (key == QLatin1String("logs/maxTotalMB"))
        return {1, LogSettings::MaxTotalMBLimit, "MB"};
    Q_ASSERT(key == QLatin1String("logs/maxRunMB"));
    return {1, LogSettings::MaxRunMBLimit, "MB"};
}

// value as a whole number in its key's range, or std::nullopt with *problem set (without an
// ending: the caller says what happens meanwhile).
std::optional<qint64> checkWholeNumber(const QString &key, const QVariant &value, QString *problem)
{
    const Limit limit = limitOf(key);
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
    if (ok && number >= limit.min && number <= limit.max)
        return number;
    *problem = QStringLiteral("The setting %1 is \"%2\", not a whole number of %3 from %4 to %5")
                   .arg(key, shown, QLatin1String(limit.unit), QString::number(limit.min),
                        QString::number(limit.max));
    return std::nullopt;
}

// The value of key, or std::nullopt with a problem appended (ending in instead, which says what
// happens meanwhile). An absent key is absentValue, silently.
std::optional<qint64> readWholeNumber(const QSettings &settings, const QString &key,
                                      qint64 absentValue, const QString &instead,
                                      QStringList *problems)
{
    if (!settings.contains(key))
        return absentValue;
    QString problem;
    const std::optional<qint64> number = checkWholeNumber(key, settings.value(key), &problem);
    if (!number)
        problems->append(problem + QStringLiteral("; ") + instead);
    return number;
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
        = int(readWholeNumber(settings, QStringLiteral("logs/maxAgeDays"), DefaultMaxAgeDays,
                              QStringLiteral("no log is removed for its age until it is fixed."),
                              &result.problems)
                  .value_or(0));
    result.retention.maxTotalBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxTotalMB"), DefaultMaxTotalMB,
                          QStringLiteral("no log is removed for their size until it is fixed."),
                          &result.problems)
              .value_or(0)
          * 1024 * 1024;
    result.maxRunBytes
        = readWholeNumber(settings, QStringLiteral("logs/maxRunMB"), DefaultMaxRunMB,
                          QStringLiteral("the default, %1, is used instead.").arg(DefaultMaxRunMB),
                          &result.problems)
              .value_or(DefaultMaxRunMB)
          * 1024 * 1024;
    return result;
}

QString LogSettings::problemWith(const QString &key, const QVariant &value)
{
    QString problem;
    if (!checkWholeNumber(key, value, &problem))
        return problem + u'.';
    return QString();
}
