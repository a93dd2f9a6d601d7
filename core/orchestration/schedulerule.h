#pragma once

#include "cronexpression.h"
#include "taskschedule.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

#include <optional>

// The instants a TaskSchedule fires at. Two kinds of rule:
// - every N minutes/hours: every N×60 s of real time, at the instants that are whole multiples
//   of the period since 1970-01-01 00:00 UTC (every 15 minutes is :00, :15, :30, :45); a DST
//   change neither skips nor repeats one;
// - wall-clock times (daily at, cron) in a time zone, with Vixie cron's DST rule:
//   * a time skipped by spring-forward fires once at the first instant after the gap (02:30 on
//     the night Berlin goes from 02:00 to 03:00 fires at 03:00) when the rule names a time of
//     day (neither minute nor hour begins with *); a rule with * in the minute or hour goes on
//     by the new time (the hour that does not exist has no fire times);
//   * a time repeated by fall-back fires once, at its first occurrence, when the rule names a
//     time of day; a rule with * in the minute or hour fires at each real instant that matches
//     (*/15 keeps firing every 15 minutes through the repeated hour).
// Instants are returned in UTC.
class ScheduleRule
{
public:
    // The rule of a schedule that is set, or nothing with *problem ("hour: 25 is out of range
    // 0-23", "it names no day that exists, such as 30 February").
    static std::optional<ScheduleRule> fromSchedule(const TaskSchedule &schedule,
                                                    QString *problem = nullptr);

    // The first fire instant strictly after after; invalid when there is none within eight
    // years.
    QDateTime nextAfter(const QDateTime &after, const QTimeZone &zone) const;
    // The next count fire instants after after.
    QList<QDateTime> nextTimes(const QDateTime &after, int count, const QTimeZone &zone) const;
    // How many fire instants are in (after, upTo], counting up to cap.
    int countBetween(const QDateTime &after, const QDateTime &upTo, const QTimeZone &zone,
                     int cap) const;

private:
    explicit ScheduleRule(qint64 periodSecs)
        : m_periodSecs(periodSecs)
    {}
    explicit ScheduleRule(const CronExpression &cron)
        : m_cron(cron)
    {}
    qint64 nextCalendar(qint64 after, const QTimeZone &zone) const;

    qint64 m_periodSecs = 0; // the interval kind, when > 0
    std::optional<CronExpression> m_cron;
};
