#pragma once

#include "schedulerule.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimeZone>
#include <QTimer>

#include <functional>

// Fires the tasks' schedules while the app runs: fire(taskId) once per fire time, never twice
// for one, and never skipping one silently.
//
// One timer for all tasks, armed for the earliest fire time but never for longer than
// MaxWaitMs: a suspended machine or a changed clock is noticed within that (a QTimer counts
// monotonic time, which stops during suspend and does not follow the wall clock). Every check
// reads the clock (injectable, so tests never sleep: setClock() and check()):
// - fire times passed since the last check fire once, saying how many were missed
//   (Fire::missed: the clock jumped forward, the machine slept);
// - the clock moved back by up to MaxBackJump: times already fired are not fired again (the
//   next fire time stays where it was); by more, the clock is taken as having been wrong and
//   each schedule starts again from the new time (as Vixie cron does past three hours).
class Scheduler : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxWaitMs = 60'000;
    static constexpr qint64 MaxBackJumpSecs = 3 * 3600;
    // Counting missed fire times stops here ("more than 999").
    static constexpr int MissedCap = 1000;

    using Clock = std::function<QDateTime()>;

    struct Fire
    {
        QString taskId;
        QDateTime due;            // the first fire time that passed (UTC)
        QDateTime at;             // when it was noticed (the clock's now)
        int missed = 0;           // fire times passed besides the one fired, up to MissedCap - 1
        bool whileClosed = false; // the fire time passed before the app started (run if missed)
    };

    explicit Scheduler(QObject *parent = nullptr);

    // Now, for every decision (QDateTime::currentDateTimeUtc() by default).
    void setClock(Clock clock);
    // The zone of wall-clock rules (invalid, the default: the system's, asked at each check, so
    // a change of the system's zone is followed).
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const;
    // The clock's now (UTC).
    QDateTime now() const;

    // Arms taskId with rule, replacing what it had, unless it has the same rule already (then
    // its next fire time stays). lastFire: when it last fired, as remembered across runs of the
    // app (invalid: never). catchUp: when a fire time passed after lastFire (the app was
    // closed), fire once at the next check.
    void arm(const QString &taskId, const ScheduleRule &rule, const QString &ruleKey,
             const QDateTime &lastFire = QDateTime(), bool catchUp = false);
    void disarm(const QString &taskId);
    // Every task but these is disarmed.
    void keepOnly(const QStringList &taskIds);
    bool isArmed(const QString &taskId) const { return m_entries.contains(taskId); }
    // When it fires next (invalid when not armed or never).
    QDateTime nextFire(const QString &taskId) const;
    // When the timer is set to look at the clock next, in ms (-1: not set).
    int nextCheckMs() const { return m_timer.isActive() ? m_timer.interval() : -1; }

public Q_SLOTS:
    // Looks at the clock now: fires what is due, then sets the timer again.
    void check();

Q_SIGNALS:
    void fired(const Scheduler::Fire &fire);

private:
    struct Entry
    {
        ScheduleRule rule;
        QString ruleKey;
        QDateTime due; // the next fire time (UTC)
        bool whileClosed = false;
    };
    void rearmTimer(const QDateTime &now);

    Clock m_clock;
    QTimeZone m_zone;
    QHash<QString, Entry> m_entries;
    QDateTime m_lastCheck;
    QTimer m_timer;
};

Q_DECLARE_METATYPE(Scheduler::Fire)
