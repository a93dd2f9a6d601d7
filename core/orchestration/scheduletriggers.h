#pragma once

#include "schedulememory.h"
#include "scheduler.h"
#include "triggersource.h"

#include <QHash>
#include <QSet>

// The tasks' schedules as a TriggerSource: each task's schedule armed in a Scheduler, its last
// fire remembered (ScheduleMemory) for "run at start if missed", its problem kept for the task
// list when it cannot be armed (a cron expression that does not parse: the task is still in
// the library and runs by hand).
class ScheduleTriggers : public TriggerSource
{
    Q_OBJECT
public:
    explicit ScheduleTriggers(const ScheduleMemory &memory = ScheduleMemory(),
                              QObject *parent = nullptr);

    Scheduler *scheduler() { return &m_scheduler; }

    void arm(const QList<Task> &tasks) override;
    Status status(const QString &taskId) const override;

    // "every 5 min", "daily at 09:30", "at 09:30 Mon–Fri", "cron 0 9 * * 1-5".
    static QString describe(const TaskSchedule &schedule);
    // "14:05" today, "Tue 14:05" within a week, "Tue 3 Dec 14:05" past that (in zone).
    static QString timeWords(const QDateTime &time, const QDateTime &now, const QTimeZone &zone);
    // What tells one schedule from another (its JSON but "run if missed").
    static QString ruleKey(const TaskSchedule &schedule);

private:
    void onFired(const Scheduler::Fire &fire);

    Scheduler m_scheduler;
    ScheduleMemory m_memory;
    QHash<QString, TaskSchedule> m_schedules; // armed, by task id
    QHash<QString, QString> m_names;          // the tasks' names, for notes
    QHash<QString, QString> m_problems;       // by task id: why it cannot be armed
};
