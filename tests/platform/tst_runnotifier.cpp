// RunNotifier and DesktopNotifications against a notification server the test plays on a
// private bus of its own (NotificationRecorder): what is sent when a run ends, when nothing is,
// and what the notification's actions do. The runs are real (RunManager).

#include "desktopnotifications.h"
#include "managedrun.h"
#include "notificationrecorder.h"
#include "privatebus.h"
#include "procprobe.h"
#include "runmanager.h"
#include "runnotifier.h"

#include <QDBusConnection>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int GenerousMs = 30'000; // catches hangs, not slowness

// What the notifier wrote to the log, for the "no server" case.
QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;
void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (QLatin1String(context.category) == QLatin1String("taskrunner.notifications"))
        g_logLines.append(text);
    g_previousHandler(type, context, text);
}

} // namespace

class RunNotifierTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QByteArray m_marker;
    std::unique_ptr<PrivateBus> m_bus;
    std::unique_ptr<NotificationRecorder> m_server;
    std::unique_ptr<RunManager> m_runs;
    std::unique_ptr<DesktopNotifications> m_notifications;
    std::unique_ptr<RunNotifier> m_notifier;
    bool m_windowActive = false;
    int m_connections = 0;

    RunRequest request(const QString &name, const QString &script)
    {
        RunRequest request;
        request.task.name = name;
        request.task.id = QStringLiteral("id-") + name;
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        return request;
    }

    // Runs it to its end; the manager's run.
    ManagedRun *runToEnd(const RunRequest &request)
    {
        QSignalSpy finished(m_runs.get(), &RunManager::runFinished);
        const quint64 id = m_runs->start(request);
        if (!finished.wait(GenerousMs))
            return nullptr;
        return m_runs->run(id);
    }

    // A connection of its own to the private bus, as another process would have.
    QDBusConnection connect()
    {
        const QString name = QStringLiteral("connection-%1").arg(++m_connections);
        return QDBusConnection::connectToBus(m_bus->address(), name);
    }

    static void setSetting(const QString &key, const QVariant &value)
    {
        QSettings settings;
        settings.setValue(key, value);
        settings.sync();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Logs and settings of this test only.
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-notifier"));
        QCoreApplication::setApplicationName(QStringLiteral("taskrunner-test-notifier"));
        g_previousHandler = qInstallMessageHandler(recordingHandler);
    }

    void init()
    {
        const QString unavailable = PrivateBus::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
        m_marker = ProcProbe::newMarker();
        QSettings().clear();
        m_bus = std::make_unique<PrivateBus>();
        QString error;
        QVERIFY2(m_bus->start(&error), qPrintable(error));
        m_server = std::make_unique<NotificationRecorder>();
        QVERIFY(m_server->serve(connect()));
        m_runs = std::make_unique<RunManager>();
        m_notifications = std::make_unique<DesktopNotifications>(connect());
        m_notifier = std::make_unique<RunNotifier>(m_runs.get(), m_notifications.get());
        m_windowActive = false;
        m_notifier->setWindowActiveCheck([this] { return m_windowActive; });
        g_logLines.clear();
    }

    void cleanup()
    {
        m_notifier.reset();
        m_notifications.reset();
        if (m_runs) {
            m_runs->killAll();
            QTRY_COMPARE_WITH_TIMEOUT(m_runs->liveCount(), 0, GenerousMs);
        }
        m_runs.reset();
        m_server.reset();
        m_bus.reset();
        ProcProbe::killAllWithMarker(m_marker);
    }

    // Each way a run can end, in words, with the urgency it deserves.
    void notificationSaysHowItEnded_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("urgency");
        QTest::newRow("success") << "exit 0" << 0 << "job succeeded"
                                 << "Exited with code 0" << 1;
        QTest::newRow("failure") << "exit 3" << 0 << "job failed"
                                 << "Exited with code 3" << 2;
        QTest::newRow("crash") << "kill -SEGV $$" << 0 << "job crashed"
                               << "Died from signal 11" << 2;
        QTest::newRow("timeout") << "sleep 300" << 300 << "job timed out"
                                 << "Timed out" << 2;
    }
    void notificationSaysHowItEnded()
    {
        QFETCH(QString, script);
        QFETCH(int, timeoutMs);
        QFETCH(QString, summary);
        QFETCH(QString, body);
        QFETCH(int, urgency);
        RunRequest job = request(QStringLiteral("job"), script);
        job.task.spec.timeout = std::chrono::milliseconds(timeoutMs);
        job.task.spec.gracePeriod = std::chrono::milliseconds(0);
        QVERIFY(runToEnd(job));
        // Awaited: the server's Notify call.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        const NotificationRecorder::Call &call = m_server->calls.first();
        QCOMPARE(call.appName, QStringLiteral("taskrunner"));
        QCOMPARE(call.appIcon, QStringLiteral("io.github.taskrunner.TaskRunner"));
        QCOMPARE(call.summary, summary);
        QVERIFY2(call.body.contains(body), qPrintable(call.body));
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).metaType(),
                 QMetaType::fromType<uchar>()); // a byte, as the specification says
        QCOMPARE(int(call.hints.value(QStringLiteral("urgency")).value<uchar>()), urgency);
        QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("io.github.taskrunner.TaskRunner"));
        const QStringList actions{"default", "Show", "show", "Show", "rerun", "Rerun"};
        QCOMPARE(call.actions, actions);
    }

    void couldNotStartIsCritical()
    {
        RunRequest job = request(QStringLiteral("job"), QString());
        job.task.spec = TaskSpec::forProgram(QStringLiteral("/nonexistent/program-of-none"));
        QVERIFY(runToEnd(job));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        QCOMPARE(m_server->calls.first().summary, QStringLiteral("job could not start"));
        QCOMPARE(int(m_server->calls.first().hints.value(QStringLiteral("urgency")).value<uchar>()),
                 2);
    }

    // "failures": a success says nothing, nor does a run the user stopped; the failure after
    // them does - and is the first call the server had (calls arrive in order).
    void failuresModeSkipsSuccess()
    {
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("failures"));
        QVERIFY(runToEnd(request(QStringLiteral("good"), QStringLiteral("exit 0"))));
        QSignalSpy finished(m_runs.get(), &RunManager::runFinished);
        const quint64 stopped
            = m_runs->start(request(QStringLiteral("stopped"), QStringLiteral("sleep 300")));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, GenerousMs);
        m_runs->stop(stopped);
        QVERIFY(finished.wait(GenerousMs));
        QCOMPARE(m_runs->run(stopped)->result().outcome, RunOutcome::Stopped);
        QVERIFY(runToEnd(request(QStringLiteral("bad"), QStringLiteral("exit 1"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        QCOMPARE(m_server->calls.first().summary, QStringLiteral("bad failed"));
    }

    // Many runs in one notification: the failures are named first, never hidden in "and N
    // more" behind the successes that ended before them.
    void aGroupNamesItsFailuresFirst()
    {
        QStringList tasks;
        QList<RunResult> results;
        for (int i = 0; i < 9; ++i) {
            RunResult ok;
            ok.outcome = RunOutcome::Exited;
            ok.exitCode = 0;
            tasks.append(QStringLiteral("good%1").arg(i));
            results.append(ok);
        }
        RunResult bad;
        bad.outcome = RunOutcome::Exited;
        bad.exitCode = 3;
        tasks.append(QStringLiteral("bad"));
        results.append(bad);
        const DesktopNotifications::Notification n
            = RunNotifier::groupNotificationFor(tasks, results);
        QCOMPARE(n.summary, QStringLiteral("10 runs ended: 9 succeeded, 1 failed"));
        QVERIFY2(n.body.startsWith(QStringLiteral("bad failed")), qPrintable(n.body));
        QVERIFY2(n.body.endsWith(QStringLiteral("and 5 more")), qPrintable(n.body));
    }

    // The settings read as Preferences checks them: what it accepts is what is used.
    void settingsAreReadAsPreferencesChecksThem()
    {
        setSetting(QStringLiteral("notifications/when"), QStringLiteral(" Never "));
        QCOMPARE(RunNotifier::whenSetting(), RunNotifier::When::Never);
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("FAILURES"));
        QCOMPARE(RunNotifier::whenSetting(), RunNotifier::When::Failures);
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("sometimes"));
        QCOMPARE(RunNotifier::whenSetting(), RunNotifier::When::Always);
        setSetting(QStringLiteral("notifications/minSeconds"), QStringLiteral(" 30 "));
        QCOMPARE(RunNotifier::minSecondsSetting(), 30);
        setSetting(QStringLiteral("notifications/minSeconds"), 86401); // over a day: refused
        QCOMPARE(RunNotifier::minSecondsSetting(), 10);
        setSetting(QStringLiteral("notifications/minSeconds"), -7);
        QCOMPARE(RunNotifier::minSecondsSetting(), 10);
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("always"));
        setSetting(QStringLiteral("notifications/minSeconds"), 10);
    }

    // "never": nothing at all; read as the run ends, so setting it back counts at once.
    void neverSendsNothing()
    {
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("never"));
        QVERIFY(runToEnd(request(QStringLiteral("bad"), QStringLiteral("exit 1"))));
        setSetting(QStringLiteral("notifications/when"), QStringLiteral("always"));
        QVERIFY(runToEnd(request(QStringLiteral("after"), QStringLiteral("exit 0"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        QCOMPARE(m_server->calls.first().summary, QStringLiteral("after succeeded"));
    }

    // While the window is active, only runs that took at least notifications/minSeconds.
    void activeWindowOnlyForLongRuns()
    {
        m_windowActive = true;
        QVERIFY(runToEnd(request(QStringLiteral("short"), QStringLiteral("exit 0"))));
        setSetting(QStringLiteral("notifications/minSeconds"), 0);
        QVERIFY(runToEnd(request(QStringLiteral("long enough"), QStringLiteral("exit 0"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        QCOMPARE(m_server->calls.first().summary, QStringLiteral("long enough succeeded"));
    }

    // Rerun starts the task again: through the manager's rerun while it holds the run, from
    // the request kept with the notification once it has forgotten it.
    void rerunActionStartsANewRun_data()
    {
        QTest::addColumn<bool>("forgotten");
        QTest::newRow("held") << false;
        QTest::newRow("forgotten") << true;
    }
    void rerunActionStartsANewRun()
    {
        QFETCH(bool, forgotten);
        ManagedRun *first = runToEnd(request(QStringLiteral("again"), QStringLiteral("exit 4")));
        QVERIFY(first);
        const quint64 firstId = first->id();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        if (forgotten) {
            m_runs->discardWhenFinished(firstId);
            QTRY_VERIFY_WITH_TIMEOUT(!m_runs->run(firstId), GenerousMs);
        }
        QSignalSpy added(m_runs.get(), &RunManager::runAdded);
        m_server->invokeAction(m_server->calls.first().id, QStringLiteral("rerun"));
        QVERIFY(added.wait(GenerousMs)); // awaited: the rerun's start
        const auto *rerun = added.first().first().value<ManagedRun *>();
        QCOMPARE(rerun->task().name, QStringLiteral("again"));
        QCOMPARE(rerun->request().trigger, QStringLiteral("notification")); // where it came from
        QCOMPARE(rerun->request().rerunOf, forgotten ? quint64(0) : firstId);
    }

    // Runs that end together share one notification: the later ones replace the first with a
    // summary of all, critical as one failed; its Show asks for the window, and it has no Rerun.
    void runsEndingTogetherShareOneNotification()
    {
        m_notifier->setCoalesceMs(GenerousMs); // "together" on a loaded machine too
        QSignalSpy finished(m_runs.get(), &RunManager::runFinished);
        m_runs->start(request(QStringLiteral("a"), QStringLiteral("exit 0")));
        m_runs->start(request(QStringLiteral("b"), QStringLiteral("exit 0")));
        m_runs->start(request(QStringLiteral("c"), QStringLiteral("exit 1")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, GenerousMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_server->calls.isEmpty()
                && m_server->calls.last().summary.startsWith(QLatin1String("3 ")),
            GenerousMs);
        const auto &calls = m_server->calls;
        QVERIFY2(calls.size() <= 3, qPrintable(QString::number(calls.size())));
        const uint id = calls.first().id;
        for (int i = 1; i < calls.size(); ++i)
            QCOMPARE(calls.at(i).replacesId, id); // one notification on screen, replaced
        const auto &last = calls.last();
        QCOMPARE(last.summary, QStringLiteral("3 runs ended: 2 succeeded, 1 failed"));
        QCOMPARE(int(last.hints.value(QStringLiteral("urgency")).value<uchar>()), 2);
        QCOMPARE(last.actions, (QStringList{"default", "Show", "show", "Show"}));
        QVERIFY2(last.body.contains(QLatin1String("c failed")), qPrintable(last.body));

        // Rerun (not offered, but a server may send anything) does nothing; Show, the window.
        QSignalSpy added(m_runs.get(), &RunManager::runAdded);
        QSignalSpy show(m_notifier.get(), &RunNotifier::showRequested);
        m_server->invokeAction(id, QStringLiteral("rerun"));
        m_server->invokeAction(id, QStringLiteral("show"));
        QVERIFY(show.wait(GenerousMs)); // after the rerun: signals arrive in order
        QCOMPARE(show.first().at(0).value<quint64>(), quint64(0));
        QCOMPARE(show.first().at(1).value<qint64>(), qint64(0));
        QCOMPARE(added.size(), 0);
    }

    // A notification the user has dismissed is not brought back: the next run has its own.
    // So has a run ending after the window (here: none).
    void dismissedOrApartAreNotGrouped_data()
    {
        QTest::addColumn<bool>("dismiss");
        QTest::newRow("dismissed") << true;
        QTest::newRow("apart") << false;
    }
    void dismissedOrApartAreNotGrouped()
    {
        QFETCH(bool, dismiss);
        m_notifier->setCoalesceMs(dismiss ? GenerousMs : 0);
        QVERIFY(runToEnd(request(QStringLiteral("first"), QStringLiteral("exit 0"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, GenerousMs);
        if (dismiss) {
            QSignalSpy closed(m_notifications.get(), &DesktopNotifications::closed);
            m_server->close(m_server->calls.first().id);
            QVERIFY(closed.wait(GenerousMs));
        }
        QVERIFY(runToEnd(request(QStringLiteral("second"), QStringLiteral("exit 1"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, GenerousMs);
        QCOMPARE(m_server->calls.at(1).replacesId, 0u);
        QCOMPARE(m_server->calls.at(1).summary, QStringLiteral("second failed"));
        QVERIFY(m_server->calls.at(1).id != m_server->calls.first().id);
    }

    // Show (and a click on the notification) asks for the run; another app's ids do nothing.
    void showActionAsksForTheRun()
    {
        QSignalSpy notified(m_notifier.get(), &RunNotifier::notified);
        ManagedRun *run = runToEnd(request(QStringLiteral("shown"), QStringLiteral("exit 0")));
        QVERIFY(run);
        const quint64 runId = run->id();
        QVERIFY(notified.wait(GenerousMs));
        QSignalSpy show(m_notifier.get(), &RunNotifier::showRequested);
        m_server->invokeAction(4242, QStringLiteral("show")); // not ours
        m_server->invokeAction(m_server->calls.first().id, QStringLiteral("show"));
        QVERIFY(show.wait(GenerousMs));
        QCOMPARE(show.size(), 1);
        QCOMPARE(show.first().first().toULongLong(), runId);
        m_server->invokeAction(m_server->calls.first().id, QStringLiteral("default"));
        QVERIFY(show.wait(GenerousMs));
        QCOMPARE(show.size(), 2);
    }

    // No server: nothing happens but one line in the log, said once.
    void noServerSaysSoOnce()
    {
        m_server->stop();
        QVERIFY(runToEnd(request(QStringLiteral("first"), QStringLiteral("exit 1"))));
        QTRY_COMPARE_WITH_TIMEOUT(g_logLines.size(), 1, GenerousMs);
        QVERIFY2(g_logLines.first().contains(QLatin1String("no desktop notification sent")),
                 qPrintable(g_logLines.first()));
        QVERIFY(runToEnd(request(QStringLiteral("second"), QStringLiteral("exit 1"))));
        // A server again: its answer to the third comes after the refusal of the second, as
        // replies on one connection come in order - then a second line would have been said.
        QSignalSpy notified(m_notifier.get(), &RunNotifier::notified);
        QVERIFY(m_server->serve(connect()));
        QVERIFY(runToEnd(request(QStringLiteral("third"), QStringLiteral("exit 1"))));
        QVERIFY(notified.wait(GenerousMs));
        QCOMPARE(g_logLines.size(), 1);
        QCOMPARE(m_server->calls.size(), 1);
        QCOMPARE(m_server->calls.first().summary, QStringLiteral("third failed"));
    }
};

QTEST_GUILESS_MAIN(RunNotifierTest)
#include "tst_runnotifier.moc"
