// The desktop app as its session treats it: the real binary, a task with children running, and
// then a signal (a logout's SIGHUP, `kill PID`, Ctrl+C or Ctrl+\ in the terminal it was started
// from) or the loss of its display. Nothing of the task may survive; /proc is the judge.

#include "cgrouphierarchy.h"
#include "procprobe.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

namespace {

constexpr int GenerousMs = 60'000; // catches hangs, not slowness

} // namespace

class AppSignalsTest : public QObject
{
    Q_OBJECT

private:
    QByteArray m_marker;
    std::unique_ptr<QTemporaryDir> m_home;
    QString m_containment; // TASKRUNNER_CONTAINMENT for the app, when set

    // A library with one task, "sleepers", whose processes carry the test's marker.
    void writeLibrary(const QString &script, int graceMs)
    {
        QJsonObject environment;
        environment[QString::fromLatin1(m_marker)] = QStringLiteral("1");
        QJsonObject task;
        task[QStringLiteral("name")] = QStringLiteral("sleepers");
        task[QStringLiteral("mode")] = QStringLiteral("shell");
        task[QStringLiteral("script")] = script;
        task[QStringLiteral("workingDirectory")] = QString();
        task[QStringLiteral("environment")] = environment;
        task[QStringLiteral("timeoutMs")] = 0;
        task[QStringLiteral("graceMs")] = graceMs;
        task[QStringLiteral("leaveLeftovers")] = false;
        task[QStringLiteral("pty")] = false;
        QJsonObject root;
        root[QStringLiteral("format")] = QStringLiteral("taskrunner-library");
        root[QStringLiteral("version")] = 1;
        root[QStringLiteral("tasks")] = QJsonArray{task};
        QVERIFY(QDir().mkpath(m_home->filePath(QStringLiteral("config/taskrunner"))));
        QFile file(m_home->filePath(QStringLiteral("config/taskrunner/tasks.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }

    void startApp(QProcess &app, const QString &platform, const QString &display = QString())
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
        const QString runtime = m_home->filePath(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        if (!display.isEmpty())
            env.insert(QStringLiteral("DISPLAY"), display);
        if (!m_containment.isEmpty())
            env.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), m_containment);
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(TASKRUNNER_APP),
                  {QStringLiteral("--run"), QStringLiteral("sleepers")});
        QVERIFY(app.waitForStarted(GenerousMs));
    }

private Q_SLOTS:
    void init()
    {
        m_marker = ProcProbe::newMarker();
        m_containment.clear();
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
    }

    void cleanup() { ProcProbe::killAllWithMarker(m_marker); }

    // --help and --version answer without a display (a terminal, ssh, a build machine): they
    // are printed and the app ends with 0, where QApplication would abort for want of one.
    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--run <NAME>");
        QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--palette <SCHEME>");
        QTest::newRow("--help-all")
            << QStringLiteral("--help-all") << QStringLiteral("--quick-run");
        QTest::newRow("--version")
            << QStringLiteral("--version") << QStringLiteral("taskrunner " TASKRUNNER_VERSION);
        QTest::newRow("-v") << QStringLiteral("-v") << QStringLiteral(TASKRUNNER_VERSION);
    }
    void helpAndVersionNeedNoDisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(TASKRUNNER_APP), {option});
        QVERIFY(app.waitForFinished(GenerousMs));
        const QString said = QString::fromLocal8Bit(app.readAllStandardOutput());
        QVERIFY2(app.exitStatus() == QProcess::NormalExit,
                 qPrintable(QString::fromLocal8Bit(app.readAllStandardError())));
        QCOMPARE(app.exitCode(), 0);
        QVERIFY2(said.contains(expected), qPrintable(said));
    }

    // --palette takes system, light or dark; anything else is refused at once, saying so.
    void aPaletteNotKnownIsRefused()
    {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(TASKRUNNER_APP),
                  {QStringLiteral("--palette"), QStringLiteral("purple")});
        QVERIFY(app.waitForFinished(GenerousMs));
        QCOMPARE(app.exitCode(), 2);
        const QString said = QString::fromLocal8Bit(app.readAllStandardError());
        QVERIFY2(said.contains("--palette takes system, light or dark, not 'purple'"),
                 qPrintable(said));
    }

    void signalStopsEveryRunThenExits_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("TERM") << SIGTERM;
        QTest::newRow("HUP") << SIGHUP;
        QTest::newRow("INT") << SIGINT;
        QTest::newRow("QUIT") << SIGQUIT;
        QTest::newRow("USR1") << SIGUSR1;
        QTest::newRow("USR2") << SIGUSR2;
        QTest::newRow("ALRM") << SIGALRM;
    }
    void signalStopsEveryRunThenExits()
    {
        QFETCH(int, signal);
        writeLibrary(QStringLiteral("sleep 300 & setsid sleep 300 & sleep 300; wait"), 20'000);
        QProcess app;
        startApp(app, QStringLiteral("offscreen"));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, GenerousMs); // bash, two sleeps, the setsid escapee
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(app.processId()), signal);
        QVERIFY(app.waitForFinished(GenerousMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit); // not killed by it: handled
        QCOMPARE(app.exitCode(), 128 + signal);
        QVERIFY2(clock.elapsed() < 20'000, "waited for the grace period: SIGTERM missed");
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // SIGKILL cannot be handled: the app stops nothing itself. Its guardian does, under either
    // containment (measured in milliseconds; the bound here is generous).
    void sigkillLeavesNothingBehind_data()
    {
        QTest::addColumn<QString>("containment");
        QTest::newRow("proc") << QStringLiteral("proc");
        QTest::newRow("cgroup") << QStringLiteral("cgroup");
    }
    void sigkillLeavesNothingBehind()
    {
        QFETCH(QString, containment);
        if (containment == QLatin1String("cgroup") && !CgroupHierarchy::detect().usable())
            QSKIP("no cgroup v2 of ours is writable here");
        m_containment = containment;
        writeLibrary(QStringLiteral("sleep 300 & (setsid sleep 300 &); sleep 300; wait"), 20'000);
        QProcess app;
        startApp(app, QStringLiteral("offscreen"));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, GenerousMs); // bash, two sleeps, the setsid one
        ::kill(pid_t(app.processId()), SIGKILL);
        QVERIFY(app.waitForFinished(GenerousMs));
        QCOMPARE(app.exitStatus(), QProcess::CrashExit);
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::processesWithMarker(m_marker).isEmpty(), GenerousMs);
    }

    void secondSignalKillsAtOnce()
    {
        // Everything ignores SIGTERM and the grace period is long: only the second signal's
        // SIGKILL ends the task in time.
        writeLibrary(QStringLiteral("trap '' TERM; sleep 300 & sleep 300 & wait"), 600'000);
        QProcess app;
        startApp(app, QStringLiteral("offscreen"));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs);
        ::kill(pid_t(app.processId()), SIGTERM);
        // The first one has been acted on when the processes have had their SIGTERM: wait for
        // the app to be still there with the task alive, then send the second.
        QVERIFY(!app.waitForFinished(500));
        QVERIFY(ProcProbe::processesWithMarker(m_marker).size() >= 3);
        ::kill(pid_t(app.processId()), SIGINT);
        QVERIFY(app.waitForFinished(GenerousMs));
        QCOMPARE(app.exitCode(), 128 + SIGTERM); // the first signal says why it ended
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void filesArePrivateWhateverTheUmask()
    {
        // Started with umask 000 and a config left world-writable by an earlier version: what
        // the app creates or keeps is private, and the task still gets the user's umask.
        writeLibrary(QStringLiteral("umask > \"$HOME/task-umask\"; echo done"), 5000);
        const QString config = m_home->filePath(QStringLiteral("config/taskrunner"));
        QFile conf(config + QStringLiteral("/taskrunner.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[logs]\nmaxAgeDays=30\n");
        conf.close();
        QVERIFY(::chmod(QFile::encodeName(conf.fileName()).constData(), 0666) == 0);
        QVERIFY(::chmod(QFile::encodeName(config).constData(), 0777) == 0);

        QProcess app;
        const mode_t saved = ::umask(0);
        startApp(app, QStringLiteral("offscreen"));
        ::umask(saved);
        const QString umaskFile = m_home->filePath(QStringLiteral("task-umask"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(umaskFile) && QFileInfo(umaskFile).size() > 0,
                                 GenerousMs);
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(GenerousMs));

        QFile umaskOut(umaskFile);
        QVERIFY(umaskOut.open(QIODevice::ReadOnly));
        QCOMPARE(umaskOut.readAll().trimmed(), QByteArray("0000")); // the user's, not ours

        const auto modeOf = [](const QString &path) {
            struct stat st;
            return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777
                                                                         : 0xFFFFu;
        };
        QCOMPARE(modeOf(config), 0700u);
        QCOMPARE(modeOf(conf.fileName()), 0600u);
        const QString logs = m_home->filePath(QStringLiteral("data/taskrunner/logs"));
        QCOMPARE(modeOf(m_home->filePath(QStringLiteral("data/taskrunner"))), 0700u);
        QCOMPARE(modeOf(logs), 0700u);
        const QStringList logFiles = QDir(logs).entryList(QDir::Files);
        QCOMPARE(logFiles.size(), 2); // the run's log and its index
        for (const QString &file : logFiles)
            QCOMPARE(modeOf(logs + QLatin1Char('/') + file), 0600u);
        QCOMPARE(modeOf(m_home->filePath(QStringLiteral("data/taskrunner/history.sqlite"))), 0600u);
    }

    void lostDisplayStopsEveryRun()
    {
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        if (xvfb.isEmpty())
            QSKIP("Xvfb is not installed");
        // -displayfd: Xvfb picks a free display and says which, so no number is guessed.
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.start(xvfb,
                     {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                      QStringLiteral("0"), QStringLiteral("1024x768x24"),
                      QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        QVERIFY(server.waitForStarted(GenerousMs));
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), GenerousMs);
        const QString display = QLatin1Char(':') + QString::fromLatin1(server.readLine().trimmed());

        writeLibrary(QStringLiteral("sleep 300 & setsid sleep 300 & sleep 300; wait"), 20'000);
        QProcess app;
        startApp(app, QStringLiteral("xcb"), display);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, GenerousMs);
        server.terminate(); // the X server goes away, as at a logout or a closed X forward
        QVERIFY(server.waitForFinished(GenerousMs));
        QVERIFY(app.waitForFinished(GenerousMs));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_GUILESS_MAIN(AppSignalsTest)
#include "tst_appsignals.moc"
