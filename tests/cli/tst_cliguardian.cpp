// The CLI killed outright - SIGKILL, as a crash or the OOM killer would - must not leave its
// run behind: its guardian kills the run's processes within a second. And a Ctrl+C for the CLI
// never reaches the guardian. Real processes, looked up in /proc by a probe of the test's own.

#include "cgrouphierarchy.h"
#include "childprocesses.h"
#include "processtable.h"
#include "procprobe.h"
#include "runnercgroup.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <unistd.h>

namespace {

constexpr int WaitMs = 30'000;
constexpr int WithinMs = 1000;

QByteArray commOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/comm").arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

// The task's processes carrying probe once settled: bash and its sleeps (sleeps of them), the
// short-lived subshell gone - less the CLI, whose command line names the probe. Empty if that
// does not come in time.
QVector<pid_t> settled(const QByteArray &probe, int sleeps, pid_t cli)
{
    QDeadlineTimer deadline(WaitMs);
    do {
        QVector<pid_t> members = ProcProbe::processesWithMarker(probe);
        members.removeAll(cli);
        const auto sleeping = std::count_if(members.cbegin(), members.cend(),
                                            [](pid_t pid) { return commOf(pid) == "sleep"; });
        if (members.size() == sleeps + 1 && sleeping == sleeps)
            return members;
        QTest::qWait(5);
    } while (!deadline.hasExpired());
    return {};
}

// The guardian the CLI started: its child named taskrunner-guardian.
pid_t guardianOf(pid_t cli)
{
    QDeadlineTimer deadline(WaitMs);
    do {
        const ProcessTable below = ProcessTable::descendantsOf(cli);
        for (const ProcessInfo &process : below.processes()) {
            if (process.ppid == cli && commOf(process.pid) == "taskrunner-guar")
                return process.pid;
        }
        QTest::qWait(5);
    } while (!deadline.hasExpired());
    return 0;
}

quint64 ignoredSignals(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("SigIgn:"))
            return line.mid(7).trimmed().toULongLong(nullptr, 16);
    }
    return 0;
}

double median(QVector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

class CliGuardianTest : public QObject
{
    Q_OBJECT

private:
    QVector<QByteArray> m_probes;

    QByteArray newProbe()
    {
        m_probes.append(ProcProbe::newMarker());
        return m_probes.last();
    }

    // The CLI in a process group of its own, as a shell starts a job: what a Ctrl+C reaches.
    // containment: TASKRUNNER_CONTAINMENT, "cgroup" or "proc".
    static void startCli(QProcess *cli, const QStringList &arguments, const QString &containment)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), containment);
        cli->setProcessEnvironment(environment);
        cli->setProgram(QStringLiteral(TASKRUNNER_CLI));
        cli->setArguments(arguments);
        cli->setChildProcessModifier([] { ::setpgid(0, 0); });
        cli->start();
    }

    // Both containments where this host has a writable cgroup v2 of ours, else the /proc one.
    static void containments()
    {
        QTest::addColumn<QString>("containment");
        QTest::newRow("/proc") << QStringLiteral("proc");
        if (CgroupHierarchy::detect().usable())
            QTest::newRow("cgroup") << QStringLiteral("cgroup");
        else
            qInfo("no writable cgroup v2 of ours: the cgroup rows are left out");
    }

private Q_SLOTS:
    void cleanup()
    {
        for (const QByteArray &probe : std::as_const(m_probes))
            ProcProbe::killAllWithMarker(probe);
        m_probes.clear();
    }

    // `taskrunner-cli run -- bash -c 'sleep 300 & (setsid sleep 300 &); wait'`, then kill -9 of
    // the CLI: nothing carrying the run's marker a second later. Five times; the median printed.
    void sigkilledCliLeavesNothing_data() { containments(); }
    void sigkilledCliLeavesNothing()
    {
        QFETCH(QString, containment);
        QVector<double> times;
        for (int round = 0; round < 5; ++round) {
            const QByteArray probe = newProbe();
            QProcess cli;
            startCli(&cli,
                     {QStringLiteral("run"), QStringLiteral("--no-history"),
                      QStringLiteral("--env"), QString::fromLatin1(probe + "=1"),
                      QStringLiteral("--"), QStringLiteral("bash"), QStringLiteral("-c"),
                      QStringLiteral("sleep 300 & (setsid sleep 300 &); wait")},
                     containment);
            QVERIFY(cli.waitForStarted(WaitMs));
            const QVector<pid_t> task = settled(probe, 2, pid_t(cli.processId()));
            QVERIFY2(task.size() == 3, qPrintable(QString::fromLocal8Bit(cli.readAllStandardError())
                                                  + ProcProbe::survivors(probe)));
            const pid_t cliPid = pid_t(cli.processId());
            const pid_t guardian = guardianOf(cliPid);
            QVERIFY(guardian > 0);
            // Pinned while the CLI, its parent, lives and has not reaped it.
            const QVector<int> guardianExit = ChildProcesses::pidfdsOf({guardian});
            const QVector<int> pidfds = ChildProcesses::pidfdsOf(task);
            ::kill(cliPid, SIGKILL); // our child: not reaped, not reused
            const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
            QVERIFY(cli.waitForFinished(WaitMs));
            QVERIFY2(gone >= 0, qPrintable(ProcProbe::survivors(probe)));
            QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
            PROBE_VERIFY_NO_SURVIVORS(probe);
            times.append(double(gone));
            // Its work done, the guardian is gone too - and took the CLI's instance cgroup with
            // it: nothing for the next start to find.
            QVERIFY2(ChildProcesses::waitForExits(guardianExit, WaitMs) >= 0,
                     "the guardian did not exit");
            if (containment == QLatin1String("cgroup")) {
                const CgroupHierarchy host = CgroupHierarchy::detect();
                for (const RunnerCgroup::Leftover &left :
                     RunnerCgroup::findLeftovers(host.ownDirectory, host.ownPath))
                    QVERIFY2(left.pid != cliPid, qPrintable(left.directory + " left behind"));
            }
        }
        std::sort(times.begin(), times.end());
        qInfo("%s: CLI SIGKILLed -> last process of its run gone: median %.0f ms (%.0f..%.0f) "
              "of %d",
              qPrintable(containment), median(times), times.first(), times.last(),
              int(times.size()));
    }

    // A Ctrl+C is for the CLI's group: the guardian is not in it, and ignores it anyway. The CLI
    // then waits out the grace period of a task that ignores SIGTERM - and is SIGKILLed meanwhile:
    // the guardian, still there, kills the task.
    void ctrlCDoesNotReachTheGuardian_data() { containments(); }
    void ctrlCDoesNotReachTheGuardian()
    {
        QFETCH(QString, containment);
        const QByteArray probe = newProbe();
        QProcess cli;
        startCli(&cli,
                 {QStringLiteral("run"), QStringLiteral("--no-history"), QStringLiteral("--grace"),
                  QStringLiteral("60s"), QStringLiteral("--env"), QString::fromLatin1(probe + "=1"),
                  QStringLiteral("--"), QStringLiteral("bash"), QStringLiteral("-c"),
                  QStringLiteral("trap '' TERM; sleep 300 & (setsid sleep 300 &); "
                                 "while :; do wait; done")},
                 containment);
        QVERIFY(cli.waitForStarted(WaitMs));
        const pid_t cliPid = pid_t(cli.processId());
        const QVector<pid_t> task = settled(probe, 2, cliPid);
        QVERIFY2(task.size() == 3, qPrintable(QString::fromLocal8Bit(cli.readAllStandardError())
                                              + ProcProbe::survivors(probe)));
        const pid_t guardian = guardianOf(cliPid);
        QVERIFY(guardian > 0);
        QVERIFY(::getpgid(guardian) != cliPid);
        const quint64 ignored = ignoredSignals(guardian);
        for (const int signal : {SIGINT, SIGHUP, SIGTERM, SIGQUIT})
            QVERIFY2(ignored & (1ull << (signal - 1)), qPrintable(QString::number(signal)));
        // The CLI's guardian, pinned while the CLI (its parent) lives and has not reaped it.
        const QVector<int> guardianExit = ChildProcesses::pidfdsOf({guardian});
        QCOMPARE(guardianExit.size(), 1);

        QCOMPARE(::kill(-cliPid, SIGINT), 0); // the terminal's Ctrl+C, to the CLI's group
        const QVector<int> pidfds = ChildProcesses::pidfdsOf(task);
        ::kill(cliPid, SIGKILL);
        const qint64 gone = ChildProcesses::waitForExits(pidfds, WaitMs);
        QVERIFY(cli.waitForFinished(WaitMs));
        QVERIFY2(gone >= 0, qPrintable(ProcProbe::survivors(probe)));
        QVERIFY2(gone < WithinMs, qPrintable(QStringLiteral("took %1 ms").arg(gone)));
        QVERIFY2(ChildProcesses::waitForExits(guardianExit, WaitMs) >= 0,
                 "the guardian did not exit");
        PROBE_VERIFY_NO_SURVIVORS(probe);
    }
};

QTEST_GUILESS_MAIN(CliGuardianTest)

#include "tst_cliguardian.moc"
