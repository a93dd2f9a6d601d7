// RestartBackoff: the restart policy's arithmetic, fed attempt times by the test; no clock,
// no sleeping.
#include "restartbackoff.h"

#include <QTest>

using namespace std::chrono_literals;

namespace {

// One attempt: how long it stayed up, how it ended, and the wait before it started (after the
// previous attempt's end) - the time the test's clock moves on.
struct Attempt
{
    qint64 upMs = 100;
    int exitCode = 1; // -1: stopped by the user; -2: crashed; -3: timed out
};

RunResult resultOf(int code)
{
    RunResult result;
    switch (code) {
    case -1:
        result.outcome = RunOutcome::Stopped;
        break;
    case -2:
        result.outcome = RunOutcome::Crashed;
        result.signal = 11;
        break;
    case -3:
        result.outcome = RunOutcome::TimedOut;
        break;
    case -4:
        result.outcome = RunOutcome::Killed;
        break;
    default:
        result.outcome = RunOutcome::Exited;
        result.exitCode = code;
    }
    return result;
}

RestartPolicy policy(RestartPolicy::When when, int maxRestarts = 5, int withinMinutes = 10)
{
    RestartPolicy policy;
    policy.when = when;
    policy.maxRestarts = maxRestarts;
    policy.withinMinutes = withinMinutes;
    return policy;
}

} // namespace

Q_DECLARE_METATYPE(QList<Attempt>)
Q_DECLARE_METATYPE(RestartPolicy)

class RestartBackoffTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The delays (ms) decided after each attempt, -1 where none is made and -2 where it gives
    // up. Each attempt starts when the delay before it is over.
    void delays_data()
    {
        QTest::addColumn<RestartPolicy>("policy");
        QTest::addColumn<QList<Attempt>>("attempts");
        QTest::addColumn<QList<qint64>>("delays");
        using W = RestartPolicy::When;

        QTest::newRow("never restarts")
            << policy(W::Never) << QList<Attempt>{{100, 1}} << QList<qint64>{-1};
        QTest::newRow("doubles from 1 s, gives up after 5 in 10 min")
            << policy(W::OnFailure) << QList<Attempt>(6, Attempt{100, 1})
            << QList<qint64>{1000, 2000, 4000, 8000, 16000, -2};
        QTest::newRow("capped at 60 s")
            << policy(W::OnFailure, 20, 60) << QList<Attempt>(9, Attempt{100, 1})
            << QList<qint64>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        QTest::newRow("on failure: not after exit 0")
            << policy(W::OnFailure) << QList<Attempt>{{100, 1}, {100, 0}}
            << QList<qint64>{1000, -1};
        QTest::newRow("on failure: a crash and a timeout are failures")
            << policy(W::OnFailure) << QList<Attempt>{{100, -2}, {100, -3}}
            << QList<qint64>{1000, 2000};
        QTest::newRow("always: after exit 0 too")
            << policy(W::Always) << QList<Attempt>{{100, 0}, {100, 0}} << QList<qint64>{1000, 2000};
        QTest::newRow("the user's stop ends it")
            << policy(W::Always) << QList<Attempt>{{100, 1}, {100, -1}} << QList<qint64>{1000, -1};
        QTest::newRow("the user's kill ends it")
            << policy(W::Always) << QList<Attempt>{{100, -4}} << QList<qint64>{-1};
        // An attempt that stayed up 60 s or more starts the doubling again: a service that
        // crashes once in a while is restarted within a second each time.
        QTest::newRow("reset after a long run")
            << policy(W::OnFailure, 20, 60)
            << QList<Attempt>{{100, 1}, {100, 1}, {100, 1}, {60'000, 1}, {100, 1}, {59'999, 1}}
            << QList<qint64>{1000, 2000, 4000, 1000, 2000, 4000};
        // The window moves: restarts older than withinMinutes no longer count. Five quick
        // failures, then one after an hour up: not a give-up but a fresh 1 s.
        QTest::newRow("old restarts leave the window")
            << policy(W::OnFailure, 5, 10)
            << QList<Attempt>{{100, 1}, {100, 1}, {100, 1}, {100, 1}, {100, 1}, {3'600'000, 1}}
            << QList<qint64>{1000, 2000, 4000, 8000, 16000, 1000};
        QTest::newRow("one restart allowed")
            << policy(W::Always, 1, 1) << QList<Attempt>{{100, 0}, {100, 0}}
            << QList<qint64>{1000, -2};
        QTest::newRow("give-up counts restarts within the window only")
            << policy(W::OnFailure, 2, 1)
            << QList<Attempt>{{100, 1}, {100, 1}, {100, 1}, {61'000, 1}, {100, 1}}
            << QList<qint64>{1000, 2000, -2, 1000, 2000};
        QTest::newRow("a long row of failures does not overflow")
            << policy(W::OnFailure, 1000, 24 * 60) << QList<Attempt>(70, Attempt{1, 1}) << [] {
                   QList<qint64> delays{1000, 2000, 4000, 8000, 16000, 32000};
                   while (delays.size() < 70)
                       delays.append(60000);
                   return delays;
               }();
    }
    void delays()
    {
        QFETCH(RestartPolicy, policy);
        QFETCH(QList<Attempt>, attempts);
        QFETCH(QList<qint64>, delays);
        QCOMPARE(attempts.size(), delays.size());
        RestartBackoff backoff(policy, RestartBackoff::Timing{});
        qint64 now = 1'000'000; // any steady clock
        int restarts = 0;
        for (int i = 0; i < attempts.size(); ++i) {
            const qint64 started = now;
            now += attempts[i].upMs;
            const RestartBackoff::Decision decision
                = backoff.attemptEnded(started, now, resultOf(attempts[i].exitCode));
            const qint64 got = decision.restart  ? decision.delay.count()
                               : decision.gaveUp ? -2
                                                 : -1;
            QVERIFY2(got == delays[i], qPrintable(QStringLiteral("attempt %1: %2, expected %3")
                                                      .arg(i + 1)
                                                      .arg(got)
                                                      .arg(delays[i])));
            if (decision.restart) {
                ++restarts;
                QVERIFY(decision.inWindow >= 1 && decision.inWindow <= policy.maxRestarts);
                now += decision.delay.count();
            }
            QCOMPARE(backoff.restartCount(), restarts);
        }
    }

    // "Restart 3 of at most 5": the restarts within the window, this one included.
    void countsWithinTheWindow()
    {
        RestartBackoff backoff(policy(RestartPolicy::When::OnFailure, 5, 1));
        QCOMPARE(backoff.attemptEnded(0, 10, resultOf(1)).inWindow, 1);
        QCOMPARE(backoff.attemptEnded(1010, 1020, resultOf(1)).inWindow, 2);
        // The first restart (at 10 ms) leaves the window a minute later.
        QCOMPARE(backoff.attemptEnded(3020, 60'020, resultOf(1)).inWindow, 2);
        QCOMPARE(backoff.restartCount(), 3);
    }

    // A shorter timing (what the suites with real processes use) is followed exactly.
    void timingIsInjectable()
    {
        RestartBackoff backoff(policy(RestartPolicy::When::Always, 10, 10),
                               RestartBackoff::Timing{10ms, 25ms, 1000ms});
        QList<qint64> got;
        qint64 now = 0;
        for (int i = 0; i < 4; ++i) {
            const auto decision = backoff.attemptEnded(now, now + 5, resultOf(0));
            got.append(decision.delay.count());
            now += 5 + decision.delay.count();
        }
        QCOMPARE(got, (QList<qint64>{10, 20, 25, 25}));
        const auto afterLongRun = backoff.attemptEnded(now, now + 1000, resultOf(0));
        QCOMPARE(afterLongRun.delay, 10ms);
    }
};

QTEST_GUILESS_MAIN(RestartBackoffTest)
#include "tst_restartbackoff.moc"
