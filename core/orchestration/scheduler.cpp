#include "scheduler.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSchedule, "taskrunner.orchestration.schedule")

Scheduler::Scheduler(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early by 5 %
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::check);
}

void Scheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void Scheduler::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
}

QTimeZone Scheduler::timeZone() const
{
    return m_zone.isValid() ? m_zone : QTimeZone::systemTimeZone();
}

QDateTime Scheduler::now() const
{
    return m_clock().toUTC();
}

void Scheduler::arm(const QString &taskId, const ScheduleRule &rule, const QString &ruleKey,
                    const QDateTime &lastFire, bool catchUp)
{
    const auto existing = m_entries.constFind(taskId);
    if (existing != m_entries.cend() && existing->ruleKey == ruleKey)
        return;
    const QDateTime now = this->now();
    if (!m_lastCheck.isValid())
        m_lastCheck = now;
    const QTimeZone zone = timeZone();
    Entry entry{rule, ruleKey, QDateTime(), false};
    // Fired a little "later" than now: the clock went back since; those times are not repeated.
    const bool recentFuture
        = lastFire.isValid() && lastFire > now && lastFire.secsTo(now) >= -MaxBackJumpSecs;
    entry.due = rule.nextAfter(recentFuture ? lastFire : now, zone);
    if (catchUp && lastFire.isValid() && lastFire < now) {
        const QDateTime missedDue = rule.nextAfter(lastFire, zone);
        if (missedDue.isValid() && missedDue <= now) {
            entry.due = missedDue;
            entry.whileClosed = true;
        }
    }
    m_entries.insert(taskId, entry);
    rearmTimer(now);
}

void Scheduler::disarm(const QString &taskId)
{
    if (m_entries.remove(taskId))
        rearmTimer(now());
}

void Scheduler::keepOnly(const QStringList &taskIds)
{
    bool removed = false;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (taskIds.contains(it.key())) {
            ++it;
        } else {
            it = m_entries.erase(it);
            removed = true;
        }
    }
    if (removed)
        rearmTimer(now());
}

QDateTime Scheduler::nextFire(const QString &taskId) const
{
    const auto found = m_entries.constFind(taskId);
    return found == m_entries.cend() ? QDateTime() : found->due;
}

void Scheduler::check()
{
    const QDateTime now = this->now();
    const QTimeZone zone = timeZone();
    if (m_lastCheck.isValid() && now.secsTo(m_lastCheck) > MaxBackJumpSecs) {
        qCInfo(lcSchedule) << "the clock went back from" << m_lastCheck << "to" << now
                           << ": schedules start again from the new time";
        for (Entry &entry : m_entries) {
            entry.due = entry.rule.nextAfter(now, zone);
            entry.whileClosed = false;
        }
    }
    m_lastCheck = now;
    QList<Fire> fires;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        Entry &entry = it.value();
        if (!entry.due.isValid() || entry.due > now)
            continue;
        Fire fire{it.key(), entry.due, now, 0, entry.whileClosed};
        fire.missed = entry.rule.countBetween(entry.due, now, zone, MissedCap - 1);
        if (fire.missed > 0)
            qCInfo(lcSchedule).noquote()
                << QStringLiteral("task %1: missed %2 fire time(s) from %3 to %4; fired once")
                       .arg(it.key())
                       .arg(fire.missed)
                       .arg(entry.due.toString(Qt::ISODate), now.toString(Qt::ISODate));
        // From now, not from the time fired: each passed time fires at most once, all at once.
        entry.due = entry.rule.nextAfter(now, zone);
        entry.whileClosed = false;
        fires.append(fire);
    }
    rearmTimer(now);
    // After the state is settled: a slot may arm, disarm or check again.
    for (const Fire &fire : fires)
        Q_EMIT fired(fire);
}

void Scheduler::rearmTimer(const QDateTime &now)
{
    QDateTime earliest;
    for (const Entry &entry : m_entries) {
        if (entry.due.isValid() && (!earliest.isValid() || entry.due < earliest))
            earliest = entry.due;
    }
    if (!earliest.isValid()) {
        m_timer.stop();
        return;
    }
    const qint64 ms = std::clamp<qint64>(now.msecsTo(earliest), 0, MaxWaitMs);
    m_timer.start(int(ms));
}
