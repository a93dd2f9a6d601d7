// The real desktop app on a private session bus of the test's own: it claims its name, a second
// launch hands its arguments over and ends, and its interfaces (org.freedesktop.Application,
// io.github.taskrunner.TaskRunner1) are driven from outside as a script would, through
// QDBusInterface. Whether a task's processes survive a Kill is for /proc to say.

#include "notificationrecorder.h"
#include "privatebus.h"
#include "procprobe.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusReply>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

namespace {

constexpr int GenerousMs = 30'000; // catches hangs, not slowness
const QString Service = QStringLiteral("io.github.taskrunner.TaskRunner");
const QString Path = QStringLiteral("/io/github/taskrunner/TaskRunner");
const QString Runner = QStringLiteral("io.github.taskrunner.TaskRunner1");
const QString Application = QStringLiteral("org.freedesktop.Application");

} // namespace

// RunStarted and RunFinished as the test's connection hears them.
class RunSignals : public QObject
{
    Q_OBJECT
public:
    struct Finished
    {
        quint64 id;
        QString task;
        QString outcome;
        int exitCode;
    };
    QList<QPair<quint64, QString>> started;
    QList<Finished> finished;

    bool finishedRun(quint64 id, Finished *out) const
    {
        for (const Finished &f : finished) {
            if (f.id == id) {
                *out = f;
                return true;
            }
        }
        return false;
    }

public Q_SLOTS:
    void onStarted(qulonglong id, const QString &task) { started.append({id, task}); }
    void onFinished(qulonglong id, const QString &task, const QString &outcome, int exitCode)
    {
        finished.append({id, task, outcome, exitCode});
    }
};

// An owner of the app's name that never answers: a hung instance.
class HungApplication : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Application")
public:
    QList<QDBusMessage> unanswered;
public Q_SLOTS:
    void Activate(const QVariantMap &platformData, const QDBusMessage &message)
    {
        Q_UNUSED(platformData)
        message.setDelayedReply(true);
        unanswered.append(message);
    }
    void ActivateAction(const QString &action, const QVariantList &parameter,
                        const QVariantMap &platformData, const QDBusMessage &message)
    {
        Q_UNUSED(action)
        Q_UNUSED(parameter)
        Q_UNUSED(platformData)
        message.setDelayedReply(true);
        unanswered.append(message);
    }
};

class DBusInterfaceTest : public QObject
{
    Q_OBJECT

private:
    QByteArray m_marker;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<PrivateBus> m_bus;
    std::unique_ptr<QProcess> m_app; // the first instance
    QDBusConnection m_client{QString()};
    RunSignals m_signals;
    int m_connections = 0;
    QString m_handoverTimeoutMs; // for the apps started: TASKRUNNER_HANDOVER_TIMEOUT_MS
    bool m_noDisplay = false;    // the apps started have no display at all

    QDBusConnection connect()
    {
        return QDBusConnection::connectToBus(m_bus->address(),
                                             QStringLiteral("test-%1").arg(++m_connections));
    }

    // The library: "sleepers" (a shell and two sleeps carrying the test's marker), "quick"
    // (prints, exits 0), "fails" (exits 3).
    void writeLibrary()
    {
        const auto task = [this](const QString &name, const QString &script) {
            QJsonObject environment;
            environment[QString::fromLatin1(m_marker)] = QStringLiteral("1");
            QJsonObject task;
            task[QStringLiteral("name")] = name;
            task[QStringLiteral("mode")] = QStringLiteral("shell");
            task[QStringLiteral("script")] = script;
            task[QStringLiteral("workingDirectory")] = QString();
            task[QStringLiteral("environment")] = environment;
            task[QStringLiteral("timeoutMs")] = 0;
            task[QStringLiteral("graceMs")] = 20'000;
            task[QStringLiteral("leaveLeftovers")] = false;
            task[QStringLiteral("pty")] = false;
            return task;
        };
        QJsonObject root;
        root[QStringLiteral("format")] = QStringLiteral("taskrunner-library");
        root[QStringLiteral("version")] = 1;
        root[QStringLiteral("tasks")] = QJsonArray{
            task(QStringLiteral("sleepers"), QStringLiteral("sleep 300 & sleep 300; wait")),
            task(QStringLiteral("quick"), QStringLiteral("echo hello")),
            task(QStringLiteral("fails"), QStringLiteral("exit 3")),
        };
        QVERIFY(QDir().mkpath(m_home->filePath(QStringLiteral("config/taskrunner"))));
        QFile file(m_home->filePath(QStringLiteral("config/taskrunner/tasks.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        // Notify of every run's end, however short, whether or not the window is active.
        QFile settings(m_home->filePath(QStringLiteral("config/taskrunner/taskrunner.conf")));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[notifications]\nminSeconds=0\n");
    }

    QProcessEnvironment appEnvironment(const QString &busAddress) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral("cache")));
        const QString runtime = m_home->filePath(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        if (m_noDisplay) { // a script, an ssh session: the session bus, and no display
            for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
                env.remove(QString::fromLatin1(name));
        }
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress);
        env.remove(QStringLiteral("DESKTOP_STARTUP_ID"));
        env.remove(QStringLiteral("XDG_ACTIVATION_TOKEN"));
        if (!m_handoverTimeoutMs.isEmpty())
            env.insert(QStringLiteral("TASKRUNNER_HANDOVER_TIMEOUT_MS"), m_handoverTimeoutMs);
        else
            env.remove(QStringLiteral("TASKRUNNER_HANDOVER_TIMEOUT_MS"));
        return env;
    }

    // The first instance, up and owning its name.
    void startFirst()
    {
        m_app = std::make_unique<QProcess>();
        m_app->setProcessEnvironment(appEnvironment(m_bus->address()));
        m_app->setProcessChannelMode(QProcess::ForwardedChannels);
        m_app->start(QStringLiteral(TASKRUNNER_APP), {});
        QVERIFY(m_app->waitForStarted(GenerousMs));
        // Awaited: the app's claim of its name.
        QTRY_VERIFY_WITH_TIMEOUT(m_client.interface()->isServiceRegistered(Service).value(),
                                 GenerousMs);
    }

    // A later launch with arguments; its exit code, its stderr in *errors. Waits with the event
    // loop running: the owner of the name may be this test.
    int launchSecond(const QStringList &arguments, QString *errors, qint64 *elapsedMs = nullptr,
                     const QString &busAddress = QString())
    {
        QProcess second;
        second.setProcessEnvironment(
            appEnvironment(busAddress.isEmpty() ? m_bus->address() : busAddress));
        QElapsedTimer clock;
        clock.start();
        second.start(QStringLiteral(TASKRUNNER_APP), arguments);
        if (!second.waitForStarted(GenerousMs))
            return -1;
        QDeadlineTimer deadline(GenerousMs);
        while (second.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20); // serving the bus meanwhile; the deadline is the bound
        if (elapsedMs)
            *elapsedMs = clock.elapsed();
        if (second.state() != QProcess::NotRunning) {
            second.kill(); // our own child
            second.waitForFinished(GenerousMs);
            *errors = QStringLiteral("still running after %1 ms").arg(GenerousMs);
            return -1;
        }
        // What the app itself said (Qt's own warnings, an icon not found, are not our subject).
        const QStringList lines
            = QString::fromLocal8Bit(second.readAllStandardError()).split(QLatin1Char('\n'));
        *errors = lines.filter(QRegularExpression(QStringLiteral("^taskrunner: "))).join('\n');
        return second.exitStatus() == QProcess::NormalExit ? second.exitCode() : -1;
    }

    QDBusInterface runner() { return QDBusInterface(Service, Path, Runner, m_client); }

private Q_SLOTS:
    void init()
    {
        const QString unavailable = PrivateBus::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
        m_marker = ProcProbe::newMarker();
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        writeLibrary();
        m_bus = std::make_unique<PrivateBus>();
        QString error;
        QVERIFY2(m_bus->start(&error), qPrintable(error));
        m_client = connect();
        QVERIFY(m_client.isConnected());
        m_signals.started.clear();
        m_signals.finished.clear();
        m_handoverTimeoutMs.clear();
        m_noDisplay = false;
        QVERIFY(m_client.connect(Service, Path, Runner, QStringLiteral("RunStarted"), &m_signals,
                                 SLOT(onStarted(qulonglong, QString))));
        QVERIFY(m_client.connect(Service, Path, Runner, QStringLiteral("RunFinished"), &m_signals,
                                 SLOT(onFinished(qulonglong, QString, QString, int))));
    }

    void cleanup()
    {
        if (m_app && m_app->state() != QProcess::NotRunning) {
            ::kill(pid_t(m_app->processId()), SIGTERM); // stops its runs, then exits
            if (!m_app->waitForFinished(GenerousMs)) {
                m_app->kill();
                m_app->waitForFinished(GenerousMs);
            }
        }
        m_app.reset();
        QDBusConnection::disconnectFromBus(m_client.name());
        m_bus.reset();
        ProcProbe::killAllWithMarker(m_marker);
    }

    void claimsItsName()
    {
        startFirst();
        QCOMPARE(qint64(m_client.interface()->servicePid(Service).value()), m_app->processId());
    }

    // What `busctl --user introspect` and `gdbus introspect` read.
    void introspectionDescribesBothInterfaces()
    {
        startFirst();
        QDBusMessage call = QDBusMessage::createMethodCall(
            Service, Path, QStringLiteral("org.freedesktop.DBus.Introspectable"),
            QStringLiteral("Introspect"));
        const QDBusReply<QString> xml = m_client.call(call, QDBus::Block, GenerousMs);
        QVERIFY2(xml.isValid(), qPrintable(xml.error().message()));
        for (const char *expected :
             {"<interface name=\"io.github.taskrunner.TaskRunner1\">",
              "<interface name=\"org.freedesktop.Application\">", "<method name=\"RunTask\">",
              "<arg name=\"run\" type=\"t\" direction=\"out\"/>", "<method name=\"GetRun\">",
              "type=\"a{sv}\" direction=\"out\"", "<method name=\"ListRuns\">",
              "<arg name=\"runs\" type=\"at\" direction=\"out\"/>", "<signal name=\"RunFinished\">",
              "<arg name=\"exitCode\" type=\"i\"/>", "<method name=\"ActivateAction\">",
              "<arg name=\"parameter\" type=\"av\""}) {
            QVERIFY2(
                xml.value().contains(QLatin1String(expected)),
                qPrintable(
                    QStringLiteral("%1 not in:\n%2").arg(QLatin1String(expected), xml.value())));
        }
    }

    // `taskrunner --run quick` while one runs: the running one runs it; the launch ends, 0.
    void secondLaunchRunsInTheFirst()
    {
        startFirst();
        QString errors;
        QCOMPARE(launchSecond({QStringLiteral("--run"), QStringLiteral("quick"),
                               QStringLiteral("--run"), QStringLiteral("fails")},
                              &errors),
                 0);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
        // Awaited: both runs' starts, told by the first instance.
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 2, GenerousMs);
        QCOMPARE(m_signals.started.at(0).second, QStringLiteral("quick"));
        QCOMPARE(m_signals.started.at(1).second, QStringLiteral("fails"));
        QCOMPARE(m_app->state(), QProcess::Running);
        QCOMPARE(qint64(m_client.interface()->servicePid(Service).value()), m_app->processId());
    }

    // A launch with the session bus and no display (a script, an ssh session, a timer) hands
    // over to the running taskrunner; QApplication, which would abort, is not made.
    void launchWithoutADisplayHandsOver()
    {
        startFirst(); // it has one
        m_noDisplay = true;
        QString errors;
        QCOMPARE(launchSecond({QStringLiteral("--run"), QStringLiteral("quick")}, &errors), 0);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 1, GenerousMs);
        QCOMPARE(m_signals.started.first().second, QStringLiteral("quick"));
        // Nobody to hand over to: said, not a crash of Qt's ("could not connect to display").
        QCOMPARE(launchSecond({QStringLiteral("--run"), QStringLiteral("quick")}, &errors, nullptr,
                              QStringLiteral("unix:path=/nonexistent/bus")),
                 1);
        QVERIFY2(errors.contains(QLatin1String("no display")), qPrintable(errors));
        // An unknown option is said as with a display.
        QCOMPARE(launchSecond({QStringLiteral("--bogus")}, &errors), 1);
    }

    // An unknown name: said by the second launch, which fails; the known one still runs.
    void secondLaunchUnknownTaskFails()
    {
        startFirst();
        QString errors;
        QCOMPARE(launchSecond({QStringLiteral("--run"), QStringLiteral("no such task"),
                               QStringLiteral("--run"), QStringLiteral("quick")},
                              &errors),
                 1);
        QVERIFY2(errors.contains(QLatin1String("No saved task named \"no such task\"")),
                 qPrintable(errors));
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 1, GenerousMs);
        QCOMPARE(m_signals.started.first().second, QStringLiteral("quick"));
    }

    // Plain, --new-task, --quick-run: done by the first; the launch ends with 0 and starts
    // nothing of its own.
    void secondLaunchActivates_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("plain") << QStringList();
        QTest::newRow("new-task") << QStringList{"--new-task"};
        QTest::newRow("quick-run") << QStringList{"--quick-run"};
    }
    void secondLaunchActivates()
    {
        QFETCH(QStringList, arguments);
        startFirst();
        QString errors;
        QCOMPARE(launchSecond(arguments, &errors), 0);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
        QCOMPARE(m_app->state(), QProcess::Running);
        QVERIFY(m_signals.started.isEmpty());
    }

    // An owner that never answers costs the second launch its deadline, not forever.
    void hungOwnerDoesNotHangTheSecondLaunch()
    {
        QDBusConnection owner = connect();
        HungApplication hung;
        QVERIFY(owner.registerObject(Path, &hung, QDBusConnection::ExportAllSlots));
        QVERIFY(owner.registerService(Service));
        QString errors;
        qint64 elapsed = 0;
        QCOMPARE(
            launchSecond({QStringLiteral("--run"), QStringLiteral("quick")}, &errors, &elapsed), 1);
        QVERIFY2(errors.contains(QLatin1String("did not answer")), qPrintable(errors));
        QVERIFY2(elapsed < 25'000, qPrintable(QString::number(elapsed)));
        QCOMPARE(hung.unanswered.size(), 1);
        // With the time after which it is no use to answer: when the caller gave up.
        const QVariantMap data
            = qdbus_cast<QVariantMap>(hung.unanswered.first().arguments().last());
        const qint64 deadline = data.value(QStringLiteral("taskrunner-deadline")).toLongLong();
        QVERIFY2(qAbs(deadline - QDateTime::currentMSecsSinceEpoch()) < 20'000,
                 qPrintable(QString::number(deadline)));
    }

    // A second launch that gave up on a stopped first instance - and said nothing was done -
    // is not carried out when the first resumes: the first drops the call, its deadline past.
    void lateHandoverIsDropped()
    {
        startFirst();
        const pid_t first = pid_t(m_app->processId());
        QCOMPARE(::kill(first, SIGSTOP), 0);
        auto resume = qScopeGuard([first] { ::kill(first, SIGCONT); });
        m_handoverTimeoutMs = QStringLiteral("1500");
        QString errors;
        qint64 elapsed = 0;
        QCOMPARE(
            launchSecond({QStringLiteral("--run"), QStringLiteral("quick")}, &errors, &elapsed), 1);
        QVERIFY2(errors.contains(QLatin1String("did not answer within 1.5 s"))
                     && errors.contains(QLatin1String("nothing was done")),
                 qPrintable(errors));
        resume.dismiss();
        QCOMPARE(::kill(first, SIGCONT), 0);
        // A run of our own, after the late call: the first handles its calls in order, and
        // tells their runs' starts in order, so when ours is told the late one would have been.
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("fails"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_signals.started.isEmpty(), GenerousMs);
        QCOMPARE(m_signals.started.first(), qMakePair(quint64(id.value()), QString("fails")));
        QCOMPARE(m_signals.started.size(), 1);
    }

    // No session bus: the app runs all the same, saying so - and runs its --run tasks itself.
    void noSessionBusStillRuns()
    {
        QProcess app;
        app.setProcessEnvironment(appEnvironment(
            QStringLiteral("unix:path=") + m_home->filePath(QStringLiteral("no-bus-here"))));
        app.start(QStringLiteral(TASKRUNNER_APP),
                  {QStringLiteral("--run"), QStringLiteral("sleepers")});
        QVERIFY(app.waitForStarted(GenerousMs));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs); // its run: up and running
        const QByteArray errors = app.readAllStandardError();
        QVERIFY2(errors.contains("taskrunner: no session bus"), errors.constData());
        QCOMPARE(app.state(), QProcess::Running);
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(GenerousMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 128 + SIGTERM); // it stopped its run, and quit on the signal
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void listsTheLibrarysTasks()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<QStringList> names = iface.call(QStringLiteral("ListTasks"));
        QVERIFY2(names.isValid(), qPrintable(names.error().message()));
        QCOMPARE(names.value(), (QStringList{"sleepers", "quick", "fails"}));
    }

    // RunTask, GetRun, ListRuns, Kill: the run's whole life from outside; nothing survives.
    void runReadAndKill()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("sleepers"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        QVERIFY(id.value() != 0);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs); // bash, two sleeps
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 1, GenerousMs);
        QCOMPARE(m_signals.started.first(), qMakePair(quint64(id.value()), QString("sleepers")));

        const QDBusReply<QVariantMap> live = iface.call(QStringLiteral("GetRun"), id.value());
        QVERIFY2(live.isValid(), qPrintable(live.error().message()));
        QCOMPARE(live.value().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(live.value().value(QStringLiteral("task")).toString(), QStringLiteral("sleepers"));
        QCOMPARE(live.value().value(QStringLiteral("trigger")).toString(), QStringLiteral("dbus"));
        QVERIFY(live.value().value(QStringLiteral("logFile")).toString().endsWith(".log"));
        QVERIFY(!live.value().value(QStringLiteral("started")).toString().isEmpty());
        QVERIFY(live.value().value(QStringLiteral("pid")).toUInt() > 0);

        const QDBusReply<QList<qulonglong>> runs = iface.call(QStringLiteral("ListRuns"));
        QVERIFY2(runs.isValid(), qPrintable(runs.error().message()));
        QCOMPARE(runs.value(), QList<qulonglong>{id.value()});

        const QDBusReply<void> killed = iface.call(QStringLiteral("Kill"), id.value());
        QVERIFY2(killed.isValid(), qPrintable(killed.error().message()));
        RunSignals::Finished finished;
        // Awaited: RunFinished for it.
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.finishedRun(id.value(), &finished), GenerousMs);
        QCOMPARE(finished.task, QStringLiteral("sleepers"));
        QCOMPARE(finished.outcome, QStringLiteral("killed"));
        QCOMPARE(finished.exitCode, -1);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        const QDBusReply<QVariantMap> ended = iface.call(QStringLiteral("GetRun"), id.value());
        QVERIFY2(ended.isValid(), qPrintable(ended.error().message()));
        QCOMPARE(ended.value().value(QStringLiteral("state")).toString(),
                 QStringLiteral("finished"));
        QCOMPARE(ended.value().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("killed"));
        QVERIFY(ended.value().value(QStringLiteral("description")).toString().startsWith("Killed"));
        const QDBusReply<QList<qulonglong>> none = iface.call(QStringLiteral("ListRuns"));
        QVERIFY(none.value().isEmpty());
    }

    void stopEndsTheRunGracefully()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("sleepers"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs);
        const QDBusReply<void> stopped = iface.call(QStringLiteral("Stop"), id.value());
        QVERIFY2(stopped.isValid(), qPrintable(stopped.error().message()));
        RunSignals::Finished finished;
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.finishedRun(id.value(), &finished), GenerousMs);
        QCOMPARE(finished.outcome, QStringLiteral("stopped"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        // Again, finished: nothing to do, no error.
        const QDBusReply<void> again = iface.call(QStringLiteral("Stop"), id.value());
        QVERIFY2(again.isValid(), qPrintable(again.error().message()));
    }

    // A task already running, asked again over D-Bus: the new run queues behind it (what
    // "ask" means for D-Bus). ListRuns lists it; Stop cancels it, and it never starts.
    void stopCancelsAQueuedRun()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> first
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("sleepers"));
        QVERIFY2(first.isValid(), qPrintable(first.error().message()));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 3, GenerousMs);
        const QDBusReply<qulonglong> queued
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("sleepers"));
        QVERIFY2(queued.isValid(), qPrintable(queued.error().message()));
        const QDBusReply<QVariantMap> state = iface.call(QStringLiteral("GetRun"), queued.value());
        QVERIFY2(state.isValid(), qPrintable(state.error().message()));
        QCOMPARE(state.value().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        const QDBusReply<QList<qulonglong>> listed = iface.call(QStringLiteral("ListRuns"));
        QVERIFY(listed.value().contains(queued.value()));

        const QDBusReply<void> stopped = iface.call(QStringLiteral("Stop"), queued.value());
        QVERIFY2(stopped.isValid(), qPrintable(stopped.error().message()));
        RunSignals::Finished finished;
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.finishedRun(queued.value(), &finished), GenerousMs);
        QCOMPARE(finished.outcome, QStringLiteral("cancelled"));
        // The first goes on, alone: three processes, not six.
        QCOMPARE(ProcProbe::processesWithMarker(m_marker).size(), 3);
        iface.call(QStringLiteral("Kill"), first.value());
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.finishedRun(first.value(), &finished), GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void exitCodeInRunFinished()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("fails"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        RunSignals::Finished finished;
        QTRY_VERIFY_WITH_TIMEOUT(m_signals.finishedRun(id.value(), &finished), GenerousMs);
        QCOMPARE(finished.outcome, QStringLiteral("exited"));
        QCOMPARE(finished.exitCode, 3);
    }

    void unknownNamesAndIdsAreErrors()
    {
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> noTask
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("nope"));
        QVERIFY(!noTask.isValid());
        QCOMPARE(noTask.error().name(), QStringLiteral("io.github.taskrunner.Error.NoSuchTask"));
        QVERIFY(noTask.error().message().contains(QLatin1String("nope")));
        for (const char *method : {"GetRun", "Stop", "Kill"}) {
            const QDBusMessage reply = iface.call(QLatin1String(method), qulonglong(987654));
            QCOMPARE(reply.type(), QDBusMessage::ErrorMessage);
            QCOMPARE(reply.errorName(), QStringLiteral("io.github.taskrunner.Error.NoSuchRun"));
        }
        QDBusInterface app(Service, Path, Application, m_client);
        const QDBusMessage open
            = app.call(QStringLiteral("Open"), QStringList{QStringLiteral("file:///etc/hostname")},
                       QVariantMap());
        QCOMPARE(open.errorName(), QStringLiteral("org.freedesktop.DBus.Error.NotSupported"));
        const QDBusMessage action = app.call(QStringLiteral("ActivateAction"),
                                             QStringLiteral("fly"), QVariantList(), QVariantMap());
        QCOMPARE(action.errorName(), QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs"));
        QVERIFY(m_signals.started.isEmpty());
    }

    // The history says where a run came from: RunTask's "dbus", a second launch's --run and
    // the first launch's own --run "command line" - not the window's "manual".
    void triggerSaysWhereARunCameFrom()
    {
        QProcess first; // with --run of its own
        first.setProcessEnvironment(appEnvironment(m_bus->address()));
        first.setProcessChannelMode(QProcess::ForwardedChannels);
        first.start(QStringLiteral(TASKRUNNER_APP),
                    {QStringLiteral("--run"), QStringLiteral("sleepers")});
        QVERIFY(first.waitForStarted(GenerousMs));
        const auto stopFirst = qScopeGuard([&first] {
            ::kill(pid_t(first.processId()), SIGTERM);
            if (!first.waitForFinished(GenerousMs)) {
                first.kill();
                first.waitForFinished(GenerousMs);
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(m_client.interface()->isServiceRegistered(Service).value(),
                                 GenerousMs);
        QDBusInterface iface = runner();
        const auto triggerOf = [&iface](quint64 id) {
            const QDBusReply<QVariantMap> run = iface.call(QStringLiteral("GetRun"), id);
            return run.isValid() ? run.value().value(QStringLiteral("trigger")).toString()
                                 : run.error().message();
        };
        // The first's own --run: a sleeper, so it is still held when asked.
        const QDBusReply<QList<qulonglong>> live = iface.call(QStringLiteral("ListRuns"));
        QVERIFY2(live.isValid(), qPrintable(live.error().message()));
        QCOMPARE(live.value().size(), 1);
        QCOMPARE(triggerOf(live.value().first()), QStringLiteral("command line"));

        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("quick"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        QCOMPARE(triggerOf(id.value()), QStringLiteral("dbus"));

        QString errors;
        QCOMPARE(launchSecond({QStringLiteral("--run"), QStringLiteral("fails")}, &errors), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!m_signals.started.isEmpty()
                                     && m_signals.started.last().second == QLatin1String("fails"),
                                 GenerousMs);
        QCOMPARE(triggerOf(m_signals.started.last().first), QStringLiteral("command line"));
    }

    // An unknown name is said in the same words by the first launch as by a second.
    void firstLaunchUnknownTaskSaysTheSame()
    {
        QProcess first;
        first.setProcessEnvironment(appEnvironment(m_bus->address()));
        first.start(QStringLiteral(TASKRUNNER_APP),
                    {QStringLiteral("--run"), QStringLiteral("nope")});
        QVERIFY(first.waitForStarted(GenerousMs));
        QTRY_VERIFY_WITH_TIMEOUT(m_client.interface()->isServiceRegistered(Service).value(),
                                 GenerousMs);
        // The app says it before it serves its event loop, where the signal is handled.
        ::kill(pid_t(first.processId()), SIGTERM);
        QVERIFY(first.waitForFinished(GenerousMs));
        const QString said = QString::fromLocal8Bit(first.readAllStandardError());
        QVERIFY2(said.contains(QLatin1String("taskrunner: No saved task named \"nope\".")),
                 qPrintable(said));
    }

    // The run-task action, as the desktop would call it.
    void runTaskAction()
    {
        startFirst();
        QDBusInterface app(Service, Path, Application, m_client);
        const QDBusMessage reply
            = app.call(QStringLiteral("ActivateAction"), QStringLiteral("run-task"),
                       QVariantList{QStringLiteral("quick")}, QVariantMap());
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 1, GenerousMs);
        QCOMPARE(m_signals.started.first().second, QStringLiteral("quick"));
    }

    // The app's own notification of a failed run, and its Rerun.
    void appNotifiesAndReruns()
    {
        NotificationRecorder server;
        QVERIFY(server.serve(connect()));
        startFirst();
        QDBusInterface iface = runner();
        const QDBusReply<qulonglong> id
            = iface.call(QStringLiteral("RunTask"), QStringLiteral("fails"));
        QVERIFY2(id.isValid(), qPrintable(id.error().message()));
        QTRY_COMPARE_WITH_TIMEOUT(server.calls.size(), 1, GenerousMs);
        QCOMPARE(server.calls.first().summary, QStringLiteral("fails failed"));
        QCOMPARE(int(server.calls.first().hints.value(QStringLiteral("urgency")).value<uchar>()),
                 2);
        server.invokeAction(server.calls.first().id, QStringLiteral("rerun"));
        QTRY_COMPARE_WITH_TIMEOUT(m_signals.started.size(), 2, GenerousMs);
        QCOMPARE(m_signals.started.at(1).second, QStringLiteral("fails"));
        QVERIFY(m_signals.started.at(1).first != id.value());
    }
};

QTEST_GUILESS_MAIN(DBusInterfaceTest)
#include "tst_dbusinterface.moc"
