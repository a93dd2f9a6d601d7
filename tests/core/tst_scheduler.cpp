// The Scheduler on an injected clock (no test sleeps): fires once per fire time, never twice,
// says how many were missed when the clock jumps forward, does not repeat after it jumps back,
// and catches up once at start on a time missed while closed. ScheduleTriggers on top: the
// last fire remembered, a schedule that cannot be armed shown as a problem.

#include "runrequest.h"
#include "scheduler.h"
#include "scheduletriggers.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QTimeZone Berlin("Europe/Berlin");

// The test's clock: now is what the test says, moved only by advance().
struct FakeClock
{
    QDateTime now = QDateTime(QDate(2026, 6, 10), QTime(10, 0, 30), Berlin).toUTC();
    void advance(qint64 secs) { now = now.addSecs(secs); }
    Scheduler::Clock clock()
    {
        return [this] { return now; };
    }
};

ScheduleRule rule(TaskSchedule::Kind kind, const QString &cron = QString(), int every = 5)
{
    TaskSchedule schedule;
    schedule.kind = kind;
    schedule.cron = cron;
    schedule.every = every;
    return *ScheduleRule::fromSchedule(schedule);
}

ScheduleRule everyFiveMinutes()
{
    return rule(TaskSchedule::Kind::Every);
}

QList<Scheduler::Fire> fires(const QSignalSpy &spy)
{
    QList<Scheduler::Fire> list;
    for (const QList<QVariant> &args : spy)
        list.append(args.at(0).value<Scheduler::Fire>());
    return list;
}

} // namespace

class tst_Scheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(Berlin.isValid(), "tzdata (Europe/Berlin) is needed");
        qRegisterMetaType<Scheduler::Fire>();
    }

    void firesOnceAtItsTime()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        scheduler.setTimeZone(Berlin);
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"), everyFiveMinutes(), QStringLiteral("k"));
        QCOMPARE(scheduler.nextFire(QStringLiteral("t")),
                 QDateTime(QDate(2026, 6, 10), QTime(10, 5), Berlin).toUTC());
        // The timer waits for the fire time, never longer than a minute.
        QCOMPARE(scheduler.nextCheckMs(), Scheduler::MaxWaitMs);
        clock.advance(4 * 60);
        scheduler.check();
        QCOMPARE(spy.count(), 0);
        QCOMPARE(scheduler.nextCheckMs(), 30'000); // 10:04:30 -> 10:05
        clock.advance(30);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        const Scheduler::Fire fire = fires(spy).first();
        QCOMPARE(fire.taskId, QStringLiteral("t"));
        QCOMPARE(fire.missed, 0);
        QVERIFY(!fire.whileClosed);
        // Checked again at the same time (a late timer, a second check): not again.
        scheduler.check();
        clock.advance(1);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        clock.advance(5 * 60);
        scheduler.check();
        QCOMPARE(spy.count(), 2);
    }

    // The real timer, on the real clock's schedule: it does fire by itself.
    void timerFiresByItself()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"), everyFiveMinutes(), QStringLiteral("k"));
        clock.advance(10 * 60);                    // now past it: the next check fires it
        scheduler.disarm(QStringLiteral("other")); // nothing armed changed: the timer stays
        scheduler.arm(QStringLiteral("u"), everyFiveMinutes(), QStringLiteral("k"));
        QCOMPARE(scheduler.nextCheckMs(), 0);
        QVERIFY(spy.wait(10'000));
    }

    void clockJumpsForwardFiresOnceSayingMissed()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        scheduler.setTimeZone(Berlin);
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"), everyFiveMinutes(), QStringLiteral("k"));
        clock.advance(3600); // 10:00:30 -> 11:00:30: 10:05 ... 11:00 passed, 12 times
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(fires(spy).first().missed, 11);
        QCOMPARE(scheduler.nextFire(QStringLiteral("t")),
                 QDateTime(QDate(2026, 6, 10), QTime(11, 5), Berlin).toUTC());
        scheduler.check();
        QCOMPARE(spy.count(), 1);
    }

    void clockJumpsBackDoesNotRepeat()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        scheduler.setTimeZone(Berlin);
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"), everyFiveMinutes(), QStringLiteral("k"));
        clock.advance(5 * 60); // 10:05:30: fires 10:05
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        clock.advance(-30 * 60); // 09:35:30: 09:40 ... 10:05 fired already (10:05) or are past
        scheduler.check();
        for (int i = 0; i < 30; ++i) { // back to 10:05:30, a minute at a time
            clock.advance(60);
            scheduler.check();
        }
        QCOMPARE(spy.count(), 1); // 10:05 did not fire again, nor did the times before it
        clock.advance(5 * 60);    // 10:10:30
        scheduler.check();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(fires(spy).last().missed, 0);
    }

    // More than three hours back: the clock was wrong; the schedule goes on from the new time
    // rather than waiting for the old one.
    void clockJumpsFarBackStartsAgain()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"), everyFiveMinutes(), QStringLiteral("k"));
        scheduler.check();
        clock.advance(-24 * 3600);
        scheduler.check();
        QCOMPARE(spy.count(), 0);
        clock.advance(5 * 60);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(fires(spy).first().missed, 0);
    }

    // Fall-back with a time of day in the repeated hour: one fire, though the wall clock shows
    // 02:30 twice.
    void repeatedHourFiresOnce()
    {
        FakeClock clock;
        clock.now = QDateTime::fromString(QStringLiteral("2026-10-25T02:00:00+02:00"), Qt::ISODate)
                        .toUTC();
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        scheduler.setTimeZone(Berlin);
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("t"),
                      rule(TaskSchedule::Kind::Cron, QStringLiteral("30 2 * * *")),
                      QStringLiteral("k"));
        for (int i = 0; i < 3 * 60; ++i) { // 02:00 CEST to 04:00 CET, a minute at a time
            clock.advance(60);
            scheduler.check();
        }
        QCOMPARE(spy.count(), 1);
    }

    void catchesUpOnceAtStart()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        scheduler.setTimeZone(Berlin);
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        const ScheduleRule daily = rule(TaskSchedule::Kind::Cron, QStringLiteral("0 9 * * *"));
        // Last fired two days ago at 09:00: today's and yesterday's 09:00 passed while closed.
        const QDateTime last = clock.now.addDays(-2).addSecs(-3600);
        scheduler.arm(QStringLiteral("missed"), daily, QStringLiteral("k"), last, true);
        // The same without "run if missed": nothing now.
        scheduler.arm(QStringLiteral("plain"), daily, QStringLiteral("k"), last, false);
        // Fired today already: nothing missed.
        scheduler.arm(QStringLiteral("fresh"), daily, QStringLiteral("k"), clock.now.addSecs(-3600),
                      true);
        QCOMPARE(scheduler.nextCheckMs(), 0);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        const Scheduler::Fire fire = fires(spy).first();
        QCOMPARE(fire.taskId, QStringLiteral("missed"));
        QVERIFY(fire.whileClosed);
        QCOMPARE(fire.missed, 1);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        // Armed again with the same rule (the library changed): nothing new.
        scheduler.arm(QStringLiteral("missed"), daily, QStringLiteral("k"), last, true);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(scheduler.nextFire(QStringLiteral("missed")),
                 QDateTime(QDate(2026, 6, 11), QTime(9, 0), Berlin).toUTC());
    }

    void keepOnlyDisarms()
    {
        FakeClock clock;
        Scheduler scheduler;
        scheduler.setClock(clock.clock());
        QSignalSpy spy(&scheduler, &Scheduler::fired);
        scheduler.arm(QStringLiteral("a"), everyFiveMinutes(), QStringLiteral("k"));
        scheduler.arm(QStringLiteral("b"), everyFiveMinutes(), QStringLiteral("k"));
        scheduler.keepOnly({QStringLiteral("b")});
        QVERIFY(!scheduler.isArmed(QStringLiteral("a")));
        clock.advance(600);
        scheduler.check();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(fires(spy).first().taskId, QStringLiteral("b"));
        scheduler.keepOnly({});
        QCOMPARE(scheduler.nextCheckMs(), -1);
    }

    // ScheduleTriggers: a bad schedule is a problem of its task alone; the last fire is
    // remembered, so a later start catches up once.
    void triggersRememberAndShowProblems()
    {
        QTemporaryDir dir;
        const ScheduleMemory memory(dir.filePath(QStringLiteral("settings.ini")));
        FakeClock clock;
        Task good;
        good.id = QStringLiteral("good");
        good.name = QStringLiteral("good");
        good.schedule.kind = TaskSchedule::Kind::Cron;
        good.schedule.cron = QStringLiteral("0 9 * * *");
        good.schedule.runIfMissed = true;
        Task bad = good;
        bad.id = QStringLiteral("bad");
        bad.name = QStringLiteral("bad");
        bad.schedule.cron = QStringLiteral("0 25 * * *");
        Task none;
        none.id = QStringLiteral("none");
        {
            ScheduleTriggers triggers(memory);
            triggers.scheduler()->setClock(clock.clock());
            triggers.scheduler()->setTimeZone(Berlin);
            QSignalSpy fired(&triggers, &TriggerSource::fired);
            triggers.arm({good, bad, none});
            QCOMPARE(triggers.status(QStringLiteral("bad")).problem,
                     QStringLiteral("Schedule not armed: hour: 25 is out of range 0-23."));
            QVERIFY(triggers.status(QStringLiteral("good"))
                        .summary.startsWith(QStringLiteral("cron 0 9 * * * · next ")));
            QVERIFY(!triggers.status(QStringLiteral("none")).isSet());
            // First armed now: nothing before counts as missed.
            triggers.scheduler()->check();
            QCOMPARE(fired.count(), 0);
            clock.advance(23 * 3600); // 09:00:30 the next day
            triggers.scheduler()->check();
            QCOMPARE(fired.count(), 1);
            QCOMPARE(fired.first().at(1).toString(), RunTriggers::schedule());
        }
        // "Closed" for two days; started again: one run for what it missed.
        clock.advance(2 * 24 * 3600);
        ScheduleTriggers again(memory);
        again.scheduler()->setClock(clock.clock());
        again.scheduler()->setTimeZone(Berlin);
        QSignalSpy fired(&again, &TriggerSource::fired);
        QSignalSpy notes(&again, &TriggerSource::note);
        again.arm({good, bad, none});
        again.scheduler()->check();
        QCOMPARE(fired.count(), 1);
        QCOMPARE(fired.first().at(0).toString(), QStringLiteral("good"));
        QCOMPARE(notes.count(), 1);
        again.scheduler()->check();
        QCOMPARE(fired.count(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Scheduler)
#include "tst_scheduler.moc"
