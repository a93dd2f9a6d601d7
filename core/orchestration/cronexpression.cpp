#include "cronexpression.h"

#include <QHash>
#include <QRegularExpression>

namespace {

struct Field
{
    const char *name;
    int min;
    int max;
    const char *const *names; // what stands for min, min+1, ...; null: none
};

const char *const MonthNames[]
    = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", nullptr};
const char *const DayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};

const Field Fields[] = {
    {"minute", 0, 59, nullptr},   {"hour", 0, 23, nullptr},        {"day-of-month", 1, 31, nullptr},
    {"month", 1, 12, MonthNames}, {"day-of-week", 0, 7, DayNames},
};

// One number or name of a field; nothing with *error.
std::optional<int> value(const Field &field, const QString &text, QString *error)
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (ok && !text.startsWith(QLatin1Char('+')) && !text.startsWith(QLatin1Char('-'))) {
        if (number < field.min || number > field.max) {
            *error = QStringLiteral("%1: %2 is out of range %3-%4")
                         .arg(QLatin1String(field.name), text)
                         .arg(field.min)
                         .arg(field.max);
            return std::nullopt;
        }
        return number;
    }
    for (int i = 0; field.names && field.names[i]; ++i) {
        if (text.compare(QLatin1String(field.names[i]), Qt::CaseInsensitive) == 0)
            return field.min + i;
    }
    *error = field.names ? QStringLiteral("%1: \"%2\" is not a number from %3 to %4 or a name "
                                          "(%5)")
                               .arg(QLatin1String(field.name), text)
                               .arg(field.min)
                               .arg(field.max)
                               .arg(field.names == MonthNames ? QStringLiteral("jan-dec")
                                                              : QStringLiteral("sun-sat"))
                         : QStringLiteral("%1: \"%2\" is not a number from %3 to %4")
                               .arg(QLatin1String(field.name), text)
                               .arg(field.min)
                               .arg(field.max);
    return std::nullopt;
}

// The field's text as bits (bit n: value n); nothing with *error.
std::optional<quint64> parseField(const Field &field, const QString &text, QString *error)
{
    quint64 bits = 0;
    const QStringList items = text.split(QLatin1Char(','));
    for (const QString &item : items) {
        if (item.isEmpty()) {
            *error = QStringLiteral("%1: an empty item in \"%2\"")
                         .arg(QLatin1String(field.name), text);
            return std::nullopt;
        }
        QString range = item;
        int step = 1;
        const qsizetype slash = item.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            range = item.left(slash);
            const QString stepText = item.mid(slash + 1);
            bool ok = false;
            step = stepText.toInt(&ok);
            if (!ok || step < 1 || stepText.startsWith(QLatin1Char('+'))) {
                *error = QStringLiteral("%1: step \"%2\" in \"%3\" is not a whole number of 1 "
                                        "or more")
                             .arg(QLatin1String(field.name), stepText, item);
                return std::nullopt;
            }
        }
        int first = field.min;
        int last = field.max;
        if (range != QLatin1String("*")) {
            const qsizetype dash = range.indexOf(QLatin1Char('-'), 1);
            const auto from = value(field, dash < 0 ? range : range.left(dash), error);
            if (!from)
                return std::nullopt;
            first = *from;
            // N/STEP: from N to the field's end; N alone: N.
            last = dash >= 0 ? -1 : (slash >= 0 ? field.max : first);
            if (dash >= 0) {
                const auto to = value(field, range.mid(dash + 1), error);
                if (!to)
                    return std::nullopt;
                last = *to;
                if (last < first) {
                    *error = QStringLiteral("%1: the range %2 goes backwards")
                                 .arg(QLatin1String(field.name), range);
                    return std::nullopt;
                }
            }
        }
        for (int v = first; v <= last; v += step)
            bits |= quint64(1) << v;
    }
    return bits;
}

} // namespace

std::optional<CronExpression> CronExpression::parse(const QString &givenText, QString *error)
{
    QString ignored;
    QString &why = error ? *error : ignored;
    QString text = givenText.trimmed();
    if (text.startsWith(QLatin1Char('@'))) {
        static const QHash<QString, QString> shorthands{
            {QStringLiteral("@hourly"), QStringLiteral("0 * * * *")},
            {QStringLiteral("@daily"), QStringLiteral("0 0 * * *")},
            {QStringLiteral("@midnight"), QStringLiteral("0 0 * * *")},
            {QStringLiteral("@weekly"), QStringLiteral("0 0 * * 0")},
            {QStringLiteral("@monthly"), QStringLiteral("0 0 1 * *")},
            {QStringLiteral("@yearly"), QStringLiteral("0 0 1 1 *")},
            {QStringLiteral("@annually"), QStringLiteral("0 0 1 1 *")},
        };
        const auto found = shorthands.constFind(text.toLower());
        if (found == shorthands.cend()) {
            why = text.compare(QLatin1String("@reboot"), Qt::CaseInsensitive) == 0
                      ? QStringLiteral("@reboot is not a schedule here: use \"run at start if "
                                       "missed\" or start the task by hand")
                      : QStringLiteral("\"%1\" is not one of @hourly, @daily, @midnight, "
                                       "@weekly, @monthly, @yearly, @annually")
                            .arg(text);
            return std::nullopt;
        }
        text = *found;
    }
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    const QStringList parts = text.split(blanks, Qt::SkipEmptyParts);
    if (parts.size() != 5) {
        why = QStringLiteral("five fields are needed (minute hour day-of-month month "
                             "day-of-week), not %1")
                  .arg(parts.size());
        return std::nullopt;
    }
    quint64 bits[5] = {};
    for (int i = 0; i < 5; ++i) {
        const auto field = parseField(Fields[i], parts.at(i), &why);
        if (!field)
            return std::nullopt;
        bits[i] = *field;
    }
    CronExpression cron;
    cron.m_minutes = bits[0];
    cron.m_hours = quint32(bits[1]);
    cron.m_days = quint32(bits[2]);
    cron.m_months = quint32(bits[3]);
    cron.m_weekdays = quint32(bits[4] & 0x7f) | quint32((bits[4] >> 7) & 1); // 7 is Sunday
    // As Vixie cron decides it: a field that begins with * (*/2 too) is not a restriction for
    // the either-day rule, nor a time of day across a DST change.
    cron.m_minuteStar = parts.at(0).startsWith(QLatin1Char('*'));
    cron.m_hourStar = parts.at(1).startsWith(QLatin1Char('*'));
    cron.m_dayStar = parts.at(2).startsWith(QLatin1Char('*'));
    cron.m_weekdayStar = parts.at(4).startsWith(QLatin1Char('*'));
    return cron;
}

CronExpression CronExpression::daily(QTime time, int weekdays)
{
    CronExpression cron;
    cron.m_minutes = quint64(1) << time.minute();
    cron.m_hours = quint32(1) << time.hour();
    cron.m_days = 0xfffffffe;
    cron.m_months = 0x1ffe;
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
        if (weekdays & (1 << (d - 1)))
            cron.m_weekdays |= 1u << (d % 7);
    }
    cron.m_dayStar = true; // the weekdays alone decide
    return cron;
}

bool CronExpression::matchesDate(QDate date) const
{
    if (!(m_months & (1u << date.month())))
        return false;
    const bool day = m_days & (1u << date.day());
    const bool weekday = m_weekdays & (1u << (date.dayOfWeek() % 7));
    if (m_dayStar || m_weekdayStar)
        return day && weekday;
    return day || weekday;
}

QList<int> CronExpression::minutes() const
{
    QList<int> list;
    for (int m = 0; m < 60; ++m) {
        if (m_minutes & (quint64(1) << m))
            list.append(m);
    }
    return list;
}

QList<int> CronExpression::hours() const
{
    QList<int> list;
    for (int h = 0; h < 24; ++h) {
        if (m_hours & (1u << h))
            list.append(h);
    }
    return list;
}
