#include "schedulerule.h"

#include <algorithm>

namespace {

constexpr qint64 Hour = 3600;
constexpr qint64 Day = 86400;
constexpr qint64 None = std::numeric_limits<qint64>::max();
// How far a DST change (or a zone's change of offset) is assumed to move the clock at most: the
// wall-clock times that may repeat before an instant.
constexpr qint64 MaxShift = 3 * Hour;
constexpr int SearchDays = 8 * 366; // a 29 February, whatever the weekday rule

qint64 offsetAt(const QTimeZone &zone, qint64 secs)
{
    return zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(secs, Qt::UTC));
}

// The instants whose wall-clock time in zone is wall (seconds as if the wall clock were UTC).
struct WallInstants
{
    qint64 first = None;  // its instant, or the first of two (a time repeated by fall-back)
    qint64 second = None; // the second of two
    qint64 gapEnd = None; // a time skipped by spring-forward: the first instant after the gap
};

WallInstants instantsOf(qint64 wall, const QTimeZone &zone)
{
    QList<qint64> offsets;
    for (qint64 probe :
         {wall - 2 * Day, wall - 14 * Hour, wall, wall + 14 * Hour, wall + 2 * Day}) {
        const qint64 offset = offsetAt(zone, probe);
        if (!offsets.contains(offset))
            offsets.append(offset);
    }
    QList<qint64> found;
    for (qint64 offset : offsets) {
        const qint64 t = wall - offset;
        if (offsetAt(zone, t) == offset && !found.contains(t))
            found.append(t);
    }
    std::sort(found.begin(), found.end());
    WallInstants instants;
    if (!found.isEmpty()) {
        instants.first = found.first();
        if (found.size() > 1)
            instants.second = found.at(1);
        return instants;
    }
    // In a gap: the first instant whose wall clock is past wall (the wall clock only rises
    // across a gap, so a binary search finds it).
    qint64 lo = wall - 16 * Hour; // its wall clock is before wall whatever the offset
    qint64 hi = wall + 16 * Hour; // after
    while (hi - lo > 1) {
        const qint64 mid = lo + (hi - lo) / 2;
        if (mid + offsetAt(zone, mid) > wall)
            hi = mid;
        else
            lo = mid;
    }
    instants.gapEnd = hi;
    return instants;
}

qint64 wallSecs(QDate date, int hour, int minute)
{
    return QDateTime(date, QTime(hour, minute), Qt::UTC).toSecsSinceEpoch();
}

} // namespace

std::optional<ScheduleRule> ScheduleRule::fromSchedule(const TaskSchedule &schedule,
                                                       QString *problem)
{
    QString ignored;
    QString &why = problem ? *problem : ignored;
    std::optional<ScheduleRule> rule;
    switch (schedule.kind) {
    case TaskSchedule::Kind::None:
        why = QStringLiteral("no schedule");
        return std::nullopt;
    case TaskSchedule::Kind::Every: {
        const bool minutes = schedule.unit == TaskSchedule::Unit::Minutes;
        const int max = minutes ? TaskSchedule::MaxMinutes : TaskSchedule::MaxHours;
        if (schedule.every < 1 || schedule.every > max) {
            why = QStringLiteral("every: %1 is out of range 1-%2 %3")
                      .arg(schedule.every)
                      .arg(max)
                      .arg(minutes ? QStringLiteral("minutes") : QStringLiteral("hours"));
            return std::nullopt;
        }
        return ScheduleRule(qint64(schedule.every) * (minutes ? 60 : Hour));
    }
    case TaskSchedule::Kind::Daily:
        if (!schedule.at.isValid()) {
            why = QStringLiteral("daily: the time of day is not valid");
            return std::nullopt;
        }
        if (!(schedule.weekdays & TaskSchedule::AllWeekdays)) {
            why = QStringLiteral("daily: no weekday is chosen");
            return std::nullopt;
        }
        rule = ScheduleRule(CronExpression::daily(schedule.at, schedule.weekdays));
        break;
    case TaskSchedule::Kind::Cron: {
        const auto cron = CronExpression::parse(schedule.cron, &why);
        if (!cron)
            return std::nullopt;
        rule = ScheduleRule(*cron);
        break;
    }
    }
    // "0 0 30 2 *" parses and never fires: say so rather than arm something that never runs.
    const QDateTime from(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    if (!rule->nextAfter(from, QTimeZone::utc()).isValid()) {
        why = QStringLiteral("it names no day that exists, such as 30 February");
        return std::nullopt;
    }
    return rule;
}

QDateTime ScheduleRule::nextAfter(const QDateTime &after, const QTimeZone &zone) const
{
    const qint64 t = after.toSecsSinceEpoch();
    qint64 next = None;
    if (m_periodSecs > 0) {
        // Floor division: instants before 1970 are negative.
        const qint64 periods = t >= 0 ? t / m_periodSecs : -((-t - 1) / m_periodSecs) - 1;
        next = (periods + 1) * m_periodSecs;
    } else {
        next = nextCalendar(t, zone.isValid() ? zone : QTimeZone::systemTimeZone());
    }
    return next == None ? QDateTime() : QDateTime::fromSecsSinceEpoch(next, Qt::UTC);
}

qint64 ScheduleRule::nextCalendar(qint64 t, const QTimeZone &zone) const
{
    const CronExpression &cron = *m_cron;
    const QList<int> hours = cron.hours();
    const QList<int> minutes = cron.minutes();
    const bool fixed = cron.fixedTime();
    // Wall-clock times are searched in order from t's own, or from MaxShift before it near a
    // change of offset: a time repeated by fall-back has a second instant after t while its
    // wall-clock time is before t's.
    const qint64 offset = offsetAt(zone, t);
    const bool nearChange
        = offsetAt(zone, t - MaxShift) != offset || offsetAt(zone, t + MaxShift) != offset;
    const qint64 startWall = t + offset - (nearChange ? MaxShift : 0) - 60;
    const QDate startDate = QDateTime::fromSecsSinceEpoch(startWall, Qt::UTC).date();
    qint64 best = None;
    for (int d = 0; d < SearchDays; ++d) {
        const QDate date = startDate.addDays(d);
        if (!cron.matchesDate(date))
            continue;
        for (int hour : hours) {
            for (int minute : minutes) {
                const qint64 wall = wallSecs(date, hour, minute);
                if (wall < startWall)
                    continue;
                const WallInstants at = instantsOf(wall, zone);
                // The first instants (gap ends for skipped times) rise with the wall clock: once
                // one is past the best found, no later time can beat it.
                const qint64 lowest = at.gapEnd != None ? at.gapEnd : at.first;
                if (best != None && lowest >= best)
                    return best;
                if (at.gapEnd != None) {
                    if (fixed && at.gapEnd > t)
                        best = std::min(best, at.gapEnd);
                    continue;
                }
                if (at.first > t)
                    best = std::min(best, at.first);
                else if (!fixed && at.second != None && at.second > t)
                    best = std::min(best, at.second);
            }
        }
    }
    return best;
}

QList<QDateTime> ScheduleRule::nextTimes(const QDateTime &after, int count,
                                         const QTimeZone &zone) const
{
    QList<QDateTime> times;
    QDateTime from = after;
    while (times.size() < count) {
        from = nextAfter(from, zone);
        if (!from.isValid())
            break;
        times.append(from);
    }
    return times;
}

int ScheduleRule::countBetween(const QDateTime &after, const QDateTime &upTo, const QTimeZone &zone,
                               int cap) const
{
    if (m_periodSecs > 0) {
        const auto floorDiv = [this](qint64 s) {
            return s >= 0 ? s / m_periodSecs : -((-s - 1) / m_periodSecs) - 1;
        };
        const qint64 n = floorDiv(upTo.toSecsSinceEpoch()) - floorDiv(after.toSecsSinceEpoch());
        return int(std::clamp<qint64>(n, 0, cap));
    }
    int count = 0;
    QDateTime from = after;
    while (count < cap) {
        from = nextAfter(from, zone);
        if (!from.isValid() || from > upTo)
            break;
        ++count;
    }
    return count;
}
