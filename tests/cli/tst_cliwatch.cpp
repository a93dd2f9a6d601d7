// `taskrunner-cli watch` as a user runs it: the real binary on a temporary tree. A change
// restarts the command, and no process of the previous run - a setsid child ignoring SIGTERM
// among them - is alive when the next run starts (seen through /proc, not the engine's view);
// SIGTERM to the CLI leaves nothing.
#include "privatexdgdirs.h"
#include "procprobe.h"
#include "tasklibrary.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

bool alive(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && line.mid(close + 2, 1) != "Z";
}

} // namespace

class TestCliWatch : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    QByteArray m_marker;

    // A program whose processes carry the marker in their environment (never the CLI's: its
    // own command line names only the script): it says "run PID", leaves a sleeping child in
    // its group and a setsid one that ignores SIGTERM, and waits.
    QString writeProgram(const QTemporaryDir &dir)
    {
        const QString path = dir.filePath(QStringLiteral("program.sh"));
        writeFile(path, "#!/bin/bash\nexport " + m_marker
                            + "=1\nsleep 300 &\nsetsid bash -c 'trap \"\" TERM; sleep 300' &\n"
                              "echo \"run $$\"\nwait\n");
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    void startCli(QProcess &cli, const QStringList &arguments)
    {
        cli.setProgram(QStringLiteral(TASKRUNNER_CLI));
        cli.setArguments(QStringList{QStringLiteral("watch")} + arguments);
        cli.start();
        QVERIFY(cli.waitForStarted());
    }

    // Waits until the CLI's stdout holds `runs` lines "run PID"; the PIDs.
    static QList<pid_t> waitForRuns(QProcess &cli, QByteArray *out, int runs)
    {
        QList<pid_t> pids;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            pids.clear();
            for (const QByteArray &line : out->split('\n')) {
                if (line.startsWith("run "))
                    pids.append(line.mid(4).toInt());
            }
            if (pids.size() >= runs)
                break;
            cli.waitForReadyRead(200);
            *out += cli.readAllStandardOutput();
        }
        return pids;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(usePrivateXdgDirs(m_home)); }
    void init() { m_marker = ProcProbe::newMarker(); }
    void cleanup() { ProcProbe::killAllWithMarker(m_marker); }

    // Ad hoc: a change restarts it; the old run is all gone before the new one starts.
    void changeRestartsWithNothingLeft()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src")));
        const QString program = writeProgram(dir);
        QProcess cli;
        startCli(cli, {dir.filePath(QStringLiteral("src")), QStringLiteral("--debounce=50ms"),
                       QStringLiteral("--grace=500ms"), QStringLiteral("--"), program});
        QByteArray out;
        QList<pid_t> runs = waitForRuns(cli, &out, 1);
        QCOMPARE(runs.size(), 1);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, 20000); // its two sleeps
        const QVector<pid_t> first = ProcProbe::processesWithMarker(m_marker);

        QVERIFY(writeFile(dir.filePath(QStringLiteral("src/a.cpp")), "changed"));
        runs = waitForRuns(cli, &out, 2);
        QCOMPARE(runs.size(), 2);
        // The second run has started: nothing of the first may be alive.
        QVERIFY2(!alive(runs.first()), "the first run's main process is alive");
        for (pid_t pid : first)
            QVERIFY2(!alive(pid), qPrintable(ProcProbe::describeProcesses({pid})));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, 20000);

        // Again, to be sure it keeps watching.
        QVERIFY(writeFile(dir.filePath(QStringLiteral("src/b.cpp")), "changed"));
        QCOMPARE(waitForRuns(cli, &out, 3).size(), 3);

        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 128 + SIGTERM);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.contains("src/a.cpp changed; restarting"), err.constData());
    }

    // A burst of changes is one restart.
    void burstIsOneRestart()
    {
        QTemporaryDir dir;
        const QString program = writeProgram(dir);
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("w")));
        QProcess cli;
        startCli(cli, {dir.filePath(QStringLiteral("w")), QStringLiteral("--debounce=300ms"),
                       QStringLiteral("--grace=0"), QStringLiteral("--"), program});
        QByteArray out;
        QCOMPARE(waitForRuns(cli, &out, 1).size(), 1);
        QProcess bash;
        bash.start(QStringLiteral("/bin/bash"),
                   {QStringLiteral("-c"),
                    QStringLiteral("for i in $(seq 1 40); do echo $i > "
                                   "\"$0/f$((i % 5))\"; done"),
                    dir.filePath(QStringLiteral("w"))});
        QVERIFY(bash.waitForFinished(30000));
        QCOMPARE(waitForRuns(cli, &out, 2).size(), 2);
        // Long enough for a second restart, were the burst split in two.
        QVERIFY(!cli.waitForReadyRead(1500) || !cli.readAllStandardOutput().contains("run "));
        ::kill(pid_t(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 128 + SIGINT);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // --no-restart: a change while it runs does not stop it; it runs once more when it ends.
    void noRestartRunsAgainAfterTheEnd()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("w")));
        const QString gate = dir.filePath(QStringLiteral("gate"));
        // Each run says so, and ends when the gate file appears (it removes it for the next).
        const QString script = QStringLiteral("echo \"run $$\"; while [ ! -e '%1' ]; do sleep "
                                              "0.05; done; rm -f '%1'")
                                   .arg(gate);
        QProcess cli;
        startCli(cli, {dir.filePath(QStringLiteral("w")), QStringLiteral("--debounce=0"),
                       QStringLiteral("--no-restart"), QStringLiteral("--shell"), script});
        QByteArray out;
        const QList<pid_t> first = waitForRuns(cli, &out, 1);
        QCOMPARE(first.size(), 1);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("w/a")), "changed"));
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT(
            (err += cli.readAllStandardError()).contains("running again once this run ends"),
            20000);
        QVERIFY(alive(first.first())); // not stopped
        QVERIFY(writeFile(gate, "open"));
        QCOMPARE(waitForRuns(cli, &out, 2).size(), 2); // once it ended, once more
        QVERIFY(writeFile(gate, "open"));
        QTRY_VERIFY_WITH_TIMEOUT((err += cli.readAllStandardError())
                                     .contains("exited with status 0; waiting for "
                                               "changes"),
                                 20000);
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 128 + SIGTERM);
    }

    // --task: the saved task's command and its watch (paths from its working directory, its
    // include glob).
    void savedTask()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src")));
        Task task;
        task.id = Task::newId();
        task.name = QStringLiteral("serve");
        task.spec.program = writeProgram(dir);
        task.spec.workingDirectory = dir.path();
        task.spec.gracePeriod = std::chrono::milliseconds(300);
        task.watch.paths = {QStringLiteral("src")};
        task.watch.include = {QStringLiteral("*.cpp")};
        task.watch.debounceMs = 50;
        QVERIFY(QDir().mkpath(QFileInfo(TaskLibrary::defaultPath()).path()));
        QVERIFY(writeFile(TaskLibrary::defaultPath(), TaskLibrary::toJson({task}, {})));

        QProcess cli;
        startCli(cli, {QStringLiteral("--task"), QStringLiteral("serve")});
        QByteArray out;
        QCOMPARE(waitForRuns(cli, &out, 1).size(), 1);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, 20000);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("src/notes.txt")), "not included"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("src/main.cpp")), "included"));
        QCOMPARE(waitForRuns(cli, &out, 2).size(), 2);
        QVERIFY2(cli.readAllStandardError().contains("main.cpp changed"), "");
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 128 + SIGTERM);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        // A task without watch paths is refused, saying so.
        task.watch = TaskWatch();
        QVERIFY(writeFile(TaskLibrary::defaultPath(), TaskLibrary::toJson({task}, {})));
        QProcess refused;
        startCli(refused, {QStringLiteral("--task"), QStringLiteral("serve")});
        QVERIFY(refused.waitForFinished(30000));
        QCOMPARE(refused.exitCode(), 125);
        QCOMPARE(refused.readAllStandardError(),
                 QByteArray("taskrunner-cli: the saved task 'serve' watches no paths: give "
                            "PATHs, or add them in its Triggers page\n"));
    }

    // A path that does not exist is said, and watched once it appears.
    void missingPathIsSaidAndWaitedFor()
    {
        QTemporaryDir dir;
        const QString program = writeProgram(dir);
        const QString later = dir.filePath(QStringLiteral("later"));
        QProcess cli;
        startCli(cli, {later, QStringLiteral("--debounce=0"), QStringLiteral("--grace=0"),
                       QStringLiteral("--"), program});
        QByteArray out;
        QCOMPARE(waitForRuns(cli, &out, 1).size(), 1);
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += cli.readAllStandardError()).contains("does not exist"),
                                 20000);
        QVERIFY2(err.contains(QByteArray(QFile::encodeName(later)
                                         + " does not exist (watched once it appears).")),
                 err.constData());
        QVERIFY(QDir().mkpath(later));
        QCOMPARE(waitForRuns(cli, &out, 2).size(), 2);
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(30000));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("no paths") << QStringList{"--", "true"}
                                  << QByteArray("nothing to watch: give one PATH or more before "
                                                "the command");
        QTest::newRow("no command") << QStringList{"."}
                                    << QByteArray("nothing to run: give -- PROGRAM [ARGS...], "
                                                  "--shell SCRIPT or --task NAME");
        QTest::newRow("bad debounce") << QStringList{".", "--debounce", "soon", "--", "true"}
                                      << QByteArray("--debounce: 'soon' is not a duration");
        QTest::newRow("bad glob") << QStringList{".", "--ignore", "[x", "--", "true"}
                                  << QByteArray("Ignore glob \"[x\": '[' at 1 is not closed by "
                                                "']'.");
        QTest::newRow("unknown option") << QStringList{".", "--fast", "--", "true"}
                                        << QByteArray("unknown option --fast (see watch --help)");
        QTest::newRow("unknown task")
            << QStringList{"--task", "nope"} << QByteArray("no saved task named 'nope' (see list)");
    }
    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, error);
        QProcess cli;
        startCli(cli, arguments);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 125);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.startsWith(QByteArray("taskrunner-cli: " + error)), err.constData());
        QCOMPARE(err.count('\n'), 1);
    }

    void help()
    {
        QProcess cli;
        startCli(cli, {QStringLiteral("--help")});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(cli.readAllStandardOutput().startsWith("Usage: taskrunner-cli watch"));
    }
};

QTEST_GUILESS_MAIN(TestCliWatch)
#include "tst_cliwatch.moc"
