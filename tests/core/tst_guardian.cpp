// taskrunner-guardian and RunGuardian, with real processes: trees of bash, `setsid` children
// and double forks, recorded as runs, and the guardian left alone when its runner is gone - the
// end of its input, or the runner's death seen on a pidfd. Who is still alive is looked up in
// /proc (ProcProbe, by a marker of the test's own), never taken from the guardian's word.

#include "cgroupfiles.h"
#include "cgrouphierarchy.h"
#include "cgroupkiller.h"
#include "childprocesses.h"
#include "procprobe.h"
#include "runguardian.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Generous bounds for what is awaited: they catch hangs, not slowness.
constexpr int WaitMs = 30'000;
// The requirement: every process of the runs gone within a second of the runner's death.
constexpr int WithinMs = 1000;

// bash, a background sleep, a `setsid` sleep (a session of its own) and a double-forked sleep
// (orphaned at once): four processes, three of which left the group or the parent.
const QByteArray TreeScript = "sleep 300 & (setsid sleep 300 &); (sleep 300 &); wait";
constexpr int TreeSize = 4;

struct Guardian
{
    pid_t pid = -1;
    int socket = -1; // our end of its input
};

QByteArray commOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/comm").arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

// The processes of a TreeScript carrying probe, once it has settled - bash and its three sleeps,
// the short-lived subshells gone - less those in except; empty if it does not settle in time.
QVector<pid_t> settledTree(const QByteArray &probe, const QVector<pid_t> &except = {})
{
    QDeadlineTimer deadline(WaitMs);
    do {
        QVector<pid_t> members = ProcProbe::processesWithMarker(probe);
        for (const pid_t pid : except)
            members.removeAll(pid);
        const auto sleeps = std::count_if(members.cbegin(), members.cend(),
                                          [](pid_t pid) { return commOf(pid) == "sleep"; });
        if (members.size() == TreeSize && sleeps == TreeSize - 1)
            return members;
        QTest::qWait(5);
    } while (!deadline.hasExpired());
    return {};
}

double median(QVector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

class GuardianTest : public QObject
{
    Q_OBJECT

private:
    QVector<QByteArray> m_probes; // every probe marker this test gave a process
    QVector<pid_t> m_children;
    QVector<int> m_sockets;
    QString m_cgroupSkip;
    CgroupHierarchy m_host;
    QString m_testDirectory; // a cgroup of the test's own, "taskrunner-test-..."
    QString m_testPath;
    int m_counter = 0;

    // A probe for ProcProbe, and a run marker that contains it.
    QByteArray newProbe()
    {
        m_probes.append(ProcProbe::newMarker());
        return m_probes.last();
    }
    QByteArray markerFor(const QByteArray &probe)
    {
        return "TASKRUNNER_RUN_ID=" + QByteArray::number(::getpid()) + '-'
               + QByteArray::number(++m_counter) + '-' + probe;
    }

    pid_t spawnTree(const QByteArray &environmentEntry, ChildProcesses::Options options = {})
    {
        options.environment.append(environmentEntry);
        const pid_t pid = ChildProcesses::spawnShell(TreeScript, options);
        if (pid > 0)
            m_children.append(pid);
        return pid;
    }

    // Starts the guardian as RunGuardian does (a group of its own, a socket as stdin), for a
    // runner that is runnerPid.
    Guardian startGuardian(pid_t runnerPid, int cgroupProcsFd = -1)
    {
        int ends[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
            return {};
        ChildProcesses::Options options;
        options.newSession = false;
        options.newGroup = true;
        options.stdinFd = ends[1];
        options.cgroupProcsFd = cgroupProcsFd;
        Guardian guardian;
        guardian.pid
            = ChildProcesses::spawn({TASKRUNNER_GUARDIAN, "--runner", QByteArray::number(runnerPid),
                                     QByteArray::number(ChildProcesses::startTimeOf(runnerPid))},
                                    options);
        ::close(ends[1]);
        guardian.socket = ends[0];
        m_children.append(guardian.pid);
        m_sockets.append(guardian.socket);
        return guardian;
    }

    static bool tell(const Guardian &guardian, const QByteArray &lines)
    {
        return ::send(guardian.socket, lines.constData(), size_t(lines.size()), MSG_NOSIGNAL)
               == lines.size();
    }

    void closeInput(Guardian *guardian)
    {
        m_sockets.removeOne(guardian->socket);
        ::close(guardian->socket);
        guardian->socket = -1;
    }

    static QByteArray runLine(const QByteArray &marker, pid_t leader, quint64 startTime)
    {
        return "run " + marker + ' ' + QByteArray::number(leader) + ' '
               + QByteArray::number(startTime) + '\n';
    }

    // The guardian's exit status (2: it killed what was recorded; 0: bye), or -1.
    static int exitCodeOf(const Guardian &guardian)
    {
        const int status = ChildProcesses::waitForChild(guardian.pid, WaitMs);
        return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    bool makeTestCgroup(QString *error)
    {
        const QString name
            = QStringLiteral("taskrunner-test-%1-%2")
                  .arg(::getpid())
                  .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_testDirectory = m_host.ownDirectory + QLatin1Char('/') + name;
        m_testPath = (m_host.ownPath == QLatin1String("/") ? QString() : m_host.ownPath)
                     + QLatin1Char('/') + name;
        return CgroupFiles::makeDirectory(m_testDirectory, error);
    }

#define REQUIRE_WRITABLE_CGROUP()                                                                  \
    do {                                                                                           \
        if (!m_cgroupSkip.isEmpty())                                                               \
            QSKIP(qPrintable(m_cgroupSkip));                                                       \
        QString makeError_;                                                                        \
        QVERIFY2(makeTestCgroup(&makeError_), qPrintable(makeError_));                             \
    } while (false)

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(TASKRUNNER_GUARDIAN)).isExecutable(),
                 TASKRUNNER_GUARDIAN " is not built");
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
        for (const int socket : std::as_const(m_sockets))
            ::close(socket);
        m_sockets.clear();
        ChildProcesses::killAndReap(m_children);
        m_children.clear();
        if (!m_testDirectory.isEmpty()) {
            CgroupKiller::killTree(m_testDirectory, m_testPath, CgroupKillMethod::Auto, nullptr);
            QDeadlineTimer deadline(WaitMs);
            while (!CgroupKiller::treeMembers(m_testDirectory).isEmpty() && !deadline.hasExpired())
                QTest::qWait(10);
            for (const QString &cgroup : CgroupFiles::subtreeDeepestFirst(m_testDirectory)) {
                QString error;
                if (!CgroupFiles::removeDirectory(cgroup, &error))
                    qWarning("cleanup: %s", qPrintable(error));
            }
            QVERIFY2(!CgroupFiles::exists(m_testDirectory),
                     qPrintable(m_testDirectory + QLatin1String(" left behind")));
            m_testDirectory.clear();
        }
    }

    // --- The guardian program --------------------------------------------------------------

    void endOfInputKillsTheRecordedTree()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        const pid_t leader = spawnTree(marker);
        const QVector<pid_t> tree = settledTree(probe);
        QCOMPARE(tree.size(), TreeSize);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, runLine(marker, leader, ChildProcesses::startTimeOf(leader))));

        const QVector<int> pidfds = ChildProcesses::pidfdsOf(tree);
        QCOMPARE(pidfds.size(), TreeSize);
        closeInput(&guardian); // what the kernel does when the runner dies
        const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
        QVERIFY2(gone >= 0, "the tree is still alive");
        qInfo("the last process of the tree ended %lld ms after the guardian's input did", gone);
        QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
        PROBE_VERIFY_NO_SURVIVORS(probe);
        QCOMPARE(exitCodeOf(guardian), 2);
    }

    void byeKillsNothing()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        const pid_t leader = spawnTree(marker);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(
            tell(guardian, runLine(marker, leader, ChildProcesses::startTimeOf(leader)) + "bye\n"));
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 0); // it has decided, and is gone
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
    }

    void doneRunsAreNotKilled()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        const pid_t leader = spawnTree(marker);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, runLine(marker, leader, ChildProcesses::startTimeOf(leader))
                                   + "done " + marker + '\n'));
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 2);
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
    }

    // Another run's tree - another runner's, or ours not recorded - carries a marker of its own
    // and lives in a session of its own: the guardian kills the recorded run and nothing else.
    void neverTouchesAnUnrecordedMarker()
    {
        const QByteArray ours = newProbe();
        const QByteArray theirs = newProbe();
        const QByteArray marker = markerFor(ours);
        const pid_t leader = spawnTree(marker);
        spawnTree(markerFor(theirs));
        PROBE_WAIT_FOR_PROCESSES(ours, TreeSize, WaitMs);
        PROBE_WAIT_FOR_PROCESSES(theirs, TreeSize, WaitMs);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, runLine(marker, leader, ChildProcesses::startTimeOf(leader))));
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 2);
        PROBE_VERIFY_NO_SURVIVORS(ours);
        QCOMPARE(ProcProbe::processesWithMarker(theirs).size(), TreeSize);
    }

    // A record that is not a run marker - an entry every process has - is refused, and a line
    // the guardian does not understand changes nothing.
    void refusesWhatIsNotAMarker()
    {
        const QByteArray probe = newProbe();
        spawnTree(probe + "=1");
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        const QByteArray path = "PATH=" + qgetenv("PATH");
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, "run " + path + " 0 0\nrun " + probe + "=1 0 0\ndone\n"
                                   + "kill everything\nrun TASKRUNNER_RUN_ID= 0 0\n"
                                   + QByteArray(100'000, 'x') + "\ncgroup relative/path\n"));
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 2);
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
    }

    // A recorded leader's session and group are the run's even for a process that cleared its
    // environment - unless the leader's pid now belongs to a process that started at another
    // time: then the number was reused, and whoever is in that session now is not ours.
    void leaderSessionAndPidReuse_data()
    {
        QTest::addColumn<bool>("startTimeMatches");
        QTest::newRow("the leader as recorded: its session is killed") << true;
        QTest::newRow("a reused pid (start time differs): left alone") << false;
    }
    void leaderSessionAndPidReuse()
    {
        QFETCH(bool, startTimeMatches);
        const QByteArray probe = newProbe();
        // No marker at all in the environment: only the session ties these to the run. The probe
        // is in every command line instead (bash's, and the sleeps' argv[0]).
        ChildProcesses::Options options;
        options.clearEnvironment = true;
        const QByteArray sleep = "(exec -a " + probe + "-sleep sleep 300)";
        const pid_t leader = ChildProcesses::spawnShell(sleep + " & " + sleep + " & wait", options);
        m_children.append(leader);
        PROBE_WAIT_FOR_PROCESSES(probe, 3, WaitMs);
        const QVector<pid_t> inSession = ProcProbe::processesWithMarker(probe);
        const quint64 startTime = ChildProcesses::startTimeOf(leader);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, runLine(markerFor(newProbe()), leader,
                                       startTimeMatches ? startTime : startTime + 1)));
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(inSession);
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 2);
        if (startTimeMatches) {
            QVERIFY2(ChildProcesses::waitForExits(pidfds, WaitMs) >= 0, "the session lives on");
            PROBE_VERIFY_NO_SURVIVORS(probe);
        } else {
            ChildProcesses::waitForExits(pidfds, 0);
            QCOMPARE(ProcProbe::processesWithMarker(probe).size(), 3);
        }
    }

    // The input is held open (a descriptor of it leaked somewhere): the runner's death is seen
    // on its pidfd all the same.
    void runnerDeathSeenOnItsPidfd()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        const pid_t leader = spawnTree(marker);
        ChildProcesses::Options runnerOptions;
        runnerOptions.newSession = false;
        const pid_t runner = ChildProcesses::spawn({"/bin/sleep", "300"}, runnerOptions);
        m_children.append(runner);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        QVERIFY(ChildProcesses::startTimeOf(runner) != 0);
        Guardian guardian = startGuardian(runner);
        QVERIFY(tell(guardian, runLine(marker, leader, ChildProcesses::startTimeOf(leader))));

        const QVector<int> pidfds = ChildProcesses::pidfdsOf(ProcProbe::processesWithMarker(probe));
        ::kill(runner, SIGKILL); // our child: its pid cannot have been reused
        const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
        QVERIFY2(gone >= 0, "the tree is still alive");
        QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
        QCOMPARE(exitCodeOf(guardian), 2);
    }

    // A Ctrl+C (SIGINT to the terminal's foreground group), a hang-up, a TERM: none ends the
    // guardian, which must outlive the runner stopping its runs.
    void ignoresTerminalSignals()
    {
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, "nocgroup\n")); // once read, its signal dispositions are set
        QDeadlineTimer deadline(WaitMs);
        while (!deadline.hasExpired()) { // wait until it has read it: its input is then empty
            int queued = 0;
            if (::ioctl(guardian.socket, TIOCOUTQ, &queued) == 0 && queued == 0)
                break;
            QTest::qWait(5);
        }
        for (const int signal : {SIGINT, SIGHUP, SIGTERM, SIGQUIT})
            QCOMPARE(::kill(guardian.pid, signal), 0);
        QVERIFY(tell(guardian, "bye\n"));
        QCOMPARE(exitCodeOf(guardian), 0); // alive to read it, and gone cleanly
    }

    // --- The cgroup backend ----------------------------------------------------------------

    // The instance of RunnerCgroup::create(): the runner outside, runs in leaves. One kill of
    // the instance takes everything - what cleared its environment and left the session too -
    // and the instance and its leaves are removed.
    void cgroupInstanceKilledAndRemoved()
    {
        REQUIRE_WRITABLE_CGROUP();
        const QString instance = m_testDirectory + QLatin1String("/taskrunner-instance");
        QString error;
        QVERIFY2(CgroupFiles::makeDirectory(instance, &error), qPrintable(error));
        const QByteArray probe = newProbe();
        QVector<pid_t> members;
        for (const char *leaf : {"run-1", "run-2"}) {
            const QString directory = instance + QLatin1Char('/') + QLatin1String(leaf);
            QVERIFY2(CgroupFiles::makeDirectory(directory, &error), qPrintable(error));
            const int procs = ::open(qPrintable(directory + QLatin1String("/cgroup.procs")),
                                     O_WRONLY | O_CLOEXEC);
            QVERIFY(procs >= 0);
            ChildProcesses::Options options;
            options.clearEnvironment = true;
            options.cgroupProcsFd = procs;
            const pid_t pid = ChildProcesses::spawnShell(
                "(: " + probe + "; setsid sleep 300 &); (: " + probe + "; sleep 300) & wait",
                options);
            ::close(procs);
            m_children.append(pid);
        }
        QDeadlineTimer deadline(WaitMs);
        while ((members = CgroupKiller::treeMembers(instance)).size() < 6 && !deadline.hasExpired())
            QTest::qWait(5);
        QCOMPARE(members.size(), 6); // per leaf: bash, the subshell, two sleeps

        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, "cgroup " + instance.toLocal8Bit() + '\n'));
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(members);
        closeInput(&guardian);
        const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
        QVERIFY2(gone >= 0, "processes of the instance are still alive");
        QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
        QCOMPARE(exitCodeOf(guardian), 2);
        QVERIFY2(!CgroupFiles::exists(instance), "the instance was not removed");
    }

    // RunnerCgroup::adopt()'s layout: the runner - and so the guardian it started - inside the
    // instance, in <instance>/runner. The guardian kills every other leaf, removes them, and
    // leaves its own and the instance to their owner.
    void cgroupInstanceHoldingTheGuardian()
    {
        REQUIRE_WRITABLE_CGROUP();
        const QString instance = m_testDirectory + QLatin1String("/scope");
        const QString runnerLeaf = instance + QLatin1String("/runner");
        const QString runLeaf = instance + QLatin1String("/run-1");
        QString error;
        for (const QString &directory : {instance, runnerLeaf, runLeaf})
            QVERIFY2(CgroupFiles::makeDirectory(directory, &error), qPrintable(error));
        const QByteArray probe = newProbe();
        const int runProcs
            = ::open(qPrintable(runLeaf + QLatin1String("/cgroup.procs")), O_WRONLY | O_CLOEXEC);
        QVERIFY(runProcs >= 0);
        ChildProcesses::Options options;
        options.environment.append(probe + "=1");
        options.cgroupProcsFd = runProcs;
        m_children.append(ChildProcesses::spawnShell(TreeScript, options));
        ::close(runProcs);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);

        const int runnerProcs
            = ::open(qPrintable(runnerLeaf + QLatin1String("/cgroup.procs")), O_WRONLY | O_CLOEXEC);
        QVERIFY(runnerProcs >= 0);
        Guardian guardian = startGuardian(::getpid(), runnerProcs);
        ::close(runnerProcs);
        QVERIFY(tell(guardian, "cgroup " + instance.toLocal8Bit() + '\n'));
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(ProcProbe::processesWithMarker(probe));
        closeInput(&guardian);
        QVERIFY2(ChildProcesses::waitForExits(pidfds, WaitMs) >= 0, "the run leaf lives on");
        QCOMPARE(exitCodeOf(guardian), 2); // it did not kill itself
        QVERIFY(!CgroupFiles::exists(runLeaf));
        QVERIFY(CgroupFiles::exists(runnerLeaf));
        QVERIFY(CgroupFiles::exists(instance));
    }

    void refusesWhatIsNotACgroup()
    {
        const QByteArray probe = newProbe();
        spawnTree(probe + "=1");
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        Guardian guardian = startGuardian(::getpid());
        QVERIFY(tell(guardian, "cgroup /tmp\n"));
        closeInput(&guardian);
        QCOMPARE(exitCodeOf(guardian), 2);
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
    }

    // --- RunGuardian -----------------------------------------------------------------------

    void runGuardianStartsAtTheFirstRun()
    {
        RunGuardian guardian(QStringLiteral(TASKRUNNER_GUARDIAN));
        QCOMPARE(guardian.status(), RunGuardian::Status::Idle);
        guardian.setInstanceCgroup(QString()); // no process for that alone
        QCOMPARE(guardian.processId(), 0);
        guardian.registerRun(markerFor(newProbe()));
        QCOMPARE(guardian.status(), RunGuardian::Status::Running);
        QVERIFY(guardian.processId() > 0);
        QVERIFY(RunGuardian::isGuardianProcess(guardian.processId()));
        m_children.append(guardian.processId());
        // In a group of its own, out of reach of our terminal's signals.
        QCOMPARE(::getpgid(guardian.processId()), guardian.processId());
        QCOMPARE(::getsid(guardian.processId()), ::getsid(0));
        // An environment of nothing but a marker of a run we would be part of (none here).
        QFile environment(QStringLiteral("/proc/%1/environ").arg(guardian.processId()));
        QVERIFY(environment.open(QIODevice::ReadOnly));
        for (const QByteArray &entry : environment.readAll().split('\0')) {
            QVERIFY2(entry.isEmpty() || entry.startsWith("TASKRUNNER_RUN_ID="), entry.constData());
        }
    }

    // The runner goes without a word (here: the object, and so the connection, goes): the
    // guardian kills every registered run.
    void runGuardianConnectionLostKillsRegisteredRuns()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        auto guardian = std::make_unique<RunGuardian>(QStringLiteral(TASKRUNNER_GUARDIAN));
        guardian->registerRun(marker); // before the spawn, as TaskRun does
        const pid_t leader = spawnTree(marker);
        guardian->registerRun(marker, leader);
        const pid_t guardianPid = guardian->processId();
        m_children.append(guardianPid);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(ProcProbe::processesWithMarker(probe));
        guardian.reset();
        const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
        QVERIFY2(gone >= 0, "the run lives on");
        QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
        PROBE_VERIFY_NO_SURVIVORS(probe);
    }

    void runGuardianShutdown_data()
    {
        QTest::addColumn<bool>("unregistered");
        QTest::newRow("every run done: bye, nothing killed") << true;
        QTest::newRow("a run still registered: no bye, it is killed") << false;
    }
    void runGuardianShutdown()
    {
        QFETCH(bool, unregistered);
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        RunGuardian guardian(QStringLiteral(TASKRUNNER_GUARDIAN));
        QSignalSpy statuses(&guardian, &RunGuardian::statusChanged);
        guardian.registerRun(marker, spawnTree(marker));
        const pid_t guardianPid = guardian.processId();
        m_children.append(guardianPid);
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);
        if (unregistered)
            guardian.unregisterRun(marker); // as if it had ended
        else
            QTest::ignoreMessage(QtWarningMsg, "1 run(s) still live at exit: the guardian stops "
                                               "them");
        guardian.shutdown();
        QCOMPARE(guardian.status(), RunGuardian::Status::ShutDown);
        QCOMPARE(statuses.size(), 2); // Idle -> Running -> ShutDown
        const int status = ChildProcesses::waitForChild(guardianPid, WaitMs);
        QVERIFY(WIFEXITED(status));
        if (unregistered) {
            QCOMPARE(WEXITSTATUS(status), 0);
            QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
        } else {
            QCOMPARE(WEXITSTATUS(status), 2);
            PROBE_VERIFY_NO_SURVIVORS(probe);
        }
        guardian.registerRun(marker); // after shutdown: nothing starts again
        QCOMPARE(guardian.processId(), 0);
    }

    // A guardian that dies is replaced once, and told everything again; a second death is said
    // and the runner goes on unguarded.
    void runGuardianRestartsOnce()
    {
        const QByteArray probe = newProbe();
        const QByteArray marker = markerFor(probe);
        auto guardian = std::make_unique<RunGuardian>(QStringLiteral(TASKRUNNER_GUARDIAN));
        guardian->registerRun(marker, spawnTree(marker));
        const pid_t first = guardian->processId();
        PROBE_WAIT_FOR_PROCESSES(probe, TreeSize, WaitMs);

        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(
                QStringLiteral("^the guardian \\(pid %1\\) has exited; starting another$")
                    .arg(first)));
        QCOMPARE(::kill(first, SIGKILL), 0); // ours: started by this test's RunGuardian
        // Awaited: the pidfd says it ended, the object reaps it and starts another.
        QTRY_VERIFY_WITH_TIMEOUT(guardian->processId() != first && guardian->processId() > 0,
                                 WaitMs);
        QCOMPARE(guardian->status(), RunGuardian::Status::Running);
        QVERIFY(!RunGuardian::isGuardianProcess(first));
        const pid_t second = guardian->processId();
        m_children.append(second);
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize); // nobody killed them

        // The second one knows the run: losing it kills the run.
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(ProcProbe::processesWithMarker(probe));
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(
                QStringLiteral("^the guardian \\(pid %1\\) has exited again").arg(second)));
        QCOMPARE(::kill(second, SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(guardian->status(), RunGuardian::Status::Unavailable, WaitMs);
        QCOMPARE(guardian->processId(), 0);
        // Killed: the second guardian could not act. The run is alive and unguarded now.
        QCOMPARE(ProcProbe::processesWithMarker(probe).size(), TreeSize);
        ChildProcesses::waitForExits(pidfds, 0);
    }

    void runGuardianMissingProgramIsSaidOnce()
    {
        RunGuardian guardian(QStringLiteral("/nonexistent/taskrunner-guardian"));
        QTest::ignoreMessage(QtWarningMsg,
                             "/nonexistent/taskrunner-guardian is missing (or not executable): "
                             "runs are not stopped if taskrunner itself is killed");
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
        guardian.registerRun(markerFor(newProbe()), ::getpid());
        guardian.registerRun(markerFor(newProbe()));
        guardian.unregisterRun(markerFor(newProbe()));
        QCOMPARE(guardian.status(), RunGuardian::Status::Unavailable);
        QCOMPARE(guardian.processId(), 0);
    }

    void runGuardianDefaultProgram()
    {
        qputenv("TASKRUNNER_GUARDIAN", "/some/where/guardian");
        QCOMPARE(RunGuardian::defaultProgram(), QStringLiteral("/some/where/guardian"));
        qunsetenv("TASKRUNNER_GUARDIAN");
        QCOMPARE(RunGuardian::defaultProgram(),
                 QCoreApplication::applicationDirPath() + QStringLiteral("/taskrunner-guardian"));
    }

    // --- End to end: a runner SIGKILLed ----------------------------------------------------

    // A runner (guardedrunner: RunGuardian, and in "cgroup" a RunnerCgroup) with one run is
    // SIGKILLed; every process of the run must be gone within a second. Five times per backend;
    // the median is printed.
    void killedRunnerLeavesNothing_data()
    {
        QTest::addColumn<bool>("cgroup");
        QTest::newRow("/proc") << false;
        QTest::newRow("cgroup") << true;
    }
    void killedRunnerLeavesNothing()
    {
        QFETCH(bool, cgroup);
        if (cgroup)
            REQUIRE_WRITABLE_CGROUP();
        QVector<double> times;
        for (int round = 0; round < 5; ++round) {
            // The probe is in the runner's environment, and so in its run's.
            const QByteArray probe = newProbe();
            QProcess runner;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("TASKRUNNER_GUARDIAN"),
                               QStringLiteral(TASKRUNNER_GUARDIAN));
            environment.insert(QString::fromLatin1(probe), QStringLiteral("1"));
            runner.setProcessEnvironment(environment);
            QStringList arguments;
            if (cgroup)
                arguments << QStringLiteral("cgroup") << m_testDirectory << m_testPath;
            else
                arguments << QStringLiteral("proc");
            runner.start(QStringLiteral(GUARDEDRUNNER),
                         arguments << QString::fromLatin1(TreeScript));
            QVERIFY2(runner.waitForReadyRead(WaitMs), runner.readAllStandardError().constData());
            const QList<QByteArray> ready = runner.readLine().trimmed().split(' ');
            QVERIFY2(ready.size() == 4 && ready.at(0) == "ready", ready.join(' ').constData());
            const pid_t guardianPid = pid_t(ready.at(2).toInt());
            // The runner's unreaped child while the runner lives: this pidfd is the guardian's.
            const QVector<int> guardianExit = ChildProcesses::pidfdsOf({guardianPid});
            QCOMPARE(guardianExit.size(), 1);
            QVector<pid_t> members = settledTree(probe, {pid_t(runner.processId()), guardianPid});
            QCOMPARE(members.size(), TreeSize);
            if (cgroup) {
                QVector<pid_t> inLeaf
                    = CgroupKiller::treeMembers(QString::fromLocal8Bit(ready.at(3)));
                std::sort(inLeaf.begin(), inLeaf.end());
                std::sort(members.begin(), members.end());
                QCOMPARE(inLeaf, members);
            }
            const QVector<int> pidfds = ChildProcesses::pidfdsOf(members);
            runner.kill(); // SIGKILL
            const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
            runner.waitForFinished(WaitMs);
            const bool guardianExited = ChildProcesses::waitForExits(guardianExit, WaitMs) >= 0;
            QVERIFY2(gone >= 0, qPrintable(ProcProbe::survivors(probe)));
            QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
            QVERIFY2(guardianExited, "the guardian did not exit");
            PROBE_VERIFY_NO_SURVIVORS(probe);
            if (cgroup)
                QVERIFY2(CgroupFiles::childDirectories(m_testDirectory).isEmpty(),
                         "the guardian did not remove the runner's instance cgroup");
            times.append(double(gone));
        }
        std::sort(times.begin(), times.end());
        qInfo("runner SIGKILLed -> last process of its run gone: median %.0f ms (%.0f..%.0f) of %d",
              median(times), times.first(), times.last(), int(times.size()));
    }
};

QTEST_GUILESS_MAIN(GuardianTest)

#include "tst_guardian.moc"
