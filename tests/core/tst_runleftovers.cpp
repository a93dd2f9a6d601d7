// RunLeftovers: what runs of dead runners left alive, found and killed - real processes carrying
// markers of runners that are gone, alive, or whose pid was reused; instance cgroups of dead
// runners. Who is alive is looked up in /proc by a probe of the test's own.

#include "cgroupfiles.h"
#include "cgrouphierarchy.h"
#include "cgroupkiller.h"
#include "childprocesses.h"
#include "procprobe.h"
#include "runleftovers.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTest>

#include <fcntl.h>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int WaitMs = 30'000;
const QByteArray TreeScript = "sleep 300 & (setsid sleep 300 &); (sleep 300 &); wait";
constexpr int TreeSize = 4;

std::optional<RunLeftover> leftoverWithMarker(const QVector<RunLeftover> &leftovers,
                                              const QByteArray &marker)
{
    for (const RunLeftover &leftover : leftovers) {
        if (leftover.markerEntry == marker)
            return leftover;
    }
    return std::nullopt;
}

} // namespace

class RunLeftoversTest : public QObject
{
    Q_OBJECT

private:
    QVector<QByteArray> m_probes;
    QVector<pid_t> m_children;
    CgroupHierarchy m_host;
    QString m_cgroupSkip;
    QString m_testDirectory;
    QString m_testPath;

    QByteArray newProbe()
    {
        m_probes.append(ProcProbe::newMarker());
        return m_probes.last();
    }

    // A pid no process has: a child's, once it has exited and been reaped. (Numbers are handed
    // out in increasing order; it will not come back within a test.)
    pid_t deadPid()
    {
        const pid_t pid = ChildProcesses::spawn({"/bin/true"});
        ChildProcesses::waitForChild(pid, WaitMs);
        return pid;
    }

    pid_t spawnTree(const QByteArray &marker, ChildProcesses::Options options = {})
    {
        options.environment.append(marker);
        const pid_t pid = ChildProcesses::spawnShell(TreeScript, options);
        m_children.append(pid);
        return pid;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_host = CgroupHierarchy::detect();
        if (!m_host.hasDirectory())
            m_cgroupSkip = QStringLiteral("no cgroup2 directory of ours: %1").arg(m_host.problem);
        else if (!m_host.writable)
            m_cgroupSkip = QStringLiteral("our cgroup %1 is not writable: %2")
                               .arg(m_host.ownDirectory, m_host.notWritableReason);
    }

    void cleanup()
    {
        for (const QByteArray &probe : std::as_const(m_probes))
            ProcProbe::killAllWithMarker(probe);
        m_probes.clear();
        ChildProcesses::killAndReap(m_children);
        m_children.clear();
        if (!m_testDirectory.isEmpty()) {
            CgroupKiller::killTree(m_testDirectory, m_testPath, CgroupKillMethod::Auto, nullptr);
            QDeadlineTimer deadline(WaitMs);
            while (!CgroupKiller::treeMembers(m_testDirectory).isEmpty() && !deadline.hasExpired())
                QTest::qWait(10);
            for (const QString &cgroup : CgroupFiles::subtreeDeepestFirst(m_testDirectory))
                CgroupFiles::removeDirectory(cgroup, nullptr);
            QVERIFY2(!CgroupFiles::exists(m_testDirectory),
                     qPrintable(m_testDirectory + QLatin1String(" left behind")));
            m_testDirectory.clear();
        }
    }

    void runnerPidOfMarker_data()
    {
        QTest::addColumn<QByteArray>("marker");
        QTest::addColumn<int>("pid"); // 0: none
        QTest::newRow("a run's marker") << QByteArray("TASKRUNNER_RUN_ID=4242-17-9f3a") << 4242;
        QTest::newRow("another variable") << QByteArray("OTHER_RUN_ID=4242-1-a") << 0;
        QTest::newRow("no counter") << QByteArray("TASKRUNNER_RUN_ID=4242") << 0;
        QTest::newRow("not a number") << QByteArray("TASKRUNNER_RUN_ID=x-1-a") << 0;
        QTest::newRow("init") << QByteArray("TASKRUNNER_RUN_ID=1-1-a") << 0;
        QTest::newRow("too large") << QByteArray("TASKRUNNER_RUN_ID=99999999999-1-a") << 0;
    }
    void runnerPidOfMarker()
    {
        QFETCH(QByteArray, marker);
        QFETCH(int, pid);
        const std::optional<pid_t> found = RunLeftovers::runnerPidOfMarker(marker);
        QCOMPARE(found.value_or(0), pid_t(pid));
    }

    void processesOfADeadRunnerAreFoundAndKilled()
    {
        const pid_t runner = deadPid();
        const QByteArray probe = newProbe();
        const QByteArray marker = "TASKRUNNER_RUN_ID=" + QByteArray::number(runner) + "-1-" + probe;
        spawnTree(marker);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        // Latched: once bash's subshells are gone, the tree is what it stays.
        std::optional<RunLeftover> leftover;
        QDeadlineTimer deadline(WaitMs);
        for (;;) {
            leftover = leftoverWithMarker(RunLeftovers::find(), marker);
            if ((leftover && leftover->processes.size() == TreeSize) || deadline.hasExpired())
                break;
            QTest::qWait(5);
        }
        QVERIFY(leftover);
        QCOMPARE(leftover->kind, RunLeftover::Kind::Processes);
        QCOMPARE(leftover->processes.size(), TreeSize);
        QCOMPARE(leftover->runnerPid, runner);
        QVERIFY(!leftover->runnerPidReused);
        QVERIFY(leftover->since.isValid());
        const QString description = leftover->description();
        QVERIFY2(description.startsWith(
                     QStringLiteral("4 processes of a run of taskrunner (pid %1, gone), since ")
                         .arg(runner)),
                 qPrintable(description));
        QVERIFY2(description.contains(QLatin1String("sleep 300")), qPrintable(description));

        QString error;
        QVERIFY2(RunLeftovers::kill(*leftover, &error), qPrintable(error));
        PROBE_VERIFY_NO_SURVIVORS(probe);
        QVERIFY(!leftoverWithMarker(RunLeftovers::findProcesses(), marker));
    }

    // The runner named in the marker lives (here: this test, older than the tree): not a
    // leftover, and a kill of it by hand is refused.
    void processesOfALiveRunnerAreNotLeftovers()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker
            = "TASKRUNNER_RUN_ID=" + QByteArray::number(::getpid()) + "-1-" + probe;
        const pid_t leader = spawnTree(marker);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        QVERIFY(!leftoverWithMarker(RunLeftovers::findProcesses(), marker));

        RunLeftover forged;
        forged.runnerPid = ::getpid();
        forged.markerEntry = marker;
        QString error;
        QVERIFY(!RunLeftovers::kill(forged, &error));
        QVERIFY2(error.contains(QLatin1String("belongs to a live taskrunner")), qPrintable(error));
        QCOMPARE(::waitpid(leader, nullptr, WNOHANG), 0); // nothing was killed
    }

    // The runner's pid is alive but started after the task: a reuse of the number by another
    // process, so the runner is gone.
    void aReusedRunnerPidIsSeen()
    {
        const QByteArray probe = newProbe();
        int pipeFds[2];
        QVERIFY(::pipe2(pipeFds, O_CLOEXEC) == 0);
        ChildProcesses::Options options;
        options.stdinFd = pipeFds[0];
        // Its marker is set once it knows the runner's pid, and then it execs: the process keeps
        // the start time of the bash that began before the "runner".
        const pid_t task = ChildProcesses::spawnShell(
            "read pid; export TASKRUNNER_RUN_ID=$pid-1-" + probe + "; exec sleep 300", options);
        m_children.append(task);
        ::close(pipeFds[0]);
        const quint64 taskStart = ChildProcesses::startTimeOf(task);
        QVERIFY(taskStart != 0);
        // A process that started after it (start times count in 10 ms ticks: try until one does).
        pid_t stranger = -1;
        QDeadlineTimer deadline(WaitMs);
        while (!deadline.hasExpired()) {
            ChildProcesses::Options plain;
            plain.newSession = false;
            stranger = ChildProcesses::spawn({"/bin/sleep", "300"}, plain);
            m_children.append(stranger);
            if (ChildProcesses::startTimeOf(stranger) > taskStart)
                break;
            ChildProcesses::killAndReap({stranger});
        }
        const QByteArray line = QByteArray::number(stranger) + '\n';
        QCOMPARE(::write(pipeFds[1], line.constData(), size_t(line.size())), line.size());
        ::close(pipeFds[1]);
        // Awaited: bash reads the number, sets the marker and execs - only the sleep carries it.
        const QByteArray marker
            = "TASKRUNNER_RUN_ID=" + QByteArray::number(stranger) + "-1-" + probe;
        std::optional<RunLeftover> leftover;
        QDeadlineTimer found(WaitMs);
        while (!(leftover = leftoverWithMarker(RunLeftovers::findProcesses(), marker))
               && !found.hasExpired())
            QTest::qWait(5);
        QVERIFY(leftover);
        QVERIFY(leftover->runnerPidReused);
        QVERIFY2(leftover->description().contains(QLatin1String("its number reused since")),
                 qPrintable(leftover->description()));
        QString error;
        QVERIFY2(RunLeftovers::kill(*leftover, &error), qPrintable(error));
        PROBE_VERIFY_NO_SURVIVORS(probe);
        QCOMPARE(::kill(stranger, 0), 0); // the process that took the number is untouched
    }

    // An instance cgroup named for a runner that is gone, still holding a process: found (with
    // what is in it), killed, removed.
    void cgroupOfADeadRunnerIsFoundAndRemoved()
    {
        if (!m_cgroupSkip.isEmpty())
            QSKIP(qPrintable(m_cgroupSkip));
        const QString name
            = QStringLiteral("taskrunner-test-%1-%2")
                  .arg(::getpid())
                  .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_testDirectory = m_host.ownDirectory + QLatin1Char('/') + name;
        m_testPath = (m_host.ownPath == QLatin1String("/") ? QString() : m_host.ownPath)
                     + QLatin1Char('/') + name;
        QString error;
        QVERIFY2(CgroupFiles::makeDirectory(m_testDirectory, &error), qPrintable(error));
        const pid_t runner = deadPid();
        const QString instance = m_testDirectory + QLatin1Char('/')
                                 + RunnerCgroup::instanceName(runner, 12345, 0xabcdef01);
        const QString leaf = instance + QLatin1String("/run-1");
        QVERIFY2(CgroupFiles::makeDirectory(instance, &error), qPrintable(error));
        QVERIFY2(CgroupFiles::makeDirectory(leaf, &error), qPrintable(error));
        const QByteArray probe = newProbe();
        const int procs
            = ::open(qPrintable(leaf + QLatin1String("/cgroup.procs")), O_WRONLY | O_CLOEXEC);
        QVERIFY(procs >= 0);
        ChildProcesses::Options options;
        options.cgroupProcsFd = procs;
        options.environment.append(probe + "=1");
        m_children.append(ChildProcesses::spawn({"/bin/sleep", "300"}, options));
        ::close(procs);
        PROBE_WAIT_FOR_PROCESSES(probe, 1, WaitMs);

        const QVector<RunLeftover> leftovers
            = RunLeftovers::findCgroups(m_testDirectory, m_testPath);
        QCOMPARE(leftovers.size(), 1);
        const RunLeftover &leftover = leftovers.first();
        QCOMPARE(leftover.kind, RunLeftover::Kind::Cgroup);
        QCOMPARE(leftover.runnerPid, runner);
        QCOMPARE(leftover.cgroup.processes.size(), 1);
        QCOMPARE(leftover.description(), QStringLiteral("1 process in the cgroup %1 of taskrunner "
                                                        "(pid %2, gone)")
                                             .arg(instance)
                                             .arg(runner));
        QVERIFY2(RunLeftovers::kill(leftover, &error), qPrintable(error));
        PROBE_VERIFY_NO_SURVIVORS(probe);
        QVERIFY(!CgroupFiles::exists(instance));
    }
};

QTEST_GUILESS_MAIN(RunLeftoversTest)

#include "tst_runleftovers.moc"
