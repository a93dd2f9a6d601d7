#pragma once

#include <QJsonObject>
#include <QString>
#include <QTime>

// When a task runs by itself while the app is open: never (the default), every N minutes or
// hours, at a time of day on chosen weekdays, or on a five-field cron expression. What the
// user saved, as saved: the cron text is kept as written (a bad one is the schedule's problem
// when it is armed, not the task's: the task still loads and runs by hand). The times a
// schedule fires are ScheduleRule's (core/orchestration).
struct TaskSchedule
{
    enum class Kind { None, Every, Daily, Cron };
    enum class Unit { Minutes, Hours };
    // Mon = bit 0 ... Sun = bit 6, as Qt::DayOfWeek - 1.
    static constexpr int AllWeekdays = 0x7f;
    static constexpr int MaxMinutes = 1440; // a day
    static constexpr int MaxHours = 168;    // a week

    Kind kind = Kind::None;
    int every = 5; // Every: how many units
    Unit unit = Unit::Minutes;
    QTime at = QTime(9, 0);     // Daily: the time of day (whole minutes)
    int weekdays = AllWeekdays; // Daily: the days it runs on
    QString cron;               // Cron: the expression as written
    bool runIfMissed = false;   // run once at start when a fire time passed while closed

    bool isSet() const { return kind != Kind::None; }
    static bool hasWeekday(int weekdays, Qt::DayOfWeek day) { return weekdays & (1 << (day - 1)); }

    friend bool operator==(const TaskSchedule &a, const TaskSchedule &b);
    friend bool operator!=(const TaskSchedule &a, const TaskSchedule &b) { return !(a == b); }
};

// The task file's "schedule" object and back. A task without the key has no schedule, and a task
// without a schedule is written without it (a file of before schedules reads and writes as
// before). readSchedule returns the problem, naming the key ("\"schedule\": \"minutes\" is 0, not
// a whole number from 1 to 1440"), empty when the value is fine.
QString readSchedule(const QJsonObject &task, TaskSchedule *schedule);
void writeSchedule(const TaskSchedule &schedule, QJsonObject *task);

// "mon" ... "sun", the file's and cron's names of Qt::DayOfWeek.
QString weekdayKey(Qt::DayOfWeek day);
