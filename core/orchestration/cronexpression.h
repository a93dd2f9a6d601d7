#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QTime>

#include <optional>

// A five-field cron expression as Vixie cron (Debian's cron, cronie) reads it:
//   minute (0-59)  hour (0-23)  day-of-month (1-31)  month (1-12 or jan-dec)
//   day-of-week (0-7 or sun-sat; 0 and 7 are both Sunday)
// Each field a comma-separated list of *, N, N-M, names in place of numbers, each optionally
// /STEP (N/STEP is N to the field's end). When both day fields are restricted (neither begins
// with *), a day matching either fires; otherwise a day must match both. The shorthands
// @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually) are read too.
// A pure value, no time zone: which instants its wall-clock times are is ScheduleRule's.
class CronExpression
{
public:
    // The expression, or nothing with *error naming the field and the text ("hour: 25 is out
    // of range 0-23").
    static std::optional<CronExpression> parse(const QString &text, QString *error = nullptr);
    // At time on the days of weekdays (TaskSchedule's bits, Monday = bit 0): a daily schedule.
    static CronExpression daily(QTime time, int weekdays);

    bool matchesDate(QDate date) const;
    // The minutes and hours it fires at, in order.
    QList<int> minutes() const;
    QList<int> hours() const;
    // Neither the minute nor the hour field begins with *: a time of day, which Vixie cron
    // treats apart across a DST change (ScheduleRule).
    bool fixedTime() const { return !m_minuteStar && !m_hourStar; }

private:
    CronExpression() = default;

    quint64 m_minutes = 0;  // bit n: minute n
    quint32 m_hours = 0;    // bit n: hour n
    quint32 m_days = 0;     // bit n: day of month n (1-31)
    quint32 m_months = 0;   // bit n: month n (1-12)
    quint32 m_weekdays = 0; // bit n: day n, 0 = Sunday (7 folded into 0)
    bool m_minuteStar = false;
    bool m_hourStar = false;
    bool m_dayStar = false;
    bool m_weekdayStar = false;
};
