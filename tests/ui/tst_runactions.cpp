// The run actions as a person meets them: enabled only when they can act, Clear, Save output's
// proposed file name, quitting while runs stop, and the View menu's choices kept across starts.

#include "logview.h"
#include "managedrun.h"
#include "procprobe.h"
#include "rememberedfolder.h"
#include "runpane.h"
#include "safefilename.h"
#include "statusnotes.h"
#include "tasklistmodel.h"
#include "windowfixture.h"

#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class RunActionsTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    QStringList enabledOf(const QStringList &names) const
    {
        QStringList enabled;
        for (const QString &name : names) {
            if (f.action(name.toLatin1().constData())->isEnabled())
                enabled.append(name);
        }
        return enabled;
    }
    const QStringList m_runActions{"runAction",           "stopAction",         "killAction",
                                   "pauseAction",         "rerunAction",        "clearAction",
                                   "saveOutputAction",    "saveQuickRunAction", "editTaskAction",
                                   "duplicateTaskAction", "deleteTaskAction"};

    // The library of one task that ignores SIGTERM, with 120 s of grace: a stop of it waits.
    bool writeStubbornTask()
    {
        Task stubborn = f.shellTask(QStringLiteral("stubborn"),
                                    QStringLiteral("trap '' TERM; echo ready; "
                                                   "while :; do sleep 0.2; done"));
        stubborn.spec.gracePeriod = 120s;
        return f.writeLibrary({stubborn});
    }
    // It run, once it has said it is ready (its trap set); null if it never was.
    RunPane *runStubbornUntilReady()
    {
        RunPane *pane = f.run(QStringLiteral("stubborn"));
        const bool ready
            = pane
              && QTest::qWaitFor(
                  [pane] { return pane->logView()->plainText().contains(QLatin1String("ready")); },
                  WindowFixture::GenerousMs);
        return ready ? pane : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init()
    {
        QSettings().clear(); // each test starts from the defaults
        f.setUpTest();
    }
    void cleanup() { f.tearDownTest(); }

    // Nothing to act on, nothing enabled; each action comes on when it can act, and goes off
    // when it no longer can.
    void actionsAreEnabledOnlyWhenTheyCanAct()
    {
        f.open(); // an empty library, no tab
        QCOMPARE(enabledOf(m_runActions), QStringList());
        f.close();
        QVERIFY(f.writeLibrary(
            {f.shellTask(QStringLiteral("wait"), QStringLiteral("echo ready; sleep 300"))}));
        f.open();
        QVERIFY(f.window->selectTask(QStringLiteral("wait")));
        QCOMPARE(enabledOf(m_runActions), (QStringList{"runAction", "editTaskAction",
                                                       "duplicateTaskAction", "deleteTaskAction"}));

        RunPane *pane = f.run(QStringLiteral("wait"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->logView()->plainText().contains(QLatin1String("ready")),
                                 WindowFixture::GenerousMs);
        QCOMPARE(enabledOf(m_runActions),
                 (QStringList{"runAction", "stopAction", "killAction", "pauseAction", "clearAction",
                              "saveOutputAction", "editTaskAction", "duplicateTaskAction",
                              "deleteTaskAction"}));

        f.action("stopAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QCOMPARE(enabledOf(m_runActions),
                 (QStringList{"runAction", "rerunAction", "clearAction", "saveOutputAction",
                              "editTaskAction", "duplicateTaskAction", "deleteTaskAction"}));

        f.action("deleteTaskAction")->trigger(); // the scripted prompt says yes
        QTRY_VERIFY(f.window->library().tasks().isEmpty());
        Q_EMIT f.find<QTabWidget>("runTabs")->tabCloseRequested(0);
        QTRY_VERIFY(!f.window->currentPane());
        QCOMPARE(enabledOf(m_runActions), QStringList());
    }

    // Clear empties the view: it does not claim that lines were lost for memory ("N earlier
    // lines are no longer in memory" is trimming's word).
    void clearSaysNothingOfMemory()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("count"), QStringLiteral("seq 1 5"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("count"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY(pane->logView()->plainText().contains(QLatin1String("5")));
        f.action("clearAction")->trigger();
        LogView *view = pane->logView();
        QTRY_COMPARE(view->rowCount(), 0);
        QCOMPARE(view->plainText(), QString());
    }

    // The proposed name of Save output as… is a file name, never a path (in the folder where
    // the dialog starts).
    void saveOutputProposesAFileName()
    {
        QVERIFY(f.writeLibrary(
            {f.shellTask(QStringLiteral("release/x86: build"), QStringLiteral("echo hi"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("release/x86: build"));
        QVERIFY(pane);
        f.action("saveOutputAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts.size(), 1);
        const QFileInfo start(f.prompts->fileStarts.first());
        QCOMPARE(start.fileName(), QStringLiteral("release_x86_ build.log"));
        QCOMPARE(start.absolutePath(), RememberedFolder::defaultFolder());
    }

    // Save output as… starts in the folder last saved to, else in Documents (home without
    // one): never in the folder the app happened to be started from.
    void saveOutputStartsWhereLastSaved()
    {
        QTemporaryDir elsewhere;
        QVERIFY(elsewhere.isValid());
        const QString startedIn = QDir::currentPath();
        const auto back = qScopeGuard([&] { QDir::setCurrent(startedIn); });
        QVERIFY(QDir::setCurrent(elsewhere.path())); // as if launched from there
        const QString documents
            = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        const QString fallback = QFileInfo(documents).isDir() ? documents : QDir::homePath();
        QCOMPARE(RememberedFolder::defaultFolder(), fallback);

        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("build"), QStringLiteral("echo hi"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("build"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        f.action("saveOutputAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts.takeLast(), QDir(fallback).filePath("build.log"));
        QVERIFY(!QSettings().contains(QStringLiteral("dialogs/saveOutputDir"))); // nothing saved

        const QString logs = elsewhere.filePath(QStringLiteral("logs"));
        QVERIFY(QDir().mkpath(logs));
        f.prompts->fileAnswers = {logs + QStringLiteral("/first.log")};
        f.action("saveOutputAction")->trigger();
        QVERIFY(QFile::exists(logs + QStringLiteral("/first.log")));
        f.prompts->fileStarts.clear();
        QCOMPARE(QSettings().value(QStringLiteral("dialogs/saveOutputDir")).toString(), logs);
        f.action("saveOutputAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts.takeLast(), logs + QStringLiteral("/build.log"));

        // A file that cannot be written: its folder is not remembered.
        f.prompts->fileAnswers = {elsewhere.filePath(QStringLiteral("missing/second.log"))};
        f.action("saveOutputAction")->trigger();
        QCOMPARE(f.prompts->errors.size(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("dialogs/saveOutputDir")).toString(), logs);

        QVERIFY(QDir(logs).removeRecursively()); // the folder went: back to the fallback
        f.action("saveOutputAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts.takeLast(), QDir(fallback).filePath("build.log"));
    }

    void safeFileNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "build"
                               << "build.log";
        QTest::newRow("slashes") << "a/b\\c"
                                 << "a_b_c.log";
        QTest::newRow("dots") << ".."
                              << "output.log";
        QTest::newRow("hidden") << ".env check"
                                << "env check.log";
        QTest::newRow("empty") << ""
                               << "output.log";
        QTest::newRow("control") << "a\tb\nc"
                                 << "a_b_c.log";
        QTest::newRow("windows") << "a<b>c:d*e?f\"g|h"
                                 << "a_b_c_d_e_f_g_h.log";
        QTest::newRow("long") << QString(300, u'\u00e9')
                              << QString(125, u'\u00e9') + QStringLiteral(".log");
    }
    void safeFileNames()
    {
        QFETCH(QString, text);
        QFETCH(QString, name);
        const QString made = safeFileName(text, QStringLiteral(".log"));
        QCOMPARE(made, name);
        QVERIFY(made.toUtf8().size() <= 255);
    }

    // Quitting stops the runs; meanwhile no new run starts (it would keep the app from ever
    // ending), and quitting again does not wait for the grace periods: it kills and quits.
    void quittingAgainKillsAndQuits()
    {
        QVERIFY(writeStubbornTask());
        f.open();
        RunPane *pane = runStubbornUntilReady();
        QVERIFY(pane);
        f.prompts->quitAnswer = UserPrompts::QuitChoice::StopAllAndQuit;
        f.action("quitAction")->trigger();
        QCOMPARE(f.prompts->quitQuestions, 1);
        QTRY_COMPARE(pane->run()->state(), ManagedRun::State::Stopping);
        QVERIFY(f.window->isVisible()); // the task ignores SIGTERM: 120 s of grace
        // In words: with no translation loaded, "%n run(s)" would stay as it is.
        QCOMPARE(f.statusMessage(), QStringLiteral("Stopping a run before quitting…"));

        // Nothing that would start a run is offered: it would only be refused.
        QVERIFY(f.window->isQuitting());
        for (const char *name : {"runAction", "rerunAction", "quickRunAction"})
            QVERIFY2(!f.action(name)->isEnabled(), name);
        QVERIFY(!f.find<QWidget>("quickRunEdit")->isEnabled());
        QVERIFY(!f.find<QWidget>("historyRerunButton")->isEnabled());
        // Other ways in (D-Bus, the tray, the command line) are still refused, in words.
        f.window->runTaskNamed(QStringLiteral("stubborn"));
        QVERIFY2(f.statusMessage().contains(QLatin1String("Quitting")),
                 qPrintable(f.statusMessage()));
        f.find<QLineEdit>("quickRunEdit")->setText(QStringLiteral("sleep 300"));
        f.window->quickRun();
        QCOMPARE(f.window->liveRunCount(), 1);
        // Refused, what was typed is kept.
        QCOMPARE(f.find<QLineEdit>("quickRunEdit")->text(), QStringLiteral("sleep 300"));

        f.action("quitAction")->trigger(); // not asked again: killed, and gone
        QCOMPARE(f.prompts->quitQuestions, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->isVisible(), 15'000);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
    }

    // Close tab, Find next and Find previous act on a tab: with none open they are off; Find
    // next and previous also want something to find.
    void tabActionsNeedATab()
    {
        f.open(); // no tab
        const QStringList tabActions{"closeTabAction", "findNextAction", "findPreviousAction"};
        QCOMPARE(enabledOf(tabActions), QStringList());
        auto *findEdit = f.find<QLineEdit>("findEdit");
        findEdit->setText(QStringLiteral("hello"));
        QCOMPARE(enabledOf(tabActions), QStringList()); // text, but no tab
        findEdit->clear();

        RunPane *pane = f.quickRun(QStringLiteral("echo hello"));
        QVERIFY(pane);
        QCOMPARE(enabledOf(tabActions), QStringList{"closeTabAction"});
        findEdit->setText(QStringLiteral("hello"));
        QCOMPARE(enabledOf(tabActions), tabActions);
        findEdit->clear();
        QCOMPARE(enabledOf(tabActions), QStringList{"closeTabAction"});
        findEdit->setText(QStringLiteral("hello"));

        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        f.action("closeTabAction")->trigger();
        QTRY_VERIFY(f.window->panes().isEmpty());
        QCOMPARE(enabledOf(tabActions), QStringList());
    }

    // A passing word in the status bar goes after a while (here made short); a state that
    // lasts, "Stopping a run before quitting…", stays, and comes back after a word shown over it.
    void statusWordsPassButStatesStay()
    {
        QVERIFY(writeStubbornTask());
        f.open();
        auto *notes = f.window->findChild<StatusNotes *>(QStringLiteral("statusNotes"));
        QVERIFY(notes);
        QCOMPARE(notes->lifetime(StatusNotes::Kind::Info), StatusNotes::InfoMs); // the defaults
        QCOMPARE(notes->lifetime(StatusNotes::Kind::Problem), StatusNotes::ProblemMs);
        constexpr int shortMs = 200;
        notes->setLifetimes(shortMs, shortMs);

        QVERIFY(!f.window->runTaskNamed(QString())); // as --run '' asks
        QCOMPARE(f.statusMessage(), QStringLiteral("No saved task named \"\"."));
        QTRY_COMPARE_WITH_TIMEOUT(f.statusMessage(), QString(), WindowFixture::GenerousMs);

        RunPane *pane = runStubbornUntilReady();
        QVERIFY(pane);
        f.prompts->quitAnswer = UserPrompts::QuitChoice::StopAllAndQuit;
        f.action("quitAction")->trigger();
        const QString stopping = QStringLiteral("Stopping a run before quitting…");
        QCOMPARE(f.statusMessage(), stopping);
        // Many times a passing word's life, it is still said.
        QVERIFY(!QTest::qWaitFor([&] { return f.statusMessage() != stopping; }, 10 * shortMs));

        f.window->runTaskNamed(QStringLiteral("stubborn")); // refused: quitting
        QVERIFY2(f.statusMessage().contains(QLatin1String("Quitting")),
                 qPrintable(f.statusMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(f.statusMessage(), stopping, WindowFixture::GenerousMs);
        QVERIFY(!QTest::qWaitFor([&] { return f.statusMessage() != stopping; }, 10 * shortMs));
    }

    // The task list says how a task's run is now: "paused" while frozen, "stopping" while it
    // is being stopped (as its tab's header does), not the history's "running".
    void taskListSaysPausedAndStopping()
    {
        QVERIFY(writeStubbornTask());
        f.open();
        auto *model = f.window->findChild<TaskListModel *>();
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 1);
        const auto lastRun
            = [model] { return model->index(0).data(TaskListModel::LastRunRole).toString(); };
        RunPane *pane = runStubbornUntilReady();
        QVERIFY(pane);
        QTRY_VERIFY2_WITH_TIMEOUT(lastRun().startsWith(QLatin1String("running")),
                                  qPrintable(lastRun()), WindowFixture::GenerousMs);

        f.action("pauseAction")->trigger();
        QTRY_COMPARE(pane->run()->state(), ManagedRun::State::Paused);
        QTRY_VERIFY2_WITH_TIMEOUT(lastRun().startsWith(QLatin1String("paused")),
                                  qPrintable(lastRun()), WindowFixture::GenerousMs);
        f.action("pauseAction")->trigger(); // resumed
        QTRY_VERIFY2_WITH_TIMEOUT(lastRun().startsWith(QLatin1String("running")),
                                  qPrintable(lastRun()), WindowFixture::GenerousMs);

        f.action("stopAction")->trigger(); // SIGTERM ignored: 120 s of grace
        QTRY_COMPARE(pane->run()->state(), ManagedRun::State::Stopping);
        QTRY_VERIFY2_WITH_TIMEOUT(lastRun().startsWith(QLatin1String("stopping")),
                                  qPrintable(lastRun()), WindowFixture::GenerousMs);
        QCOMPARE(model->index(0).data(Qt::AccessibleDescriptionRole).toString(), lastRun());

        f.action("killAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY2_WITH_TIMEOUT(!lastRun().startsWith(QLatin1String("stopping")),
                                  qPrintable(lastRun()), WindowFixture::GenerousMs);
    }

    // The View menu's choices and the history panel are as the user left them.
    void viewChoicesAreRemembered()
    {
        f.open();
        QVERIFY(!f.action("lineNumbersAction")->isChecked()); // the defaults
        QVERIFY(!f.action("softWrapAction")->isChecked());
        QVERIFY(f.action("historyAction")->isChecked());
        f.action("lineNumbersAction")->trigger();
        f.action("softWrapAction")->trigger();
        f.action("historyAction")->trigger(); // hides the panel
        QVERIFY(!f.find<QDockWidget>("historyDock")->isVisible());
        f.close();

        f.open();
        QVERIFY(f.action("lineNumbersAction")->isChecked());
        QVERIFY(!f.action("timestampsAction")->isChecked());
        QVERIFY(f.action("softWrapAction")->isChecked());
        QVERIFY(!f.action("historyAction")->isChecked());
        QVERIFY(!f.find<QDockWidget>("historyDock")->isVisible());
        RunPane *pane = f.quickRun(QStringLiteral("echo wrapped"));
        QVERIFY(pane);
        QVERIFY(pane->logView()->wordWrap()); // applied to new runs too
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("view/lineNumbers")).toBool(), true);
        QCOMPARE(settings.value(QStringLiteral("view/timestamps"), true).toBool(), true);
        QCOMPARE(settings.value(QStringLiteral("view/softWrap")).toBool(), true);
        QCOMPARE(settings.value(QStringLiteral("view/history")).toBool(), false);

        f.action("historyAction")->trigger(); // shown again, and kept so
        f.close();
        f.open();
        QVERIFY(f.find<QDockWidget>("historyDock")->isVisible());
    }
};

QTEST_MAIN(RunActionsTest)
#include "tst_runactions.moc"
