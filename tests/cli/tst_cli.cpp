// taskrunner-cli as a user runs it: a subprocess with arguments, stdin, signals and an exit
// status. Survivors are looked for in /proc after the CLI has exited.

#include "cgroupprobe.h"
#include "procprobe.h"
#include "rawlogwriter.h"
#include "runhistory.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {
constexpr int GenerousMs = 60'000;
// How long a CLI whose reader stalled may take to end by timeout or signal: seconds in
// practice, generous for a loaded machine; without a working fix it never ends.
constexpr int StalledExitMs = 20'000;

// The CLI with its stdout on a pipe of the test's own, which the test reads only when (and as
// slowly as) it wants - QProcess would drain it at once - and its stderr to a file.
class RawCli
{
public:
    RawCli() = default;
    RawCli(const RawCli &) = delete;
    RawCli &operator=(const RawCli &) = delete;
    ~RawCli()
    {
        if (m_pid > 0) { // the test failed: leave nothing behind
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_stdout >= 0)
            ::close(m_stdout);
    }

    bool start(const QByteArray &marker, const QString &stderrPath, const QStringList &arguments)
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return false;
        m_stdout = fds[0];
        m_stderrPath = stderrPath;
        QList<QByteArray> strings{QByteArrayLiteral(TASKRUNNER_CLI)};
        for (const QString &argument : arguments)
            strings.append(argument.toLocal8Bit());
        std::vector<char *> argv;
        for (QByteArray &string : strings)
            argv.push_back(string.data());
        argv.push_back(nullptr);
        QByteArray markerEntry = marker + "=1";
        std::vector<char *> envp;
        for (char **entry = environ; *entry; ++entry)
            envp.push_back(*entry);
        envp.push_back(markerEntry.data());
        envp.push_back(nullptr);
        const QByteArray errPath = stderrPath.toLocal8Bit();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.constData(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int error = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]); // the CLI's is the only write end: EOF when it exits
        if (error != 0)
            m_pid = -1;
        return error == 0;
    }

    pid_t pid() const { return m_pid; }
    int stdoutFd() const { return m_stdout; }

    // The exit code, or -1 while it runs after ms, or -2 when a signal ended it.
    int waitForExit(int ms)
    {
        QDeadlineTimer deadline(ms);
        for (;;) {
            int status = 0;
            const pid_t got = ::waitpid(m_pid, &status, WNOHANG);
            if (got == m_pid) {
                m_pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
            }
            if (deadline.hasExpired())
                return -1;
            QThread::msleep(10);
        }
    }

    // Bytes waiting in the stdout pipe, and its capacity: equal once the CLI filled it.
    int pipeFill() const
    {
        int queued = 0;
        ::ioctl(m_stdout, FIONREAD, &queued);
        return queued;
    }
    int pipeCapacity() const { return ::fcntl(m_stdout, F_GETPIPE_SZ); }

    QByteArray stderrText() const
    {
        QFile file(m_stderrPath);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    QString m_stderrPath;
};

// The state letter of /proc/PID/stat ('T': stopped by a signal), or 0 when it cannot be read.
char processState(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    return close >= 0 && close + 2 < stat.size() ? stat.at(close + 2) : 0;
}
} // namespace

class CliTest : public QObject
{
    Q_OBJECT

private:
    QByteArray m_marker;
    QTemporaryDir m_dir;

    // containment: TASKRUNNER_CONTAINMENT for the CLI; empty leaves the test's own.
    void setUpCli(QProcess &cli, const QStringList &arguments, const QString &containment = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        if (!containment.isEmpty())
            env.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), containment);
        cli.setProcessEnvironment(env);
        cli.setProgram(QStringLiteral(TASKRUNNER_CLI));
        cli.setArguments(arguments);
    }

    // Each front end test runs with either containment: the /proc supervisor, and the default
    // (a cgroup where one of ours can be written, else the /proc supervisor again).
    void withEachContainment()
    {
        QTest::addColumn<QString>("containment");
        QTest::newRow("proc") << "proc";
        QTest::newRow("default") << "auto";
    }

    // The containment the CLI's runs get here, as `info` says it: "cgroup" or "proc".
    QString containmentOf(const QString &asked)
    {
        QProcess cli;
        setUpCli(cli, {QStringLiteral("info")}, asked);
        cli.start();
        if (!cli.waitForFinished(GenerousMs))
            return QString();
        const QByteArray first = cli.readAllStandardOutput().split('\n').value(0);
        return first.startsWith("containment: cgroup v2") ? QStringLiteral("cgroup")
               : first.startsWith("containment: /proc")   ? QStringLiteral("proc")
                                                          : QString::fromUtf8(first);
    }

    QString noexecFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("not-executable.sh"));
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write("echo hi\n");
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

    // Runs script with bash, $CLI set to the CLI and the test's marker in the environment;
    // returns its stdout (the script's own exit status, where it prints it).
    QByteArray runShell(const QString &script, QByteArray *err = nullptr)
    {
        QProcess shell;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        env.insert(QStringLiteral("CLI"), QStringLiteral(TASKRUNNER_CLI));
        env.insert(QStringLiteral("FDHOLDER"), QStringLiteral(FDHOLDER_PATH));
        shell.setProcessEnvironment(env);
        shell.setWorkingDirectory(m_dir.path());
        shell.start(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script});
        if (!shell.waitForFinished(GenerousMs))
            return "(the shell did not finish)";
        if (err)
            *err = shell.readAllStandardError();
        return shell.readAllStandardOutput();
    }

    // The CLI's stdout for arguments, after it exited 0.
    QByteArray cliOutput(const QStringList &arguments, int expectedExit = 0)
    {
        QProcess cli;
        setUpCli(cli, arguments);
        cli.start();
        if (!cli.waitForFinished(GenerousMs) || cli.exitCode() != expectedExit)
            return "(exit " + QByteArray::number(cli.exitCode()) + ": " + cli.readAllStandardError()
                   + ")";
        return cli.readAllStandardOutput();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The CLI records every run in the history under XDG_DATA_HOME: the test's own.
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("data"))));
    }

    void init() { m_marker = ProcProbe::newMarker(); }
    void cleanup() { ProcProbe::killAllWithMarker(m_marker); }

    void exitContract_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("stdoutExpected");
        QTest::addColumn<QByteArray>("stderrContains");
        const QString s = QStringLiteral("--shell");
        QTest::newRow("true") << QStringList{"run", "--", "true"} << 0 << QByteArray()
                              << QByteArray();
        QTest::newRow("program without --")
            << QStringList{"run", "echo", "-n", "x"} << 0 << QByteArray("x") << QByteArray();
        QTest::newRow("own exit code")
            << QStringList{"run", s, "exit 7"} << 7 << QByteArray() << QByteArray();
        QTest::newRow("died from SIGTERM")
            << QStringList{"run", s, "kill -TERM $$"} << 143 << QByteArray() << QByteArray();
        QTest::newRow("died from SIGSEGV")
            << QStringList{"run", s, "kill -SEGV $$"} << 139 << QByteArray() << QByteArray();
        QTest::newRow("seed case times out")
            << QStringList{"run", "--timeout", "1", s, "sleep 120; echo hello"} << 124
            << QByteArray() << QByteArray("timed out");
        QTest::newRow("not found") << QStringList{"run", "--", "taskrunner-nope"} << 127
                                   << QByteArray() << QByteArray("taskrunner-nope");
        QTest::newRow("not executable") << QStringList{"run", "--", "@noexec"} << 126
                                        << QByteArray() << QByteArray("not-executable.sh");
        QTest::newRow("bad cwd") << QStringList{"run", "--cwd", "/nonexistent/dir", "--", "true"}
                                 << 125 << QByteArray() << QByteArray("/nonexistent/dir");
        QTest::newRow("bad duration") << QStringList{"run", "--timeout", "soon", "--", "true"}
                                      << 125 << QByteArray() << QByteArray("soon");
        QTest::newRow("bad env") << QStringList{"run", "--env", "1X=2", "--", "true"} << 125
                                 << QByteArray() << QByteArray("1X=2");
        QTest::newRow("nothing to run")
            << QStringList{"run"} << 125 << QByteArray() << QByteArray("nothing to run");
        QTest::newRow("unknown command")
            << QStringList{"frobnicate"} << 125 << QByteArray() << QByteArray("frobnicate");
        QTest::newRow("unknown option") << QStringList{"run", "--frob", "--", "true"} << 125
                                        << QByteArray() << QByteArray("--frob");
        QTest::newRow("env and cwd")
            << QStringList{"run", "--env", "GREETING=hi there",      "--cwd",
                           "/",   s,       "echo \"$GREETING\"; pwd"}
            << 0 << QByteArray("hi there\n/\n") << QByteArray();
        QTest::newRow("stdout and stderr apart") << QStringList{"run", s, "echo out; echo err >&2"}
                                                 << 0 << QByteArray("out\n") << QByteArray("err\n");
        QTest::newRow("pty merges and is a terminal")
            << QStringList{"run", "--pty", s, "test -t 1 && echo tty; echo err >&2"} << 0
            << QByteArray("tty\r\nerr\r\n") << QByteArray();
        QTest::newRow("leftovers stopped, main exit code kept")
            << QStringList{"run", s, "sleep 300 & (setsid sleep 300 &); echo done; exit 5"} << 5
            << QByteArray("done\n") << QByteArray();
    }
    void exitContract()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, stdoutExpected);
        QFETCH(QByteArray, stderrContains);
        for (QString &argument : arguments)
            argument.replace(QLatin1String("@noexec"), noexecFile());
        QProcess cli;
        setUpCli(cli, arguments);
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QVERIFY2(
            cli.exitCode() ==
                [] {
                    QFETCH(int, exitCode);
                    return exitCode;
                }(),
            qPrintable(QStringLiteral("exit %1, stderr: %2")
                           .arg(cli.exitCode())
                           .arg(QString::fromLocal8Bit(err))));
        QCOMPARE(cli.readAllStandardOutput(), stdoutExpected);
        QVERIFY2(err.contains(stderrContains), err.constData());
        // An error is one line naming what is at fault.
        if (cli.exitCode() == 125 || cli.exitCode() == 126 || cli.exitCode() == 127)
            QCOMPARE(err.count('\n'), 1);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void libraryListAndRunTask()
    {
        // A library in an isolated config dir, as the desktop app writes it.
        QTemporaryDir config;
        QDir().mkpath(config.filePath(QStringLiteral("taskrunner")));
        QFile file(config.filePath(QStringLiteral("taskrunner/tasks.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"taskrunner-library\", \"version\": 1, \"tasks\": ["
                   "{\"name\": \"greet\", \"mode\": \"shell\", "
                   "\"script\": \"echo \\\"hi $WHO\\\"; exit 3\", "
                   "\"environment\": {\"WHO\": \"saved\"}},"
                   "{\"name\": \"slow\", \"mode\": \"shell\", \"script\": \"sleep 120\", "
                   "\"timeoutMs\": 500},"
                   "{\"name\": \"term\", \"mode\": \"shell\", \"pty\": true, "
                   "\"script\": \"test -t 1 && echo tty || echo pipe\"},"
                   "{\"name\": \"plain\", \"mode\": \"shell\", "
                   "\"script\": \"test -t 1 && echo tty || echo pipe\"}]}");
        file.close();
        const auto run = [&](const QStringList &arguments, QByteArray *out) {
            QProcess cli;
            setUpCli(cli, arguments);
            QProcessEnvironment env = cli.processEnvironment();
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
            cli.setProcessEnvironment(env);
            cli.start();
            cli.waitForFinished(GenerousMs);
            *out = cli.readAllStandardOutput();
            return cli.exitCode();
        };
        QByteArray out;
        QCOMPARE(run({QStringLiteral("list")}, &out), 0);
        QVERIFY2(out.contains("greet\t") && out.contains("slow\t"), out.constData());
        QCOMPARE(
            run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("greet")}, &out),
            3);
        QCOMPARE(out, QByteArray("hi saved\n"));
        // Options given on the command line override the saved ones.
        QCOMPARE(run({QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("WHO=cli"),
                      QStringLiteral("--task"), QStringLiteral("greet")},
                     &out),
                 3);
        QCOMPARE(out, QByteArray("hi cli\n"));
        QCOMPARE(
            run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("slow")}, &out),
            124); // its saved timeout applies
        // The saved pseudo-terminal setting applies, and --pty turns it on for a task without.
        QCOMPARE(
            run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("term")}, &out),
            0);
        QCOMPARE(out, QByteArray("tty\r\n"));
        QCOMPARE(
            run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("plain")}, &out),
            0);
        QCOMPARE(out, QByteArray("pipe\n"));
        QCOMPARE(run({QStringLiteral("run"), QStringLiteral("--pty"), QStringLiteral("--task"),
                      QStringLiteral("plain")},
                     &out),
                 0);
        QCOMPARE(out, QByteArray("tty\r\n"));
        QCOMPARE(
            run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("nope")}, &out),
            125);
        // A damaged library is an error, and the CLI leaves the file where it is.
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ broken");
        file.close();
        QCOMPARE(run({QStringLiteral("list")}, &out), 125);
        QVERIFY(file.exists());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void helpDocumentsTheContract()
    {
        QProcess cli;
        setUpCli(cli, {QStringLiteral("run"), QStringLiteral("--help")});
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitCode(), 0);
        const QByteArray help = cli.readAllStandardOutput();
        for (const char *word :
             {"--timeout",    "--grace",     "--cwd",       "--env",       "--shell",
              "124",          "125",         "126",         "127",         "128+N",
              "130",          "500ms",       "129 SIGHUP",  "130 SIGINT",  "131 SIGQUIT",
              "138 SIGUSR1",  "140 SIGUSR2", "142 SIGALRM", "143 SIGTERM", "dropped",
              "--memory-max", "--cpu-max",   "--pids-max",  "512M",        "150%"})
            QVERIFY2(help.contains(word), word);
    }

    // A limit that cannot be applied here is never left out: the task does not start, and the
    // CLI exits 125 with one line naming the limit and why. With the /proc supervisor that is
    // everywhere; with cgroups, where our cgroup does not pass the controller on (read for
    // ourselves: on this project's hybrid host, memory is in cgroup v1). Bad values are 125 too.
    void limitsThatCannotBeAppliedRefuseToStart_data()
    {
        QTest::addColumn<QString>("containment"); // TASKRUNNER_CONTAINMENT, or none
        QTest::addColumn<QStringList>("limit");
        QTest::addColumn<QString>("controller");
        QTest::addColumn<QByteArray>("says");
        const auto memory = QStringList{"--memory-max", "64M"};
        QTest::newRow("memory, /proc supervisor")
            << "proc" << memory << "memory"
            << QByteArray("taskrunner-cli: cannot limit memory to 64 MB: taskrunner's runs are "
                          "held by the /proc supervisor here");
        QTest::newRow("memory, default containment")
            << QString() << memory << "memory"
            << QByteArray("taskrunner-cli: cannot limit memory to 64 MB: ");
        QTest::newRow("cpu, default containment")
            << QString() << QStringList{"--cpu-max=150%"} << "cpu"
            << QByteArray("taskrunner-cli: cannot limit CPU time to 1.5 CPUs: ");
        QTest::newRow("pids, /proc supervisor")
            << "proc" << QStringList{"--pids-max", "10"} << "pids"
            << QByteArray("taskrunner-cli: cannot limit processes to 10: ");
    }
    void limitsThatCannotBeAppliedRefuseToStart()
    {
        QFETCH(QString, containment);
        QFETCH(QStringList, limit);
        QFETCH(QString, controller);
        QFETCH(QByteArray, says);
        if (!containment.isEmpty())
            qputenv("TASKRUNNER_CONTAINMENT", containment.toLatin1());
        const auto restore = qScopeGuard([] { qunsetenv("TASKRUNNER_CONTAINMENT"); });
        QString why;
        const bool applicable = CgroupProbe::limitsExpected({controller}, &why);
        qInfo().noquote() << (applicable ? QStringLiteral("expected to be applied")
                                         : QStringLiteral("expected to be refused: ") + why);
        const QString ran = m_dir.filePath(QStringLiteral("ran-") + QString::fromLatin1(m_marker));
        QProcess cli;
        setUpCli(cli, QStringList{"run"} + limit
                          + QStringList{"--shell", QStringLiteral("touch '%1'").arg(ran)});
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        const QByteArray err = cli.readAllStandardError();
        if (applicable) {
            QCOMPARE(cli.exitCode(), 0);
            QVERIFY(QFileInfo::exists(ran));
            return;
        }
        QVERIFY2(cli.exitCode() == 125, err.constData());
        QVERIFY2(err.startsWith(says), err.constData());
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(!QFileInfo::exists(ran), "the task ran without its limit");
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void badLimitValuesAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("bytes meant as M") << QStringList{"run", "--memory-max", "64", "true"}
                                          << QByteArray("--memory-max: '64' is less than 1M, too "
                                                        "little for any program to start (a "
                                                        "number without a unit is bytes: did you "
                                                        "mean 64M?)");
        QTest::newRow("not a size") << QStringList{"run", "--memory-max=lots", "true"}
                                    << QByteArray("--memory-max: 'lots' is not a size");
        QTest::newRow("not CPUs") << QStringList{"run", "--cpu-max", "half", "true"}
                                  << QByteArray("--cpu-max: 'half' is not a number of CPUs");
        QTest::newRow("no processes")
            << QStringList{"run", "--pids-max", "0", "true"} << QByteArray("--pids-max: '0' is 0");
        QTest::newRow("no value") << QStringList{"run", "--pids-max"}
                                  << QByteArray("--pids-max needs a value");
    }
    void badLimitValuesAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, says);
        QProcess cli;
        setUpCli(cli, arguments);
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 125);
        QVERIFY2(err.contains(says), err.constData());
        QCOMPARE(err.count('\n'), 1);
    }

    // A saved task's limits apply to run --task, and the command line overrides them: a value of
    // its own, or none to lift one.
    void savedLimitsApplyAndAreOverridden()
    {
        QTemporaryDir config;
        QDir().mkpath(config.filePath(QStringLiteral("taskrunner")));
        QFile file(config.filePath(QStringLiteral("taskrunner/tasks.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QString ran = m_dir.filePath(QStringLiteral("ran-") + QString::fromLatin1(m_marker));
        file.write(QStringLiteral("{\"format\": \"taskrunner-library\", \"version\": 1, "
                                  "\"tasks\": [{\"name\": \"capped\", \"mode\": \"shell\", "
                                  "\"script\": \"touch '%1'\", \"memoryMaxBytes\": 67108864}]}")
                       .arg(ran)
                       .toUtf8());
        file.close();
        const auto run = [&](const QStringList &arguments, QByteArray *err) {
            QProcess cli;
            setUpCli(cli, arguments);
            QProcessEnvironment env = cli.processEnvironment();
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
            env.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), QStringLiteral("proc"));
            cli.setProcessEnvironment(env);
            cli.start();
            cli.waitForFinished(GenerousMs);
            *err = cli.readAllStandardError();
            return cli.exitCode();
        };
        QByteArray err;
        QCOMPARE(run({"run", "--task", "capped"}, &err), 125);
        QVERIFY2(err.startsWith("taskrunner-cli: cannot limit memory to 64 MB: "), err.constData());
        QVERIFY(!QFileInfo::exists(ran));
        QCOMPARE(run({"run", "--memory-max", "1G", "--task", "capped"}, &err), 125);
        QVERIFY2(err.startsWith("taskrunner-cli: cannot limit memory to 1 GB: "), err.constData());
        QVERIFY(!QFileInfo::exists(ran));
        QCOMPARE(run({"run", "--memory-max", "none", "--task", "capped"}, &err), 0);
        QVERIFY2(QFileInfo::exists(ran), err.constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void binaryStreamByteExact()
    {
        const QString path = m_dir.filePath(QStringLiteral("random.bin"));
        QByteArray data(16 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
        file.close();
        QProcess cli;
        setUpCli(cli, {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("cat"), path});
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitCode(), 0);
        const QByteArray out = cli.readAllStandardOutput();
        QCOMPARE(out.size(), data.size());
        QVERIFY(out == data);
    }

    void stdinIsForwarded()
    {
        QProcess cli;
        setUpCli(cli, {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("cat")});
        cli.start();
        QVERIFY(cli.waitForStarted(GenerousMs));
        cli.write(QByteArray("line one\n\0\xfe\n", 12));
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardOutput(), QByteArray("line one\n\0\xfe\n", 12));
    }

    void closedStdoutStopsTheTask()
    {
        // `taskrunner-cli run -- yes | head -c 1`: when the reader goes, the task must not run
        // on forever; the CLI reports SIGPIPE like a pipeline member.
        QProcess shell;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        env.insert(QStringLiteral("CLI"), QStringLiteral(TASKRUNNER_CLI));
        shell.setProcessEnvironment(env);
        shell.start(QStringLiteral("/bin/bash"),
                    {QStringLiteral("-c"), QStringLiteral("\"$CLI\" run -- yes | head -c 1 "
                                                          ">/dev/null; echo ${PIPESTATUS[0]}")});
        QVERIFY(shell.waitForFinished(GenerousMs));
        QCOMPARE(shell.readAllStandardOutput().trimmed(), QByteArray("141"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void closedStderrAtStartIsNotReused()
    {
        // Started with stderr closed, the CLI's fd 2 must be /dev/null - not the first
        // descriptor Qt happens to open, which would then receive the task's stderr.
        const QByteArray out = runShell(QStringLiteral(
            "\"$CLI\" run -- sh -c 'readlink /proc/$PPID/fd/2; echo to-stderr >&2' 2>&-; "
            "echo \"exit $?\""));
        QCOMPARE(out, QByteArray("/dev/null\nexit 0\n"));
    }

    void bytesThatAreNotUtf8RoundTrip()
    {
        // A program name and an argument that are not UTF-8, passed on byte for byte.
        const QByteArray out = runShell(QString::fromLatin1(R"sh(
            name=$(printf 'caf\351.sh')
            printf '%s\n' '#!/bin/sh' 'printf "%s|%s" "$0" "$1"' > "$name"
            chmod +x "$name"
            "$CLI" run -- "./$name" "$(printf 'a\377b')"
            echo " exit $?"
            rm -f "$name")sh"));
        QCOMPARE(out, QByteArray("./caf\xe9.sh|a\xff"
                                 "b exit 0\n"));
    }

    void unsearchableDirectoryIsNotExecutable()
    {
        // A program in a directory we may not search is "permission denied" (126), as shells
        // say - not "not found" (127). Root may search anything: run the CLI as nobody.
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/trtest-XXXXXX"));
        QVERIFY(dir.isValid());
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("locked")));
        QVERIFY(QFile::copy(QStringLiteral("/bin/true"), dir.filePath(QStringLiteral("locked/t"))));
        ::chmod(QFile::encodeName(dir.filePath(QStringLiteral("locked"))).constData(), 0700);
        const QString asNobody
            = ::geteuid() == 0
                  ? QStringLiteral("setpriv --reuid=65534 --regid=65534 --clear-groups ")
                  : QString();
        if (!asNobody.isEmpty()
            && runShell(asNobody + QStringLiteral("\"$CLI\" --version >/dev/null; echo $?"))
                   != "0\n")
            QSKIP("the CLI cannot be run as nobody here (its build directory is private)");
        QByteArray err;
        const QByteArray out = runShell(asNobody
                                            + QStringLiteral("\"$CLI\" run -- '%1'; echo $?")
                                                  .arg(dir.filePath(QStringLiteral("locked/t"))),
                                        &err);
        QCOMPARE(out, QByteArray("126\n"));
        QVERIFY2(err.contains("taskrunner-cli:") && err.contains("ermission denied"),
                 err.constData());
    }

    void outputHeldByAStranger()
    {
        // The task hands its stdout to a process that is not ours: the CLI still ends with
        // the contract's code, soon after the timeout, and names who kept the output.
        QByteArray err;
        const QByteArray out = runShell(
            QStringLiteral("\"$FDHOLDER\" serve \"$PWD/s\" > holder.out & holder=$!; "
                           "until grep -q ready holder.out 2>/dev/null; do sleep 0.05; done; "
                           "\"$CLI\" run --timeout 1 --shell \"\\\"$FDHOLDER\\\" send '$PWD/s'; "
                           "sleep 300\" > /dev/null; code=$?; "
                           "kill -0 $holder && echo alive; kill $holder; wait $holder; "
                           "echo $code"),
            &err);
        QCOMPARE(out, QByteArray("alive\n124\n"));
        QVERIFY2(err.contains("output still held by pid") && err.contains("(fdholder)"),
                 err.constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void historyRecordsEveryRun()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("data/taskrunner/history.sqlite")));
        cliOutput({"run", "--", "sh", "-c", "echo a; echo bc >&2; exit 3"}, 3);
        cliOutput({"run", "--timeout", "0.3", "--", "sleep", "30"}, 124);
        cliOutput({"run", "--no-history", "--", "true"});
        const QByteArray json = cliOutput({"history", "--json"});
        const QJsonArray runs = QJsonDocument::fromJson(json).array();
        QCOMPARE(runs.size(), 2);
        const QJsonObject timedOut = runs[0].toObject(); // newest first
        QCOMPARE(timedOut[QLatin1String("outcome")].toString(), QStringLiteral("timed-out"));
        QCOMPARE(timedOut[QLatin1String("trigger")].toString(), QStringLiteral("cli"));
        const QJsonObject exited = runs[1].toObject();
        QCOMPARE(exited[QLatin1String("outcome")].toString(), QStringLiteral("exited"));
        QCOMPARE(exited[QLatin1String("exitCode")].toInt(), 3);
        QCOMPARE(exited[QLatin1String("stdoutBytes")].toInt(), 2);
        QCOMPARE(exited[QLatin1String("stderrBytes")].toInt(), 3);
        QVERIFY(runs[0].toObject()[QLatin1String("id")].toInt()
                > exited[QLatin1String("id")].toInt());

        // One line a run: id, start, task, outcome, exit code, duration.
        const QList<QByteArray> lines = cliOutput({"history", "--limit", "1"}).split('\n');
        QCOMPARE(lines.size(), 2); // and the final newline
        const QList<QByteArray> fields = lines[0].split('\t');
        QCOMPARE(fields.size(), 6);
        QCOMPARE(fields[2], QByteArray("sleep 30"));
        QCOMPARE(fields[3], QByteArray("timed-out"));
        QVERIFY(cliOutput({"history", "--task", "nothing-by-this-name"}).isEmpty());
        QVERIFY(cliOutput({"history", "--limit", "x"}, 125).isEmpty());
    }

    void logWritesARunsStreamsBack()
    {
        // A run with a log (as the desktop app records them): stdout and stderr interleaved,
        // with bytes that are not text; `log` gives each stream back byte for byte, `--merged`
        // both in the order they came.
        QFile::remove(m_dir.filePath(QStringLiteral("data/taskrunner/history.sqlite")));
        const QString logPath = m_dir.filePath(QStringLiteral("20260101-000000-000-x.log"));
        QByteArray out, err, merged;
        {
            RawLogWriter writer;
            QString error;
            QVERIFY2(writer.open(logPath, &error), qPrintable(error));
            for (int i = 0; i < 50; ++i) {
                const QByteArray chunk = QByteArray::number(i) + QByteArray("\0\xff\n", 3);
                const bool toErr = i % 3 == 0;
                writer.write(toErr ? OutputChannel::Stderr : OutputChannel::Stdout, chunk);
                (toErr ? err : out) += chunk;
                merged += chunk;
            }
            writer.flushForTesting();
        }
        qint64 id = 0;
        {
            RunHistory history;
            QVERIFY(
                history.open(m_dir.filePath(QStringLiteral("data/taskrunner/history.sqlite"))).ok);
            RunRecord record;
            record.taskName = QStringLiteral("logged");
            record.logPath = logPath;
            id = history.recordStart(record);
            QVERIFY(id > 0);
        }
        QProcess cli;
        setUpCli(cli, {QStringLiteral("log"), QString::number(id)});
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardOutput(), out);
        QCOMPARE(cli.readAllStandardError(), err);
        QCOMPARE(
            cliOutput({QStringLiteral("log"), QString::number(id), QStringLiteral("--merged")}),
            merged);
        // An unknown run, and one of the command line (no log): one line, 125.
        QCOMPARE(cliOutput({QStringLiteral("log"), QString::number(id + 1000)}, 125), QByteArray());
        cliOutput({"run", "--", "true"});
        QProcess noLog;
        setUpCli(noLog, {QStringLiteral("log"), QString::number(id + 1)});
        noLog.start();
        QVERIFY(noLog.waitForFinished(GenerousMs));
        QCOMPARE(noLog.exitCode(), 125);
        QVERIFY2(noLog.readAllStandardError().contains("has no log"), "no reason given");
    }

    void manyCliRunsAtOnceAreAllRecorded()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("data/taskrunner/history.sqlite")));
        constexpr int Runs = 12;
        std::vector<std::unique_ptr<QProcess>> clis;
        for (int i = 0; i < Runs; ++i) {
            clis.push_back(std::make_unique<QProcess>());
            setUpCli(*clis.back(), {"run", "--", "sh", "-c", QStringLiteral("exit %1").arg(i)});
            clis.back()->start();
        }
        QSet<int> codes;
        for (auto &cli : clis) {
            QVERIFY(cli->waitForFinished(GenerousMs));
            QCOMPARE(cli->readAllStandardError(), QByteArray());
        }
        const QJsonArray runs = QJsonDocument::fromJson(cliOutput({"history", "--json"})).array();
        QCOMPARE(runs.size(), Runs);
        for (const QJsonValue &run : runs)
            codes.insert(run.toObject()[QLatin1String("exitCode")].toInt());
        QCOMPARE(codes.size(), Runs);
    }

    void signalStopsEverything_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("SIGINT") << SIGINT << 130;
        QTest::newRow("SIGTERM") << SIGTERM << 143;
        QTest::newRow("SIGHUP") << SIGHUP << 129;
        // Their defaults would end the CLI too (SIGQUIT's with a core dump), leaving the task.
        QTest::newRow("SIGQUIT") << SIGQUIT << 131;
        QTest::newRow("SIGUSR1") << SIGUSR1 << 138;
        QTest::newRow("SIGUSR2") << SIGUSR2 << 140;
        QTest::newRow("SIGALRM") << SIGALRM << 142;
    }
    void signalStopsEverything()
    {
        QFETCH(int, signal);
        QProcess cli;
        setUpCli(cli, {QStringLiteral("run"), QStringLiteral("--shell"),
                       QStringLiteral("(setsid sleep 300 &); sleep 300 & echo ready; wait")});
        cli.start();
        // The task is up: its line arrived and its three processes exist (plus the CLI).
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += cli.readAllStandardOutput()).contains("ready"),
                                 GenerousMs);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, GenerousMs); // latched
        ::kill(pid_t(cli.processId()), signal);
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QTEST(cli.exitCode(), "exitCode");
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void secondInterruptKillsAtOnce()
    {
        QProcess cli;
        setUpCli(cli, {QStringLiteral("run"), QStringLiteral("--grace"), QStringLiteral("10m"),
                       QStringLiteral("--shell"),
                       QStringLiteral("trap '' TERM; sleep 300 & echo ready; wait")});
        cli.start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs); // latched
        ::kill(pid_t(cli.processId()), SIGINT);
        // The first one only asked for TERM, which the task ignores: it keeps running.
        QVERIFY(!cli.waitForFinished(300));
        ::kill(pid_t(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(GenerousMs)); // far sooner than the 10-minute grace
        QCOMPARE(cli.exitCode(), 130);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // `taskrunner-cli run ... | sleep 300`: a reader that never reads must not take the
    // timeout, the signals or the exit status away from the CLI.
    void stalledReader_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("signal"); // 0: none, the timeout ends it
        QTest::addColumn<int>("exitCode");
        QTest::newRow("timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("1")}
                                 << 0 << 124;
        QTest::newRow("SIGTERM") << QStringList() << int(SIGTERM) << 143;
        QTest::newRow("SIGINT") << QStringList() << int(SIGINT) << 130;
    }
    void stalledReader()
    {
        QFETCH(QStringList, options);
        QFETCH(int, signal);
        QFETCH(int, exitCode);
        RawCli cli;
        QVERIFY(cli.start(
            m_marker, m_dir.filePath(QStringLiteral("stderr.txt")),
            QStringList{QStringLiteral("run")} + options
                + QStringList{QStringLiteral("--shell"), QStringLiteral("sleep 300 & yes")}));
        // The task runs (CLI, bash, sleep, yes) and the CLI filled the pipe nobody reads.
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, GenerousMs); // latched
        QTRY_VERIFY_WITH_TIMEOUT(cli.pipeFill() >= cli.pipeCapacity(), GenerousMs);
        if (signal != 0)
            ::kill(cli.pid(), signal);
        const int code = cli.waitForExit(StalledExitMs);
        const QByteArray err = cli.stderrText();
        QVERIFY2(code == exitCode, qPrintable(QStringLiteral("exit %1 (-1: still running), "
                                                             "stderr: %2")
                                                  .arg(code)
                                                  .arg(QString::fromLocal8Bit(err))));
        // What the reader never took is dropped, and said once.
        QCOMPARE(err.count("bytes of output dropped"), 1);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void signalWhileWaitingForTheReaderExitsAtOnce()
    {
        // The task ends on its own while nobody reads: the CLI waits to write the rest, but a
        // signal ends that wait at once.
        const QString doneFile = m_dir.filePath(QStringLiteral("task-done"));
        RawCli cli;
        QVERIFY(cli.start(m_marker, m_dir.filePath(QStringLiteral("stderr.txt")),
                          {QStringLiteral("run"), QStringLiteral("--shell"),
                           QStringLiteral("head -c 1M /dev/zero; touch '%1'").arg(doneFile)}));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(doneFile), GenerousMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            ProcProbe::processesWithMarker(m_marker) == QVector<pid_t>{cli.pid()}, GenerousMs);
        QCOMPARE(cli.waitForExit(0), -1); // still waiting for the reader
        ::kill(cli.pid(), SIGTERM);
        QCOMPARE(cli.waitForExit(StalledExitMs), 143);
        QVERIFY2(cli.stderrText().contains("bytes of output dropped"),
                 cli.stderrText().constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void slowReaderGetsEveryByte()
    {
        // A reader far slower than the task: back-pressure holds the task, and when the task
        // ends on its own, every byte still reaches the reader.
        const QString path = m_dir.filePath(QStringLiteral("slow.bin"));
        QByteArray data(8 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator(11).fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
        file.close();
        RawCli cli;
        QVERIFY(
            cli.start(m_marker, m_dir.filePath(QStringLiteral("stderr.txt")),
                      {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("cat"), path}));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 received = 0;
        QByteArray buffer(16 * 1024, Qt::Uninitialized);
        QDeadlineTimer deadline(GenerousMs);
        for (;;) {
            pollfd pfd{cli.stdoutFd(), POLLIN, 0};
            QVERIFY(::poll(&pfd, 1, int(qMax<qint64>(deadline.remainingTime(), 0))) > 0);
            const ssize_t n = ::read(cli.stdoutFd(), buffer.data(), size_t(buffer.size()));
            QVERIFY(n >= 0);
            if (n == 0)
                break; // EOF: the CLI exited
            hash.addData(QByteArrayView(buffer.constData(), n));
            received += n;
            QThread::usleep(1000); // slow, not synchronisation: ~0.5 s for 8 MiB at the least
        }
        QCOMPARE(cli.waitForExit(GenerousMs), 0);
        QCOMPARE(received, qint64(data.size()));
        QCOMPARE(hash.result(), QCryptographicHash::hash(data, QCryptographicHash::Sha256));
        QCOMPARE(cli.stderrText(), QByteArray());
    }

    // Ctrl+Z: the task, in a session of its own, gets nothing from the terminal - the CLI
    // pauses it, then stops itself as a job; SIGCONT (fg) resumes both.
    void ctrlZPausesTheTask_data() { withEachContainment(); }
    void ctrlZPausesTheTask()
    {
        QFETCH(QString, containment);
        const QString progress = m_dir.filePath(QStringLiteral("progress-") + m_marker);
        const QString finish = m_dir.filePath(QStringLiteral("finish-") + m_marker);
        QProcess cli;
        // Two writers: the shell and a child of it, until the test says finish.
        setUpCli(cli,
                 {"run", "--shell",
                  QStringLiteral("(while [ ! -e '%2' ]; do echo c >> '%1'; sleep 0.02; done) & "
                                 "while [ ! -e '%2' ]; do echo p >> '%1'; sleep 0.02; done; "
                                 "wait; echo finished")
                      .arg(progress, finish)},
                 containment);
        // A process group of its own, as a shell gives a job: the kernel discards a stop
        // signal to an orphaned group, which the test's own group may be under ctest.
        cli.setChildProcessModifier([] { ::setpgid(0, 0); });
        cli.start();
        const auto size = [&progress] { return QFileInfo(progress).size(); };
        QTRY_VERIFY_WITH_TIMEOUT(size() > 100, GenerousMs); // both are writing
        const qint64 pid = cli.processId();
        ::kill(pid_t(pid), SIGTSTP);
        // The CLI stopped itself, after pausing the task.
        QTRY_COMPARE_WITH_TIMEOUT(processState(pid), 'T', GenerousMs);
        // An observation window, not a synchronisation: nothing may grow the file in it.
        QTest::qWait(200); // a write in flight when the freeze came lands in this one
        const qint64 frozenAt = size();
        QTest::qWait(500);
        QCOMPARE(size(), frozenAt);
        QCOMPARE(processState(pid), 'T');
        ::kill(pid_t(pid), SIGCONT);
        QTRY_VERIFY_WITH_TIMEOUT(size() > frozenAt + 40, GenerousMs); // going on again
        QVERIFY(processState(pid) != 'T');
        QFile flag(finish);
        QVERIFY(flag.open(QIODevice::WriteOnly));
        flag.close();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardOutput(), QByteArray("finished\n"));
        QCOMPARE(cli.readAllStandardError(), QByteArray());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // --stats: one line on stderr at the end, with figures a busy loop of one to two seconds
    // (bash's SECONDS ticks with the clock: the loop runs 1-2 s) can have; the history has
    // the same.
    void statsSayWhatTheRunUsed_data() { withEachContainment(); }
    void statsSayWhatTheRunUsed()
    {
        QFETCH(QString, containment);
        QProcess cli;
        const QString script
            = QStringLiteral("SECONDS=0; while [ $SECONDS -lt 2 ]; do :; done; : ") + m_marker;
        setUpCli(cli, {"run", "--stats", "--shell", script}, containment);
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitCode(), 0);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        static const QRegularExpression line(QStringLiteral(
            "^taskrunner-cli: cpu (\\d+\\.\\d\\d) s \\(user (\\d+\\.\\d\\d), system "
            "(\\d+\\.\\d\\d)\\), memory peak (\\d+(?:\\.\\d+)?) (KB|MB), processes peak (\\d+), "
            "containment (\\w+)\\n$"));
        const QRegularExpressionMatch m = line.match(err);
        QVERIFY2(m.hasMatch(), qPrintable(err));
        const double cpu = m.captured(1).toDouble();
        // Generous: a shared machine may give the loop less than a whole core.
        QVERIFY2(cpu >= 0.3 && cpu <= 5.0, qPrintable(err));
        QVERIFY2(qAbs(m.captured(2).toDouble() + m.captured(3).toDouble() - cpu) <= 0.011,
                 qPrintable(err));
        const double memoryKb
            = m.captured(4).toDouble() * (m.captured(5) == QLatin1String("MB") ? 1024 : 1);
        QVERIFY2(memoryKb >= 100 && memoryKb <= 200 * 1024, qPrintable(err)); // one bash
        const int processes = m.captured(6).toInt();
        QVERIFY2(processes >= 1 && processes <= 3, qPrintable(err));
        QCOMPARE(m.captured(7), containmentOf(containment));

        RunHistory history;
        QVERIFY(history.open(RunHistory::defaultPath(), false).ok);
        std::optional<RunRecord> recorded;
        for (const RunRecord &record : history.runs()) {
            if (record.taskName.contains(QString::fromLatin1(m_marker)))
                recorded = record;
        }
        QVERIFY(recorded);
        QVERIFY2(qAbs(double(recorded->cpuMs) / 1000 - cpu) <= 0.006,
                 qPrintable(QString::number(recorded->cpuMs)));
        // The line rounds: to 0.1 MB, or to 1 KB.
        const double rounding = m.captured(5) == QLatin1String("MB") ? 0.05 * 1024 + 1 : 1;
        QVERIFY2(qAbs(double(recorded->maxRssKb) - memoryKb) <= rounding,
                 qPrintable(QString::number(recorded->maxRssKb)));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // `info` says which containment runs get and why, the hierarchy and the kernel's features,
    // and exits 0 leaving nothing behind (the instance cgroup it made to know is removed).
    void infoSaysWhichContainment_data() { withEachContainment(); }
    void infoSaysWhichContainment()
    {
        QFETCH(QString, containment);
        QProcess cli;
        setUpCli(cli, {QStringLiteral("info")}, containment);
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardError(), QByteArray());
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        const QStringList lines = out.split(QLatin1Char('\n'));
        QVERIFY2(lines.value(0).startsWith(QLatin1String("containment: ")), qPrintable(out));
        QVERIFY2(
            out.contains(QRegularExpression(QStringLiteral(
                "\npidfd: (yes|no)[^\n]*; process groups signalled through a pidfd: (yes|no)"))),
            qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("\nresource figures: CPU time ")), qPrintable(out));
        if (containment == QLatin1String("proc")) {
            QCOMPARE(lines.value(0), QStringLiteral("containment: /proc supervisor (asked for by "
                                                    "TASKRUNNER_CONTAINMENT=proc)"));
            QCOMPARE(lines.value(1),
                     QStringLiteral("asked for: proc (TASKRUNNER_CONTAINMENT=proc)"));
            return;
        }
        QCOMPARE(lines.value(1), QStringLiteral("asked for: auto (TASKRUNNER_CONTAINMENT=auto)"));
        static const QRegularExpression cgroup(
            QStringLiteral("^containment: cgroup v2 \\((/[^)]*/taskrunner-[^)]+)\\)$"));
        const QRegularExpressionMatch m = cgroup.match(lines.value(0));
        if (!m.hasMatch()) { // no cgroup v2 of ours here: it says why
            QVERIFY2(lines.value(0).startsWith(QLatin1String("containment: /proc supervisor (no "
                                                             "cgroup v2 of ours to use: ")),
                     qPrintable(out));
            return;
        }
        QVERIFY2(out.contains(QLatin1String("\ncgroup.kill: ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("cgroup.freeze: ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("\ncontrollers for runs: ")), qPrintable(out));
        QVERIFY2(!QFileInfo::exists(m.captured(1)), qPrintable(m.captured(1) + " is left"));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
