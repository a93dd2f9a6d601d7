// The one mapping of a run's outcome to words, which both front ends use.

#include "outcometext.h"

#include <QTest>

#include <csignal>

class OutcomeTextTest : public QObject
{
    Q_OBJECT

private:
    static RunResult result(RunOutcome outcome, int exitCode = -1, int signal = 0,
                            int signalled = 0)
    {
        RunResult r;
        r.outcome = outcome;
        r.exitCode = exitCode;
        r.signal = signal;
        r.processesSignalled = signalled;
        r.duration = std::chrono::milliseconds(3400);
        if (outcome == RunOutcome::FailedToStart) {
            r.startFailure = StartFailure::ProgramNotFound;
            r.errorText = QStringLiteral("/usr/bin/foo: program not found");
        }
        return r;
    }

private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<RunResult>("result");
        QTest::addColumn<QString>("describe");
        QTest::addColumn<QString>("brief");
        QTest::addColumn<QString>("cliNotice");
        QTest::newRow("exit 0") << result(RunOutcome::Exited, 0) << "Exited with code 0 after 3.4 s"
                                << "exited 0" << QString();
        QTest::newRow("exit 2") << result(RunOutcome::Exited, 2) << "Exited with code 2 after 3.4 s"
                                << "failed (exit 2)" << QString();
        QTest::newRow("crashed") << result(RunOutcome::Crashed, -1, 11)
                                 << "Died from signal 11 (Segmentation fault) after 3.4 s"
                                 << "crashed" << QString();
        QTest::newRow("timed out")
            << result(RunOutcome::TimedOut, -1, 0, 3)
            << QString::fromUtf8("Timed out after 3.4 s — 3 processes stopped") << "timed out"
            << "timed out after 3400 ms; 3 processes stopped";
        QTest::newRow("timed out, one")
            << result(RunOutcome::TimedOut, -1, 0, 1)
            << QString::fromUtf8("Timed out after 3.4 s — 1 process stopped") << "timed out"
            << "timed out after 3400 ms; 1 process stopped";
        QTest::newRow("stopped") << result(RunOutcome::Stopped, -1, 0, 2)
                                 << QString::fromUtf8("Stopped after 3.4 s — 2 processes")
                                 << "stopped" << QString();
        QTest::newRow("killed") << result(RunOutcome::Killed, -1, 0, 412)
                                << QString::fromUtf8("Killed — 412 processes") << "killed"
                                << QString();
        QTest::newRow("failed to start") << result(RunOutcome::FailedToStart)
                                         << "Could not start: /usr/bin/foo: program not found"
                                         << "failed to start"
                                         << "/usr/bin/foo: program not found";
    }
    void words()
    {
        QFETCH(RunResult, result);
        QTEST(OutcomeText::describe(result), "describe");
        QTEST(OutcomeText::brief(result), "brief");
        QTEST(OutcomeText::cliNotice(result), "cliNotice");
    }

    void leftoversAndHoldersAreTold()
    {
        RunResult r = result(RunOutcome::Exited, 0);
        r.leftoversFound = 2;
        r.escapeesFound = 1;
        r.outputHolders = {QStringLiteral("pid 4242 (sleep)")};
        QCOMPARE(OutcomeText::describe(r),
                 QStringLiteral("Exited with code 0 after 3.4 s; 2 processes left behind, stopped "
                                "(1 had left its process group); output still held by pid 4242 "
                                "(sleep), not ours to kill"));
        r.leftoversLeftRunning = true;
        QVERIFY(OutcomeText::describe(r).contains(QLatin1String("left running, as the task asks")));
    }

    // The OOM killer at the run's memory limit (memory.events: oom_kill with oom) is said as
    // such, in both front ends; a SIGKILL with no such kill counted is not.
    void memoryLimitIsTold()
    {
        constexpr quint64 MiB = 1024 * 1024;
        RunResult r = result(RunOutcome::Crashed, -1, SIGKILL);
        r.memoryLimitBytes = 512 * MiB;
        r.memoryLimitKills = 1;
        QCOMPARE(OutcomeText::describe(r),
                 QStringLiteral("Killed by its memory limit (512 MB) after 3.4 s"));
        QCOMPARE(OutcomeText::brief(r), QStringLiteral("memory limit"));
        QCOMPARE(OutcomeText::cliNotice(r), QStringLiteral("killed by its memory limit (512 MB)"));
        r.memoryLimitKills = 3;
        QCOMPARE(OutcomeText::describe(r),
                 QStringLiteral("Killed by its memory limit (512 MB) after 3.4 s; 3 processes "
                                "killed by it"));

        r.memoryLimitKills = 0; // a SIGKILL from elsewhere
        QCOMPARE(OutcomeText::describe(r),
                 QStringLiteral("Died from signal 9 (Killed) after 3.4 s"));
        QCOMPARE(OutcomeText::brief(r), QStringLiteral("crashed"));
        QCOMPARE(OutcomeText::cliNotice(r), QString());

        // A child killed, the main process went on and failed.
        RunResult exited = result(RunOutcome::Exited, 2);
        exited.memoryLimitBytes = 1536 * MiB;
        exited.memoryLimitKills = 1;
        QCOMPARE(OutcomeText::describe(exited),
                 QStringLiteral("Exited with code 2 after 3.4 s; 1 process killed by its memory "
                                "limit (1.5 GB)"));
        QCOMPARE(OutcomeText::brief(exited), QStringLiteral("failed (exit 2)"));
        QCOMPARE(OutcomeText::cliNotice(exited),
                 QStringLiteral("1 process killed by its memory limit (1.5 GB)"));

        RunResult timedOut = result(RunOutcome::TimedOut, -1, 0, 3);
        timedOut.memoryLimitBytes = 64 * MiB;
        timedOut.memoryLimitKills = 2;
        QCOMPARE(OutcomeText::cliNotice(timedOut),
                 QStringLiteral("timed out after 3400 ms; 3 processes stopped; 2 processes "
                                "killed by its memory limit (64 MB)"));
    }

    void statesAndCounts()
    {
        QCOMPARE(OutcomeText::stateName(TaskRun::State::Stopping), QStringLiteral("Stopping"));
        QCOMPARE(OutcomeText::processes(1), QStringLiteral("1 process"));
        QCOMPARE(OutcomeText::processes(0), QStringLiteral("0 processes"));
        QCOMPARE(OutcomeText::seconds(std::chrono::milliseconds(12'600)), QStringLiteral("13 s"));
    }
};

QTEST_GUILESS_MAIN(OutcomeTextTest)
#include "tst_outcometext.moc"
