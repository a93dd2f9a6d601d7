#include "scheduletriggers.h"

#include "runrequest.h"

#include <QJsonDocument>
#include <QLocale>

#include <utility>

ScheduleTriggers::ScheduleTriggers(const ScheduleMemory &memory, QObject *parent)
    : TriggerSource(parent)
    , m_memory(memory)
{
    connect(&m_scheduler, &Scheduler::fired, this, &ScheduleTriggers::onFired);
}

QString ScheduleTriggers::ruleKey(const TaskSchedule &schedule)
{
    TaskSchedule rule = schedule;
    rule.runIfMissed = false;
    QJsonObject object;
    writeSchedule(rule, &object);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void ScheduleTriggers::arm(const QList<Task> &tasks)
{
    QStringList armed;
    const QHash<QString, TaskSchedule> armedBefore = std::exchange(m_schedules, {});
    const QHash<QString, QString> problemsBefore = std::exchange(m_problems, {});
    m_names.clear();
    for (const Task &task : tasks) {
        if (!task.schedule.isSet()) {
            // Set again later, it starts afresh rather than catching up on this pause.
            if (m_scheduler.isArmed(task.id))
                m_memory.forget(task.id);
            continue;
        }
        QString problem;
        const auto rule = ScheduleRule::fromSchedule(task.schedule, &problem);
        if (!rule) {
            m_problems.insert(task.id, problem);
            continue;
        }
        const QString key = ruleKey(task.schedule);
        QDateTime last = m_memory.lastFire(task.id, key);
        if (!last.isValid()) // first armed: nothing before now counts as missed
            m_memory.remember(task.id, key, m_scheduler.now());
        m_scheduler.arm(task.id, *rule, key, last, task.schedule.runIfMissed);
        m_schedules.insert(task.id, task.schedule);
        m_names.insert(task.id, task.name);
        armed.append(task.id);
    }
    m_scheduler.keepOnly(armed);
    // Only when the list has something new to show: every change of the library arms again.
    if (m_schedules != armedBefore || m_problems != problemsBefore)
        Q_EMIT statusChanged();
}

TriggerSource::Status ScheduleTriggers::status(const QString &taskId) const
{
    Status status;
    if (const auto problem = m_problems.constFind(taskId); problem != m_problems.cend()) {
        status.mark = QStringLiteral("⚠");
        status.problem = QStringLiteral("Schedule not armed: %1.").arg(*problem);
        return status;
    }
    const auto schedule = m_schedules.constFind(taskId);
    if (schedule == m_schedules.cend())
        return status;
    status.mark = QStringLiteral("◷");
    status.summary = describe(*schedule);
    const QDateTime next = m_scheduler.nextFire(taskId);
    if (next.isValid())
        status.summary += QStringLiteral(" · next ")
                          + timeWords(next, m_scheduler.now(), m_scheduler.timeZone());
    return status;
}

void ScheduleTriggers::onFired(const Scheduler::Fire &fire)
{
    const auto schedule = m_schedules.constFind(fire.taskId);
    if (schedule == m_schedules.cend())
        return;
    m_memory.remember(fire.taskId, ruleKey(*schedule), fire.at);
    const QString name = m_names.value(fire.taskId);
    if (fire.whileClosed)
        Q_EMIT note(QStringLiteral("\"%1\" ran once for the schedule it missed while the app was "
                                   "closed.")
                        .arg(name));
    else if (fire.missed > 0)
        Q_EMIT note(QStringLiteral("\"%1\" missed %2 scheduled time(s) (the clock jumped or the "
                                   "computer slept) and ran once.")
                        .arg(name)
                        .arg(fire.missed >= Scheduler::MissedCap - 1
                                 ? QStringLiteral("more than %1").arg(fire.missed)
                                 : QString::number(fire.missed)));
    Q_EMIT fired(fire.taskId, RunTriggers::schedule());
    Q_EMIT statusChanged(); // its next time moved
}

QString ScheduleTriggers::describe(const TaskSchedule &schedule)
{
    switch (schedule.kind) {
    case TaskSchedule::Kind::None:
        break;
    case TaskSchedule::Kind::Every:
        return schedule.unit == TaskSchedule::Unit::Minutes
                   ? QStringLiteral("every %1 min").arg(schedule.every)
                   : QStringLiteral("every %1 h").arg(schedule.every);
    case TaskSchedule::Kind::Daily: {
        const QString at = schedule.at.toString(QStringLiteral("HH:mm"));
        if ((schedule.weekdays & TaskSchedule::AllWeekdays) == TaskSchedule::AllWeekdays)
            return QStringLiteral("daily at %1").arg(at);
        QStringList days;
        const QLocale c = QLocale::c();
        for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
            if (TaskSchedule::hasWeekday(schedule.weekdays, Qt::DayOfWeek(d)))
                days.append(c.dayName(d, QLocale::ShortFormat));
        }
        return QStringLiteral("at %1 on %2").arg(at, days.join(QStringLiteral(", ")));
    }
    case TaskSchedule::Kind::Cron:
        return QStringLiteral("cron %1").arg(schedule.cron.simplified());
    }
    return {};
}

QString ScheduleTriggers::timeWords(const QDateTime &time, const QDateTime &now,
                                    const QTimeZone &zone)
{
    const QDateTime local = time.toTimeZone(zone);
    const QDate today = now.toTimeZone(zone).date();
    const QLocale c = QLocale::c();
    if (local.date() == today)
        return c.toString(local, QStringLiteral("HH:mm"));
    if (today.daysTo(local.date()) < 7)
        return c.toString(local, QStringLiteral("ddd HH:mm"));
    return c.toString(local, QStringLiteral("ddd d MMM yyyy HH:mm"));
}
