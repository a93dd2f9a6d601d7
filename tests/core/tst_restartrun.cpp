// The restart policy with real processes: the restarts of a service are one run (one id, one
// log, one history row), every attempt's output kept between marked lines; no process of an
// attempt lives on into the next (checked in /proc by a marker of the test's own); the user's
// Stop or Kill ends the policy, also while waiting. The backoff is made short (RestartBackoff's
// test timing), so nothing here sleeps for the policy's real seconds.
#include "linestore.h"
#include "managedrun.h"
#include "outputlog.h"
#include "procprobe.h"
#include "rawlogwriter.h"
#include "restartbackoff.h"
#include "runhistory.h"
#include "runmanager.h"
#include "taskrun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {
// Generous: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int GenerousMs = 30'000;

QString allText(const OutputLog *log)
{
    QString text;
    const LineStore &store = log->store();
    for (qint64 n = store.firstLineNumber(); n < store.endLineNumber(); ++n)
        text += store.line(n)->text + QLatin1Char('\n');
    return text;
}

QByteArray fileText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

Q_DECLARE_METATYPE(RestartPolicy::When)

class RestartRunTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;

    RunRequest request(const QString &script, RestartPolicy::When when, int maxRestarts = 3)
    {
        RunRequest request;
        request.task.name = QStringLiteral("service");
        request.task.id = QStringLiteral("id-service");
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        request.task.restart.when = when;
        request.task.restart.maxRestarts = maxRestarts;
        request.task.restart.withinMinutes = 10;
        return request;
    }

    static void waitFinished(ManagedRun *run)
    {
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs); // every attempt, and the end
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-restartrun"));
    }

    void init()
    {
        m_marker = ProcProbe::newMarker();
        // 20 ms, 40 ms, 80 ms ...: the doubling of the real 1 s, 2 s, 4 s, without the wait.
        RestartBackoff::setDefaultTimingForTesting({20ms, 80ms, 60'000ms});
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
    }

    // A service that keeps failing is restarted N times, then given up; every attempt's output
    // is in the one log (and its file) between marked lines; at each restart no process of the
    // attempt before is alive - neither a child left in its group nor one that left it
    // (setsid); the history has one row for all of it.
    void failingTaskRestartsThenGivesUp()
    {
        RunHistory history;
        QVERIFY(history.open(m_home.filePath(QStringLiteral("history.sqlite"))).ok);
        RunManager manager(&history);
        const quint64 id = manager.start(
            request(QStringLiteral("sleep 300 & (setsid sleep 300 &); echo attempt; exit 3"),
                    RestartPolicy::When::OnFailure, 3));
        ManagedRun *run = manager.run(id);
        QVERIFY(run);
        QStringList survivorsAtRestart;
        QList<ManagedRun::State> states;
        connect(run, &ManagedRun::stateChanged, this, [&](ManagedRun::State state) {
            states.append(state);
            if (state == ManagedRun::State::Restarting) {
                const QString left = ProcProbe::survivors(m_marker);
                if (!left.isEmpty())
                    survivorsAtRestart.append(left);
            }
        });
        QSignalSpy restarts(run, &ManagedRun::restartsChanged);
        QSignalSpy finished(run, &ManagedRun::finished);
        waitFinished(run);

        QVERIFY2(survivorsAtRestart.isEmpty(), qPrintable(survivorsAtRestart.join(u'\n')));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(restarts.size(), 3);
        QCOMPARE(run->restartCount(), 3);
        QVERIFY(run->gaveUp());
        QCOMPARE(manager.run(id), run); // one run all along
        QCOMPARE(run->result().outcome, RunOutcome::Exited);
        QCOMPARE(run->result().exitCode, 3);
        QCOMPARE(states.count(ManagedRun::State::Restarting), 3);
        QCOMPARE(states.count(ManagedRun::State::Running), 4);
        QCOMPARE(states.last(), ManagedRun::State::Finished);

        const QString text = allText(run->log());
        QCOMPARE(text.count(QLatin1String("attempt\n")), 4);
        for (int n = 1; n <= 3; ++n)
            QVERIFY2(
                text.contains(QStringLiteral("[Restart %1 of at most 3 in 10 min, in ").arg(n)),
                qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(": Exited with code 3 after")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("[Gave up after 3 restarts in 10 min]")),
                 qPrintable(text));
        // The marked lines come between the attempts' output, in order.
        const qsizetype first = text.indexOf(QLatin1String("attempt"));
        const qsizetype marker = text.indexOf(QLatin1String("[Restart 1 of"));
        const qsizetype second = text.indexOf(QLatin1String("attempt"), first + 1);
        QVERIFY(first < marker && marker < second);

        // The file keeps them too: cat shows where each attempt began.
        QVERIFY(!run->logPath().isEmpty());
        if (RawLogWriter *writer = run->log()->logWriter())
            writer->flushForTesting();
        const QByteArray file = fileText(run->logPath());
        QCOMPARE(file.count("attempt\n"), 4);
        QCOMPARE(file.count("[Restart "), 3);
        QVERIFY2(file.contains("\n[Restart 2 of at most 3 in 10 min, in "), file.constData());
        QVERIFY2(file.contains("[Gave up after 3 restarts in 10 min]\n"), file.constData());

        // Given back and read again from the file (a pane shown again): still separated.
        QVERIFY(run->releaseMemory() > 0);
        run->addViewer();
        const QString reloaded = allText(run->log());
        QCOMPARE(reloaded.count(QLatin1String("attempt\n")), 4);
        QCOMPARE(reloaded.count(QLatin1String("[Restart ")), 3);
        QVERIFY2(reloaded.contains(QLatin1String("[Gave up after 3 restarts in 10 min]")),
                 qPrintable(reloaded));
        run->removeViewer();

        const std::optional<RunRecord> record = history.run(run->recordId());
        QVERIFY(record);
        QCOMPARE(record->state, RunRecord::State::Finished);
        QCOMPARE(record->result.exitCode, 3);
        QCOMPARE(record->stdoutBytes, 4 * qint64(sizeof "attempt\n" - 1)); // all attempts
        QCOMPARE(record->logPath, run->logPath());
    }

    // An attempt whose last line has no newline: the marked line still starts a line of its
    // own, in the view and in the file.
    void markedLineStartsALine()
    {
        RunManager manager;
        ManagedRun *run = manager.run(manager.start(
            request(QStringLiteral("printf partial; exit 1"), RestartPolicy::When::OnFailure, 1)));
        waitFinished(run);
        QVERIFY2(allText(run->log()).startsWith(QLatin1String("partial\n[Restart 1 of at most 1")),
                 qPrintable(allText(run->log())));
        if (RawLogWriter *writer = run->log()->logWriter())
            writer->flushForTesting();
        const QByteArray file = fileText(run->logPath());
        QVERIFY2(file.startsWith("partial\n[Restart 1 of at most 1 in 10 min, in "),
                 file.constData());
        QVERIFY2(file.endsWith("partial\n[Gave up after 1 restart in 10 min]\n"), file.constData());
    }

    // A program that cannot start is a failure like any other: tried again, then given up.
    void failedStartIsRetriedThenGivenUp()
    {
        RunManager manager;
        RunRequest request = this->request(QString(), RestartPolicy::When::OnFailure, 2);
        request.task.spec = TaskSpec();
        request.task.spec.program = QStringLiteral("/nonexistent/taskrunner-no-such-program");
        ManagedRun *run = manager.run(manager.start(request));
        waitFinished(run);
        QCOMPARE(run->result().outcome, RunOutcome::FailedToStart);
        QCOMPARE(run->restartCount(), 2);
        QVERIFY(run->gaveUp());
        const QString text = allText(run->log());
        QCOMPARE(text.count(QLatin1String(": Could not start: ")), 2);
    }

    // "always": a service that exits 0 is started again too.
    void alwaysRestartsAfterExitZero()
    {
        RunManager manager;
        ManagedRun *run = manager.run(
            manager.start(request(QStringLiteral("echo up"), RestartPolicy::When::Always, 2)));
        waitFinished(run);
        QCOMPARE(run->restartCount(), 2);
        QVERIFY(run->gaveUp());
        QCOMPARE(run->result().exitCode, 0);
        QCOMPARE(allText(run->log()).count(QLatin1String("up\n")), 3);
    }

    // "on failure" ends with the first success; "never" is a run as before: no marked line.
    void noRestartWhenNotWanted_data()
    {
        QTest::addColumn<RestartPolicy::When>("when");
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("restarts");
        QTest::newRow("on failure, then success")
            << RestartPolicy::When::OnFailure
            << QStringLiteral("if [ -e \"$TMPFILE\" ]; then echo done; exit 0; fi; "
                              "touch \"$TMPFILE\"; exit 1")
            << 1;
        QTest::newRow("never") << RestartPolicy::When::Never << QStringLiteral("exit 1") << 0;
    }
    void noRestartWhenNotWanted()
    {
        QFETCH(RestartPolicy::When, when);
        QFETCH(QString, script);
        QFETCH(int, restarts);
        RunManager manager;
        RunRequest request = this->request(script, when, 5);
        const QString flag
            = m_home.filePath(QStringLiteral("flag-%1").arg(QString::fromLatin1(m_marker)));
        request.task.spec.environment.insert(QStringLiteral("TMPFILE"), flag);
        ManagedRun *run = manager.run(manager.start(request));
        waitFinished(run);
        QCOMPARE(run->restartCount(), restarts);
        QVERIFY(!run->gaveUp());
        const QString text = allText(run->log());
        QCOMPARE(text.count(QLatin1String("[Restart ")), restarts);
        QVERIFY(!text.contains(QLatin1String("Gave up")));
    }

    // Stop or Kill while waiting for the next attempt: no attempt comes, the run finishes as
    // the user said, at once (not after the delay).
    void stopDuringTheWaitEndsIt_data()
    {
        QTest::addColumn<bool>("kill");
        QTest::newRow("stop") << false;
        QTest::newRow("kill") << true;
    }
    void stopDuringTheWaitEndsIt()
    {
        QFETCH(bool, kill);
        RestartBackoff::setDefaultTimingForTesting({120'000ms, 120'000ms, 60'000ms});
        RunManager manager;
        const quint64 id = manager.start(
            request(QStringLiteral("echo attempt; exit 1"), RestartPolicy::When::Always, 5));
        ManagedRun *run = manager.run(id);
        QTRY_COMPARE_WITH_TIMEOUT(run->state(), ManagedRun::State::Restarting, GenerousMs);
        QVERIFY(run->isLive()); // counted: a service between attempts is still on
        QCOMPARE(manager.liveCount(), 1);
        QVERIFY(run->restartRemainingMs() > 60'000);
        QCOMPARE(run->restartCount(), 1);
        QElapsedTimer took;
        took.start();
        if (kill)
            manager.kill(id);
        else
            manager.stop(id);
        QVERIFY(!run->isFinished()); // told from the event loop, not inside stop()
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        QVERIFY(took.elapsed() < 60'000);
        QCOMPARE(run->result().outcome, kill ? RunOutcome::Killed : RunOutcome::Stopped);
        QCOMPARE(run->restartRemainingMs(), -1);
        QCOMPARE(manager.liveCount(), 0);
        const QString text = allText(run->log());
        QCOMPARE(text.count(QLatin1String("attempt\n")), 1);
        QVERIFY2(text.contains(kill ? QLatin1String("[No restart: killed by the user")
                                    : QLatin1String("[No restart: stopped by the user")),
                 qPrintable(text));
        QVERIFY(!run->gaveUp());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Quitting stops every run: one waiting to restart (in the background: forgotten once it
    // ends) and one running, both end, and nothing of either lives on.
    void stopAllWithARunWaiting()
    {
        RestartBackoff::setDefaultTimingForTesting({120'000ms, 120'000ms, 60'000ms});
        RunManager manager;
        const quint64 waiting
            = manager.start(request(QStringLiteral("exit 1"), RestartPolicy::When::OnFailure));
        const quint64 running
            = manager.start(request(QStringLiteral("sleep 300"), RestartPolicy::When::Always));
        QTRY_COMPARE_WITH_TIMEOUT(manager.run(waiting)->state(), ManagedRun::State::Restarting,
                                  GenerousMs);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, GenerousMs);
        manager.discardWhenFinished(waiting);
        QSignalSpy removed(&manager, &RunManager::runRemoved);
        manager.stopAll();
        QTRY_COMPARE_WITH_TIMEOUT(manager.liveCount(), 0, GenerousMs);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().toULongLong(), waiting);
        QCOMPARE(manager.run(running)->result().outcome, RunOutcome::Stopped);
        QCOMPARE(manager.run(running)->restartCount(), 0);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Stop while an attempt runs: its processes are stopped and no attempt follows, though
    // "always" would restart after any other end.
    void stopDuringAnAttemptEndsIt()
    {
        RunManager manager;
        const quint64 id = manager.start(request(
            QStringLiteral("sleep 300 & (setsid sleep 300 &); wait"), RestartPolicy::When::Always));
        ManagedRun *run = manager.run(id);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs);
        manager.stop(id);
        waitFinished(run);
        QCOMPARE(run->result().outcome, RunOutcome::Stopped);
        QCOMPARE(run->restartCount(), 0);
        QVERIFY(!allText(run->log()).contains(QLatin1String("[Restart")));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A timeout is a failure: the attempt is stopped, then restarted.
    void timeoutCountsAsAFailure()
    {
        RunManager manager;
        RunRequest request = this->request(QStringLiteral("echo attempt; sleep 300"),
                                           RestartPolicy::When::OnFailure, 1);
        request.task.spec.timeout = 300ms;
        ManagedRun *run = manager.run(manager.start(request));
        waitFinished(run);
        QCOMPARE(run->result().outcome, RunOutcome::TimedOut);
        QCOMPARE(run->restartCount(), 1);
        QVERIFY(run->gaveUp());
        QCOMPARE(allText(run->log()).count(QLatin1String("attempt\n")), 2);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_GUILESS_MAIN(RestartRunTest)
#include "tst_restartrun.moc"
