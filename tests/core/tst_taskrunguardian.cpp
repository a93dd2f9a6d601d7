// TaskRun with its guardian (the HOOK lines in taskrun.cpp and processsupervisor.cpp), under the
// /proc supervisor: a run is registered while it lives and unregistered when it ends, and the
// guardian, a child of ours for good, neither keeps the supervisor scanning /proc nor is taken
// for a task's process.

#include "processsupervisor.h"
#include "procprobe.h"
#include "runguardian.h"
#include "taskrun.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {
constexpr int WaitMs = 30'000;
}

class TaskRunGuardianTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Before anything makes the program's guardian: it is not beside this test.
        qputenv("TASKRUNNER_GUARDIAN", TASKRUNNER_GUARDIAN);
        // The /proc supervisor, whose scans the guardian must not keep going. (The CLI's
        // tst_cliguardian takes both containments end to end.)
        qputenv("TASKRUNNER_CONTAINMENT", "proc");
    }

    void aRunIsGuardedWhileItLives()
    {
        const QByteArray probe = ProcProbe::newMarker();
        TaskSpec spec;
        spec.useShell = true;
        spec.shellScript = QStringLiteral("sleep 300 & (setsid sleep 300 &); wait");
        spec.environment.insert(QString::fromLatin1(probe), QStringLiteral("1"));
        TaskRun run(spec);
        QSignalSpy finished(&run, &TaskRun::finished);
        RunGuardian *guardian = RunGuardian::instance();
        run.start();
        QCOMPARE(guardian->status(), RunGuardian::Status::Running);
        QCOMPARE(guardian->registeredRuns(), 1);
        PROBE_WAIT_FOR_PROCESSES(probe, 3, WaitMs);
        const pid_t guardianPid = guardian->processId();
        QCOMPARE(::getpgid(guardianPid), guardianPid);

        run.kill();
        QVERIFY(finished.wait(WaitMs));
        PROBE_VERIFY_NO_SURVIVORS(probe);
        QCOMPARE(guardian->registeredRuns(), 0);
        QCOMPARE(guardian->processId(), guardianPid); // the same one, for the next run

        // Once the last run has gone (and the supervisor's linger after it), nothing scans:
        // the guardian is a child of ours, but not a stray one to watch.
        QSignalSpy scans(ProcessSupervisor::instance(), &ProcessSupervisor::scanned);
        QDeadlineTimer deadline(WaitMs);
        bool quiet = false;
        while (!quiet && !deadline.hasExpired()) {
            scans.clear();
            quiet = !scans.wait(ProcessSupervisor::RoutineIntervalMs * 3 / 2);
        }
        QVERIFY2(quiet, "the supervisor still scans /proc every second with no run live");
        QCOMPARE(::kill(guardianPid, 0), 0);
    }
};

QTEST_GUILESS_MAIN(TaskRunGuardianTest)

#include "tst_taskrunguardian.moc"
