#include "taskschedule.h"

#include "jsonwords.h"

#include <QJsonArray>

#include <cmath>

namespace {

const char *const ScheduleKey = "schedule";

QString bad(const char *key, const QJsonValue &value, const QString &wanted)
{
    return QStringLiteral("\"%1\": \"%2\" is %3, not %4")
        .arg(QLatin1String(ScheduleKey), QLatin1String(key), JsonWords::valueText(value), wanted);
}

// A whole number from 1 to max, or the problem.
QString readCount(const QJsonObject &object, const char *key, int max, int *count)
{
    const QJsonValue value = object.value(QLatin1String(key));
    const double number = value.toDouble(-1);
    if (!value.isDouble() || !(number >= 1 && number <= max) || std::floor(number) != number)
        return bad(key, value, QStringLiteral("a whole number from 1 to %1").arg(max));
    *count = int(number);
    return {};
}

} // namespace

bool operator==(const TaskSchedule &a, const TaskSchedule &b)
{
    return a.kind == b.kind && a.every == b.every && a.unit == b.unit && a.at == b.at
           && a.weekdays == b.weekdays && a.cron == b.cron && a.runIfMissed == b.runIfMissed;
}

QString weekdayKey(Qt::DayOfWeek day)
{
    static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return QLatin1String(names[(int(day) - 1) % 7]);
}

QString readSchedule(const QJsonObject &task, TaskSchedule *schedule)
{
    *schedule = TaskSchedule();
    const QJsonValue value = task.value(QLatin1String(ScheduleKey));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        return QStringLiteral("\"%1\" is %2, not an object")
            .arg(QLatin1String(ScheduleKey), JsonWords::valueText(value));
    const QJsonObject object = value.toObject();
    const QJsonValue missed = object.value(QLatin1String("runIfMissed"));
    if (!missed.isUndefined() && !missed.isBool())
        return bad("runIfMissed", missed, QStringLiteral("true or false"));
    schedule->runIfMissed = missed.toBool(false);

    const QJsonValue kind = object.value(QLatin1String("kind"));
    const QString kindText = kind.toString();
    if (kindText == QLatin1String("every")) {
        schedule->kind = TaskSchedule::Kind::Every;
        const bool minutes = object.contains(QLatin1String("minutes"));
        const bool hours = object.contains(QLatin1String("hours"));
        if (minutes == hours)
            return QStringLiteral("\"%1\": an \"every\" schedule has \"minutes\" or \"hours\", "
                                  "one of them")
                .arg(QLatin1String(ScheduleKey));
        schedule->unit = minutes ? TaskSchedule::Unit::Minutes : TaskSchedule::Unit::Hours;
        return minutes ? readCount(object, "minutes", TaskSchedule::MaxMinutes, &schedule->every)
                       : readCount(object, "hours", TaskSchedule::MaxHours, &schedule->every);
    }
    if (kindText == QLatin1String("daily")) {
        schedule->kind = TaskSchedule::Kind::Daily;
        const QJsonValue at = object.value(QLatin1String("at"));
        const QTime time = QTime::fromString(at.toString(), QStringLiteral("HH:mm"));
        if (!at.isString() || !time.isValid())
            return bad("at", at, QStringLiteral("a time of day as \"HH:MM\" (00:00 to 23:59)"));
        schedule->at = time;
        const QJsonValue days = object.value(QLatin1String("weekdays"));
        if (days.isUndefined())
            return {};
        if (!days.isArray() || days.toArray().isEmpty())
            return bad("weekdays", days,
                       QStringLiteral("a list of one or more of \"mon\" ... \"sun\""));
        schedule->weekdays = 0;
        for (const QJsonValue day : days.toArray()) {
            int found = 0;
            for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
                if (day.toString() == weekdayKey(Qt::DayOfWeek(d)))
                    found = 1 << (d - 1);
            }
            if (!found)
                return QStringLiteral("\"%1\": \"weekdays\" has %2, not one of \"mon\" ... "
                                      "\"sun\"")
                    .arg(QLatin1String(ScheduleKey), JsonWords::valueText(day));
            schedule->weekdays |= found;
        }
        return {};
    }
    if (kindText == QLatin1String("cron")) {
        schedule->kind = TaskSchedule::Kind::Cron;
        const QJsonValue expression = object.value(QLatin1String("expression"));
        if (!expression.isString())
            return bad("expression", expression, QStringLiteral("a cron expression as text"));
        // Kept as written: whether it parses is asked when it is armed and in the editor.
        schedule->cron = expression.toString();
        return {};
    }
    *schedule = TaskSchedule();
    return bad("kind", kind, QStringLiteral("\"every\", \"daily\" or \"cron\""));
}

void writeSchedule(const TaskSchedule &schedule, QJsonObject *task)
{
    if (!schedule.isSet())
        return;
    QJsonObject object;
    switch (schedule.kind) {
    case TaskSchedule::Kind::None:
        return;
    case TaskSchedule::Kind::Every:
        object[QLatin1String("kind")] = QStringLiteral("every");
        object[QLatin1String(schedule.unit == TaskSchedule::Unit::Minutes ? "minutes" : "hours")]
            = schedule.every;
        break;
    case TaskSchedule::Kind::Daily: {
        object[QLatin1String("kind")] = QStringLiteral("daily");
        object[QLatin1String("at")] = schedule.at.toString(QStringLiteral("HH:mm"));
        if ((schedule.weekdays & TaskSchedule::AllWeekdays) != TaskSchedule::AllWeekdays) {
            QJsonArray days;
            for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
                if (TaskSchedule::hasWeekday(schedule.weekdays, Qt::DayOfWeek(d)))
                    days.append(weekdayKey(Qt::DayOfWeek(d)));
            }
            object[QLatin1String("weekdays")] = days;
        }
        break;
    }
    case TaskSchedule::Kind::Cron:
        object[QLatin1String("kind")] = QStringLiteral("cron");
        object[QLatin1String("expression")] = schedule.cron;
        break;
    }
    if (schedule.runIfMissed)
        object[QLatin1String("runIfMissed")] = true;
    task->insert(QLatin1String(ScheduleKey), object);
}
