// The tray: what it shows (TrayModel, read without any tray), the icon's badge, the live runs
// it counts and stops, the recent tasks it runs again, and closing the window into it - with the
// tray's availability said by the test, as offscreen has none.

#include "mainwindow.h"
#include "managedrun.h"
#include "privatexdgdirs.h"
#include "procprobe.h"
#include "runmanager.h"
#include "runpane.h"
#include "tasklibrary.h"
#include "trayicon.h"
#include "traymodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

constexpr int GenerousMs = 30'000;

class ScriptedPrompts : public UserPrompts
{
public:
    QuitChoice quitAnswer = QuitChoice::StopAllAndQuit;
    int quitQuestions = 0;
    int explanations = 0;
    bool windowVisibleWhenExplained = false;
    QuitChoice askQuitWithLiveRuns(QWidget *, int) override
    {
        ++quitQuestions;
        return quitAnswer;
    }
    void explainCloseToTray(QWidget *parent) override
    {
        ++explanations;
        windowVisibleWhenExplained = parent && parent->isVisible();
    }
    void showError(QWidget *, const QString &, const QString &) override {}
    bool confirmKillLeftovers(QWidget *, const QStringList &) override { return false; }
};

TrayModel::LiveRun live(const QString &task, const QString &state, std::chrono::milliseconds ms)
{
    return {task, state, ms};
}

RunRecord record(qint64 id, const QString &name, const QString &taskId)
{
    RunRecord r;
    r.id = id;
    r.taskName = name;
    r.taskId = taskId;
    return r;
}

QStringList texts(const QVector<TrayModel::MenuEntry> &entries)
{
    QStringList list;
    for (const auto &entry : entries)
        list.append(entry.kind == TrayModel::MenuEntry::Kind::Separator ? QStringLiteral("--")
                                                                        : entry.text);
    return list;
}

QAction *menuAction(QMenu *menu, const char *name)
{
    for (QAction *action : menu->actions())
        if (action->objectName() == QLatin1String(name))
            return action;
    return nullptr;
}

} // namespace

class TrayTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_marker;
    QString m_libraryPath;
    ScriptedPrompts *m_prompts = nullptr;
    std::unique_ptr<MainWindow> m_window;

    void openWindow()
    {
        auto prompts = std::make_unique<ScriptedPrompts>();
        m_prompts = prompts.get();
        m_window = std::make_unique<MainWindow>(std::move(prompts), m_libraryPath);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void saveTask(const QString &name, const QString &script)
    {
        TaskLibrary library(m_libraryPath);
        QVERIFY(library.load().ok);
        Task task;
        task.name = name;
        task.spec = TaskSpec::forShell(script);
        task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        QVERIFY(library.add(task));
        QString error;
        QVERIFY2(library.save(&error), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(usePrivateXdgDirs(m_dir));
        QApplication::setOrganizationName("taskrunner");
        QApplication::setApplicationName("taskrunner");
    }

    void init()
    {
        QSettings().clear();
        TrayIcon::setAvailabilityCheck([] { return true; });
        m_marker = ProcProbe::newMarker();
        m_libraryPath = m_dir.filePath(
            QStringLiteral("lib-%1/tasks.json").arg(QString::fromLatin1(m_marker)));
    }

    void cleanup()
    {
        m_window.reset();
        ProcProbe::killAllWithMarker(m_marker);
        TrayIcon::setAvailabilityCheck({});
        QApplication::setQuitOnLastWindowClosed(true);
    }

    // --- What the tray shows, without a tray ---

    void tooltipListsTheLiveRuns()
    {
        TrayModel model;
        QCOMPARE(model.badgeCount(), 0);
        QCOMPARE(model.toolTip(), QStringLiteral("taskrunner — no live runs"));
        model.setLiveRuns({live("build", "running", 12'400ms), live("serve", "paused", 3'200ms)});
        QCOMPARE(model.badgeCount(), 2);
        QCOMPARE(model.toolTip(), QStringLiteral("taskrunner — 2 live runs\n"
                                                 "build — running, 12 s\n"
                                                 "serve — paused, 3.2 s"));
        QVector<TrayModel::LiveRun> many;
        for (int i = 0; i < TrayModel::MaxListed + 3; ++i)
            many.append(live(QStringLiteral("t%1").arg(i), "running", 1s));
        model.setLiveRuns(many);
        const QStringList lines = model.toolTip().split('\n');
        QCOMPARE(lines.size(), 1 + TrayModel::MaxListed + 1);
        QCOMPARE(lines.last(), QStringLiteral("and 3 more"));
        QCOMPARE(model.badgeCount(), TrayModel::MaxListed + 3);
    }

    void menuHasRecentTasksStopAllShowQuit()
    {
        TrayModel model;
        QCOMPARE(texts(model.menu()), (QStringList{"Run again", "No runs yet", "--", "S&top all",
                                                   "--", "&Show taskrunner", "&Quit"}));
        const auto stopAll = model.menu().at(3);
        QCOMPARE(stopAll.kind, TrayModel::MenuEntry::Kind::StopAll);
        QVERIFY(!stopAll.enabled); // nothing to stop

        model.setRecentTasks({{"build & test", "id1", 7}, {"ls -l", QString(), 6}});
        model.setLiveRuns({live("build & test", "running", 1s)});
        const QVector<TrayModel::MenuEntry> entries = model.menu();
        QCOMPARE(texts(entries), (QStringList{"Run again", "build && test", "ls -l", "--",
                                              "S&top all (1)", "--", "&Show taskrunner", "&Quit"}));
        QCOMPARE(entries.at(2).recentIndex, 1);
        QVERIFY(entries.at(4).enabled);
    }

    void recentTasksAreTheLastDistinctOnes()
    {
        // Newest first: a library task by its id (renamed or not), a quick run by its command.
        const QVector<RunRecord> runs
            = {record(9, "build", "b"),    record(8, "ls", ""),    record(7, "build", "b"),
               record(6, "old name", "b"), record(5, "ls", ""),    record(4, "test", "t"),
               record(3, "deploy", "d"),   record(2, "lint", "l"), record(1, "format", "f")};
        const QVector<TrayModel::RecentTask> recent = TrayModel::recentFrom(runs);
        QStringList names;
        for (const auto &task : recent)
            names.append(task.name);
        QCOMPARE(names, (QStringList{"build", "ls", "test", "deploy", "lint"}));
        QCOMPARE(recent.first().recordId, 9); // the newest run of it
        QCOMPARE(recent.at(1).taskId, QString());
        QCOMPARE(TrayModel::recentFrom(runs, 2).size(), 2);
    }

    void badgeIsDrawnOnlyWithLiveRuns()
    {
        QPixmap plain(32, 32);
        plain.fill(Qt::white);
        const QIcon base(plain);
        QCOMPARE(TrayIcon::badgeIcon(base, 0).cacheKey(), base.cacheKey());
        const QImage badged = TrayIcon::badgeIcon(base, 3).pixmap(32, 32).toImage();
        // The badge's red over the lower right; the upper left is the icon's.
        const QColor corner = badged.pixelColor(14, 21); // in the disc, left of the digit
        QVERIFY2(corner.red() > 150 && corner.green() < 100, qPrintable(corner.name()));
        QCOMPARE(badged.pixelColor(3, 3), QColor(Qt::white));
    }

    // --- The tray on real runs ---

    void countsTheLiveRunsAndStopsThemAll()
    {
        RunManager runs;
        TrayIcon tray(&runs, nullptr);
        tray.applySettings();
        QVERIFY(tray.isShown());
        QVERIFY(menuAction(tray.menu(), "trayStopAllAction"));
        QVERIFY(!menuAction(tray.menu(), "trayStopAllAction")->isEnabled());
        for (const char *name : {"first", "second"}) {
            RunRequest request;
            request.task.name = QString::fromLatin1(name);
            request.task.spec = TaskSpec::forShell(
                QStringLiteral("exec sleep 60 # %1").arg(QString::fromLatin1(m_marker)));
            runs.start(request);
        }
        QTRY_COMPARE_WITH_TIMEOUT(tray.model().badgeCount(), 2, GenerousMs);
        // Started: its state word once running.
        QTRY_VERIFY_WITH_TIMEOUT(tray.model().toolTip().contains("first — running"), GenerousMs);
        QVERIFY(tray.model().toolTip().contains("second — "));
        QAction *stopAll = menuAction(tray.menu(), "trayStopAllAction");
        QVERIFY(stopAll && stopAll->isEnabled());
        QCOMPARE(stopAll->text(), QStringLiteral("S&top all (2)"));
        stopAll->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(runs.liveCount(), 0, GenerousMs); // both stopped
        QTRY_COMPARE_WITH_TIMEOUT(tray.model().badgeCount(), 0, GenerousMs);
        QCOMPARE(tray.model().toolTip(), QStringLiteral("taskrunner — no live runs"));
        QCOMPARE(ProcProbe::survivors(m_marker), QString());
    }

    void noTrayWhereNoneIsAvailableOrItIsTurnedOff()
    {
        RunManager runs;
        TrayIcon::setAvailabilityCheck([] { return false; });
        TrayIcon tray(&runs, nullptr);
        QSettings().setValue("tray/closeToTray", true);
        tray.applySettings();
        QVERIFY(!tray.isShown());
        QVERIFY(!tray.keepsAppOnClose());
        QVERIFY(!tray.findChild<QSystemTrayIcon *>());

        TrayIcon::setAvailabilityCheck([] { return true; });
        tray.applySettings();
        QVERIFY(tray.isShown());
        QVERIFY(tray.keepsAppOnClose());
        QSettings().setValue("tray/enabled", false);
        tray.applySettings();
        QVERIFY(!tray.isShown());
        QVERIFY(!tray.keepsAppOnClose());
    }

    // A recent task in the tray's menu runs again, as the library has it now.
    void recentTaskRunsAgain()
    {
        saveTask("again", QStringLiteral("echo again-$((1+1))"));
        openWindow();
        QVERIFY(m_window->runTaskNamed("again"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->liveRunCount() == 0, GenerousMs);
        QMenu *menu = m_window->trayIcon()->menu();
        QAction *recent = menuAction(menu, "trayRecentAction");
        QVERIFY(recent);
        QCOMPARE(recent->text(), QStringLiteral("again"));
        const int panes = int(m_window->panes().size());
        recent->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(int(m_window->panes().size()), panes + 1, GenerousMs);
        QCOMPARE(m_window->currentPane()->task().name, QStringLiteral("again"));
        // The history says where it came from.
        QCOMPARE(m_window->currentPane()->run()->request().trigger, QStringLiteral("tray"));
    }

    // While the app quits no run starts: the recent tasks are shown, not offered.
    void recentTasksAreOffNotOfferedWhileQuitting()
    {
        saveTask("stubborn", QStringLiteral("trap '' TERM; while :; do sleep 0.2; done"));
        openWindow();
        QVERIFY(m_window->runTaskNamed("stubborn"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->liveRunCount(), 1, GenerousMs);
        QAction *recent = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (recent = menuAction(m_window->trayIcon()->menu(), "trayRecentAction")), GenerousMs);
        QVERIFY(recent->isEnabled());
        m_prompts->quitAnswer = UserPrompts::QuitChoice::StopAllAndQuit;
        m_window->findChild<QAction *>("quitAction")->trigger(); // its grace period: still live
        QVERIFY(m_window->isQuitting());
        recent = menuAction(m_window->trayIcon()->menu(), "trayRecentAction");
        QVERIFY(recent);
        QVERIFY(!recent->isEnabled());
        m_window->findChild<QAction *>("quitAction")->trigger(); // again: killed, and gone
        QTRY_VERIFY_WITH_TIMEOUT(m_window->liveRunCount() == 0, GenerousMs);
    }

    // --- Closing the window into the tray ---

    void closingKeepsTheAppInTheTrayAndSaysSoOnce()
    {
        saveTask("long", QStringLiteral("exec sleep 60"));
        QSettings().setValue("tray/closeToTray", true);
        openWindow();
        QVERIFY(m_window->trayIcon()->isShown());
        QVERIFY(m_window->runTaskNamed("long"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->liveRunCount(), 1, GenerousMs);

        QVERIFY(!m_window->close()); // refused: hidden, into the tray
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_prompts->explanations, 1); // said, once
        QVERIFY(m_prompts->windowVisibleWhenExplained);
        QCOMPARE(m_prompts->quitQuestions, 0);
        QVERIFY(!QApplication::quitOnLastWindowClosed()); // a dialog closing must not end us
        QTest::qWait(300); // an observation window: the run is not stopped meanwhile
        QCOMPARE(m_window->liveRunCount(), 1);
        QCOMPARE(ProcProbe::processesWithMarker(m_marker).size(), 1);

        // Show brings it back; closing again goes to the tray without a word.
        QAction *show = menuAction(m_window->trayIcon()->menu(), "trayShowAction");
        QVERIFY(show);
        show->trigger();
        QVERIFY(m_window->isVisible());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        QVERIFY(!m_window->close());
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_prompts->explanations, 1);
        QVERIFY(QSettings().value("tray/closeToTrayExplained").toBool());

        // Quit, from the tray while hidden: the careful path - asked, runs stopped, then closed.
        menuAction(m_window->trayIcon()->menu(), "trayQuitAction")->trigger();
        QCOMPARE(m_prompts->quitQuestions, 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->liveRunCount(), 0, GenerousMs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), GenerousMs);
        // Closed for good, not into the tray: the app ends with its last window again, and
        // the window takes any further close.
        QVERIFY(QApplication::quitOnLastWindowClosed());
        QCOMPARE(m_prompts->explanations, 1);
        QCloseEvent again;
        QApplication::sendEvent(m_window.get(), &again);
        QVERIFY(again.isAccepted());
        QCOMPARE(ProcProbe::survivors(m_marker), QString());
    }

    // Ctrl+Q is a quit, never a close into the tray; cancelling it leaves the tray in use.
    void quitActionQuitsEvenWithCloseToTray()
    {
        saveTask("long", QStringLiteral("exec sleep 60"));
        QSettings().setValue("tray/closeToTray", true);
        openWindow();
        QVERIFY(m_window->runTaskNamed("long"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->liveRunCount(), 1, GenerousMs);
        QAction *quit = m_window->findChild<QAction *>("quitAction");
        m_prompts->quitAnswer = UserPrompts::QuitChoice::Cancel;
        quit->trigger();
        QCOMPARE(m_prompts->quitQuestions, 1);
        QVERIFY(m_window->isVisible()); // cancelled: still here
        QVERIFY(!m_window->close());    // and closing still goes into the tray
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_prompts->explanations, 1);
        TrayIcon::showWindow(m_window.get());
        m_prompts->quitAnswer = UserPrompts::QuitChoice::StopAllAndQuit;
        quit->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible() && m_window->liveRunCount() == 0,
                                 GenerousMs);
    }

    // The tray host went away during the session (its panel killed): closing must not hide
    // the window where nothing could bring it back - it closes as without a tray.
    void closingQuitsWhenTheTrayWentAwaySinceStart()
    {
        auto available = std::make_shared<bool>(true); // outlives a failed check's early return
        TrayIcon::setAvailabilityCheck([available] { return *available; });
        QSettings().setValue("tray/closeToTray", true);
        openWindow();
        QVERIFY(m_window->trayIcon()->isShown());
        *available = false; // before the watch has looked again
        QVERIFY(!m_window->trayIcon()->keepsAppOnClose());
        QVERIFY(m_window->close()); // accepted: the app ends as without a tray
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_prompts->explanations, 0);
        QVERIFY(QApplication::quitOnLastWindowClosed());
    }

    // Hidden into the tray, then the tray goes away: the window comes back (else the app runs
    // on with neither window nor icon); the tray back, so is the icon.
    void windowComesBackWhenTheTrayGoesAwayWhileHidden()
    {
        auto available = std::make_shared<bool>(true); // outlives a failed check's early return
        TrayIcon::setAvailabilityCheck([available] { return *available; });
        QSettings().setValue("tray/closeToTray", true);
        openWindow();
        QVERIFY(!m_window->close()); // into the tray
        QVERIFY(!m_window->isVisible());
        *available = false;
        QTRY_VERIFY_WITH_TIMEOUT(m_window->isVisible(), GenerousMs);
        QVERIFY(!m_window->trayIcon()->isShown());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        *available = true;
        QTRY_VERIFY_WITH_TIMEOUT(m_window->trayIcon()->isShown(), GenerousMs);
        QVERIFY(m_window->trayIcon()->keepsAppOnClose());
    }

    // Without a tray, closing quits as it always did, whatever the setting says; with one, it
    // does too until the setting is turned on (off by default).
    void closingQuitsWithoutATrayOrTheSetting_data()
    {
        QTest::addColumn<bool>("available");
        QTest::addColumn<QVariant>("closeToTray");
        QTest::newRow("no tray, setting on") << false << QVariant(true);
        QTest::newRow("tray, setting absent") << true << QVariant();
        QTest::newRow("tray, setting off") << true << QVariant(false);
    }
    void closingQuitsWithoutATrayOrTheSetting()
    {
        QFETCH(bool, available);
        QFETCH(QVariant, closeToTray);
        TrayIcon::setAvailabilityCheck([available] { return available; });
        if (closeToTray.isValid())
            QSettings().setValue("tray/closeToTray", closeToTray);
        openWindow();
        QCOMPARE(m_window->trayIcon()->isShown(), available);
        QVERIFY(m_window->close()); // accepted: the app's last window closes, the app ends
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_prompts->explanations, 0);
        QVERIFY(QApplication::quitOnLastWindowClosed());
    }
};

QTEST_MAIN(TrayTest)
#include "tst_tray.moc"
