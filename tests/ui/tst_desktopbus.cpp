// DesktopBus: the window's side of the session bus, in process, on a private bus of the test's
// own - what Activate and the desktop actions do to the window, and a notification's Show
// bringing back the tab of the run it tells of (made again from the history once the run's tab
// was closed).

#include "desktopbus.h"
#include "mainwindow.h"
#include "managedrun.h"
#include "notificationrecorder.h"
#include "pastrunpane.h"
#include "privatebus.h"
#include "privatexdgdirs.h"
#include "runmanager.h"
#include "runpane.h"

#include <QDBusPendingCall>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
constexpr int GenerousMs = 30'000; // catches hangs, not slowness

// What RunNotifier says in the log, for the case where it may not act.
QStringList g_notifierLines;
QtMessageHandler g_previousHandler = nullptr;
void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (QLatin1String(context.category) == QLatin1String("taskrunner.notifications.runs"))
        g_notifierLines.append(text);
    g_previousHandler(type, context, text);
}

// Quitting with live runs: "stop them all and quit", as a user would answer.
class QuitPrompts : public UserPrompts
{
public:
    QuitChoice askQuitWithLiveRuns(QWidget *, int) override { return QuitChoice::StopAllAndQuit; }
};
const QString Service = QStringLiteral("io.github.taskrunner.TaskRunner");
const QString Path = QStringLiteral("/io/github/taskrunner/TaskRunner");
} // namespace

class DesktopBusTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PrivateBus> m_bus;
    std::unique_ptr<NotificationRecorder> m_server;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<DesktopBus> m_desktopBus;
    QDBusConnection m_client{QString()};
    int m_connections = 0;

    QDBusConnection connect()
    {
        return QDBusConnection::connectToBus(m_bus->address(),
                                             QStringLiteral("test-%1").arg(++m_connections));
    }

    // A call to org.freedesktop.Application, answered by this very thread: asynchronous, with
    // the event loop running while it waits.
    QDBusMessage
    callApplication(const QString &method, const QVariantList &arguments,
                    const QString &interface = QStringLiteral("org.freedesktop.Application"))
    {
        QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, interface, method);
        call.setArguments(arguments);
        QDBusPendingCall pending = m_client.asyncCall(call, GenerousMs);
        QDeadlineTimer deadline(GenerousMs);
        while (!pending.isFinished() && !deadline.hasExpired())
            QTest::qWait(10); // the deadline is the bound
        return pending.reply();
    }

    QTabWidget *tabs() { return m_window->findChild<QTabWidget *>(QStringLiteral("runTabs")); }

    // Runs "job" in the window and waits for its end and its notification; the run's id.
    quint64 runJobAndItsNotification(uint *notificationId)
    {
        const int before = int(m_server->calls.size());
        QSignalSpy finished(m_window->runManager(), &RunManager::runFinished);
        if (!m_window->runTaskNamed(QStringLiteral("job")) || !finished.wait(GenerousMs))
            return 0;
        const auto *run = finished.first().first().value<ManagedRun *>();
        QDeadlineTimer deadline(GenerousMs);
        while (m_server->calls.size() == before && !deadline.hasExpired())
            QTest::qWait(10); // awaited: the Notify call; the deadline is the bound
        if (m_server->calls.size() == before)
            return 0;
        *notificationId = m_server->calls.last().id;
        return run->id();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(usePrivateXdgDirs(m_dir));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-desktopbus"));
        QCoreApplication::setApplicationName(QStringLiteral("taskrunner-test-desktopbus"));
        // Every run notifies, however short and whether or not the window is active.
        QSettings().setValue(QStringLiteral("notifications/minSeconds"), 0);
        g_previousHandler = qInstallMessageHandler(recordingHandler);
    }

    void init()
    {
        const QString unavailable = PrivateBus::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
        QJsonObject task;
        task[QStringLiteral("name")] = QStringLiteral("job");
        task[QStringLiteral("mode")] = QStringLiteral("shell");
        task[QStringLiteral("script")] = QStringLiteral("echo done");
        QJsonObject sleeper = task;
        sleeper[QStringLiteral("name")] = QStringLiteral("sleeper");
        sleeper[QStringLiteral("script")] = QStringLiteral("exec sleep 300");
        QJsonObject root;
        root[QStringLiteral("format")] = QStringLiteral("taskrunner-library");
        root[QStringLiteral("version")] = 1;
        root[QStringLiteral("tasks")] = QJsonArray{task, sleeper};
        const QString library = m_dir.filePath(QStringLiteral("tasks.json"));
        QFile file(library);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));

        m_bus = std::make_unique<PrivateBus>();
        QString error;
        QVERIFY2(m_bus->start(&error), qPrintable(error));
        m_server = std::make_unique<NotificationRecorder>();
        QVERIFY(m_server->serve(connect()));
        m_client = connect();
        m_window = std::make_unique<MainWindow>(std::make_unique<QuitPrompts>(), library);
        m_desktopBus = std::make_unique<DesktopBus>(m_window.get(), connect());
        QCOMPARE(m_desktopBus->claim(&error), InstanceHandover::Claim::Claimed);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        if (m_window) {
            m_window->runManager()->killAll();
            QTRY_COMPARE_WITH_TIMEOUT(m_window->liveRunCount(), 0, GenerousMs);
        }
        m_desktopBus.reset();
        m_window.reset();
        m_server.reset();
        m_bus.reset();
    }

    // A second DesktopBus (another instance) cannot take the name.
    void secondClaimIsTaken()
    {
        MainWindow other(std::make_unique<UserPrompts>(), m_dir.filePath(QStringLiteral("x")));
        DesktopBus second(&other, connect());
        QString error;
        QCOMPARE(second.claim(&error), InstanceHandover::Claim::Taken);
    }

    void activateShowsTheWindow()
    {
        m_window->hide();
        const QDBusMessage reply = callApplication(QStringLiteral("Activate"), {QVariantMap()});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QVERIFY(m_window->isVisible());
    }

    void newTaskActionOpensTheEditor()
    {
        const QDBusMessage reply
            = callApplication(QStringLiteral("ActivateAction"),
                              {QStringLiteral("new-task"), QVariantList(), QVariantMap()});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->openEditor(), GenerousMs); // after the reply
    }

    void quickRunActionFocusesTheBox()
    {
        const QDBusMessage reply
            = callApplication(QStringLiteral("ActivateAction"),
                              {QStringLiteral("quick-run"), QVariantList(), QVariantMap()});
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
        auto *box = m_window->findChild<QLineEdit *>(QStringLiteral("quickRunEdit"));
        QTRY_VERIFY_WITH_TIMEOUT(box->hasFocus(), GenerousMs);
    }

    // Show: the run's own tab made current, while another tab was.
    void showBringsBackTheRunsTab()
    {
        // Each run its own notification: runs ending together would share one, whose Show is
        // the window's (tst_runnotifier).
        m_desktopBus->notifier().setCoalesceMs(0);
        uint firstNotification = 0;
        uint ignored = 0;
        const quint64 first = runJobAndItsNotification(&firstNotification);
        QVERIFY(first);
        QVERIFY(runJobAndItsNotification(&ignored));
        QVERIFY(m_window->currentPane()->run()->id() != first);
        m_server->invokeAction(firstNotification, QStringLiteral("show"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentPane()->run()->id(), first, GenerousMs);
    }

    // Show, after the run's tab was closed (the run forgotten): its log from the history.
    void showReopensAClosedRunFromTheHistory()
    {
        uint notification = 0;
        const quint64 id = runJobAndItsNotification(&notification);
        QVERIFY(id);
        const qint64 recordId = m_window->runManager()->run(id)->recordId();
        QVERIFY(recordId > 0);
        Q_EMIT tabs()->tabCloseRequested(tabs()->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->runManager()->run(id), GenerousMs);
        QCOMPARE(tabs()->count(), 0);
        m_server->invokeAction(notification, QStringLiteral("default"));
        QTRY_COMPARE_WITH_TIMEOUT(tabs()->count(), 1, GenerousMs);
        auto *past = qobject_cast<PastRunPane *>(tabs()->currentWidget());
        QVERIFY(past);
        QCOMPARE(past->record().id, recordId);
    }

    // While the window quits (every run being stopped), no run starts from outside: not by
    // RunTask, not by the run-task action, not by a notification's Rerun - one would keep the
    // app from ending.
    void noRunsFromOutsideWhileQuitting()
    {
        uint notification = 0;
        QVERIFY(runJobAndItsNotification(&notification));
        QVERIFY(m_window->runTaskNamed(QStringLiteral("sleeper")));
        QCOMPARE(m_window->liveRunCount(), 1);
        m_window->close(); // QuitPrompts: stop all and quit
        QVERIFY(m_window->isQuitting());
        QSignalSpy added(m_window->runManager(), &RunManager::runAdded);

        const QDBusMessage runTask
            = callApplication(QStringLiteral("RunTask"), {QStringLiteral("job")},
                              QStringLiteral("io.github.taskrunner.TaskRunner1"));
        QCOMPARE(runTask.errorName(), QStringLiteral("io.github.taskrunner.Error.Refused"));
        const QDBusMessage action = callApplication(
            QStringLiteral("ActivateAction"),
            {QStringLiteral("run-task"), QVariantList{QStringLiteral("job")}, QVariantMap()});
        QCOMPARE(action.errorName(), QStringLiteral("io.github.taskrunner.Error.Refused"));
        g_notifierLines.clear();
        m_server->invokeAction(notification, QStringLiteral("rerun"));
        // Awaited: the notifier saying it did not rerun (a rerun would have been added first).
        QTRY_COMPARE_WITH_TIMEOUT(g_notifierLines.size(), 1, GenerousMs);
        QVERIFY2(g_notifierLines.first().contains(QLatin1String("quitting")),
                 qPrintable(g_notifierLines.first()));
        QCOMPARE(added.size(), 0);
    }
};

QTEST_MAIN(DesktopBusTest)
#include "tst_desktopbus.moc"
