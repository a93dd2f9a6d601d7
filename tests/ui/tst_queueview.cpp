// The queue as a person meets it in the window: a queued run's pane says its place and why it
// waits, in the queued colour; Stop reads Cancel and cancels it; Move up, Move down and Run next
// change the order; the status bar counts queued runs apart; and running a task already running
// asks Restart / Run another / Cancel without blocking.

#include "alreadyrunningdialog.h"
#include "concurrencysection.h"
#include "managedrun.h"
#include "outcomecolors.h"
#include "preferencesdialog.h"
#include "procprobe.h"
#include "runmanager.h"
#include "runpane.h"
#include "runsummary.h"
#include "taskeditordialog.h"
#include "tasklauncher.h"
#include "tasklistmodel.h"
#include "windowfixture.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

class QueueViewTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    // Tasks "a", "b", "c", each one process until stopped, and the limit of one run at once.
    void openWithLimitOne()
    {
        QSettings().setValue(QStringLiteral("runs/maxConcurrent"), 1);
        QVERIFY(
            f.writeLibrary({f.shellTask(QStringLiteral("a"), QStringLiteral("exec sleep 300")),
                            f.shellTask(QStringLiteral("b"), QStringLiteral("exec sleep 300")),
                            f.shellTask(QStringLiteral("c"), QStringLiteral("exec sleep 300"))}));
        f.open();
    }
    QString tabLook(RunPane *pane) const
    {
        auto *tabs = f.find<QTabWidget>("runTabs");
        return tabs ? tabs->tabWhatsThis(tabs->indexOf(pane)) : QString();
    }
    QString liveRunsText() const { return f.find<QToolButton>("liveRunsButton")->text(); }
    // The real Already running dialog, once it is open.
    AlreadyRunningDialog *dialog() const
    {
        return f.window->findChild<AlreadyRunningDialog *>(QStringLiteral("alreadyRunningDialog"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init()
    {
        QSettings().clear();
        f.setUpTest();
    }
    void cleanup() { f.tearDownTest(); }

    // Queued: its place and reason in words, the queued colour, counted apart; Stop reads
    // Cancel and cancels it without touching the running one.
    void queuedPaneSaysWhyAndCancels()
    {
        openWithLimitOne();
        RunPane *a = f.run(QStringLiteral("a"));
        QVERIFY(a);
        QTRY_VERIFY_WITH_TIMEOUT(a->isLive(), WindowFixture::GenerousMs);
        RunPane *b = f.run(QStringLiteral("b"));
        QVERIFY(b);
        QCOMPARE(b->run()->state(), ManagedRun::State::Queued);
        QCOMPARE(b->summaryText(),
                 QStringLiteral("Queued — 1st in line: a run is running, the limit"));
        QCOMPARE(RunSummary::color(b->run()), OutcomeColors::queued());
        QVERIFY(OutcomeColors::queued() != OutcomeColors::running());
        QCOMPARE(tabLook(b), QStringLiteral("queued"));
        QCOMPARE(liveRunsText(), QStringLiteral("1 live run, 1 queued"));
        // The task list says so too (b: row 1), once it has refreshed.
        auto *model = f.window->findChild<TaskListModel *>();
        QVERIFY(model);
        QTRY_COMPARE(model->index(1).data(TaskListModel::LastRunRole).toString(),
                     QStringLiteral("queued"));
        QVERIFY(b->findChild<QWidget *>(QStringLiteral("queueButtons"))->isVisibleTo(b));

        QAction *stop = f.action("stopAction");
        QCOMPARE(stop->text(), QStringLiteral("Cancel &queued run"));
        QVERIFY(stop->isEnabled());
        stop->trigger();
        QCOMPARE(b->run()->result().outcome, RunOutcome::Cancelled);
        QVERIFY(b->summaryText().startsWith(QLatin1String("Cancelled")));
        QCOMPARE(stop->text(), QStringLiteral("&Stop")); // the tab's run has ended
        QVERIFY(a->isLive());
        QCOMPARE(liveRunsText(), QStringLiteral("1 live run"));
        QVERIFY(!b->findChild<QWidget *>(QStringLiteral("queueButtons"))->isVisibleTo(b));
    }

    // Run next and Move down change the order; each pane says its new place; the runs start
    // in that order.
    void movingFromThePane()
    {
        openWithLimitOne();
        RunPane *a = f.run(QStringLiteral("a"));
        RunPane *b = f.run(QStringLiteral("b"));
        RunPane *c = f.run(QStringLiteral("c"));
        QVERIFY(a && b && c);
        QCOMPARE(c->run()->queuePosition(), 2);
        QVERIFY(!b->findChild<QToolButton *>(QStringLiteral("moveUpButton"))->isEnabled());
        QTest::mouseClick(c->findChild<QToolButton *>(QStringLiteral("runNextButton")),
                          Qt::LeftButton);
        QCOMPARE(c->run()->queuePosition(), 1);
        QVERIFY2(b->summaryText().startsWith(QStringLiteral("Queued — 2nd in line")),
                 qPrintable(b->summaryText()));
        QTest::mouseClick(c->findChild<QToolButton *>(QStringLiteral("moveDownButton")),
                          Qt::LeftButton);
        QCOMPARE(c->run()->queuePosition(), 2);
        QTest::mouseClick(b->findChild<QToolButton *>(QStringLiteral("moveDownButton")),
                          Qt::LeftButton); // c b
        QCOMPARE(b->run()->queuePosition(), 2);
        a->stop();
        QTRY_VERIFY_WITH_TIMEOUT(c->isLive(), WindowFixture::GenerousMs);
        QCOMPARE(b->run()->state(), ManagedRun::State::Queued);
        QCOMPARE(b->run()->queuePosition(), 1);
    }

    // Raising the limit in the settings (as Preferences writes it) lets the queue go.
    void raisingTheLimitLetsTheQueueGo()
    {
        openWithLimitOne();
        RunPane *a = f.run(QStringLiteral("a"));
        RunPane *b = f.run(QStringLiteral("b"));
        QVERIFY(a && b);
        QCOMPARE(b->run()->state(), ManagedRun::State::Queued);
        f.window->showPreferences();
        QWidget *preferences = f.window->preferencesDialog();
        QVERIFY(preferences);
        auto *edit = preferences->findChild<QLineEdit *>(QStringLiteral("maxConcurrentEdit"));
        QVERIFY(edit);
        QCOMPARE(edit->text(), QStringLiteral("1"));
        edit->setText(QStringLiteral("-1"));
        auto *buttons = preferences->findChild<QDialogButtonBox *>();
        QVERIFY(!buttons->button(QDialogButtonBox::Apply)->isEnabled()); // a bad value
        edit->setText(QStringLiteral("0"));
        buttons->button(QDialogButtonBox::Apply)->click();
        QTRY_VERIFY_WITH_TIMEOUT(b->isLive(), WindowFixture::GenerousMs);
    }

    // Policy "ask", run by hand while running: the real dialog, not blocking. Cancel starts
    // nothing; Run another starts one beside it; Restart stops both and starts the new run only
    // once they are gone.
    void askDialogsThreeChoices()
    {
        QVERIFY(
            f.writeLibrary({f.shellTask(QStringLiteral("srv"), QStringLiteral("exec sleep 300"))}));
        f.open();
        f.prompts->alreadyRunningAnswer.reset(); // the real dialog
        RunPane *first = f.run(QStringLiteral("srv"));
        QVERIFY(first);
        QCOMPARE(f.prompts->alreadyRunningQuestions, 0); // not running yet: nothing asked
        QTRY_COMPARE_WITH_TIMEOUT(ProcProbe::processesWithMarker(f.marker).size(), 1,
                                  WindowFixture::GenerousMs);

        QVERIFY(!f.run(QStringLiteral("srv"))); // asked: nothing yet
        QTRY_VERIFY(dialog() && dialog()->isVisible());
        QVERIFY(!dialog()->isModal() || dialog()->windowModality() != Qt::ApplicationModal);
        QCOMPARE(
            dialog()->findChild<QPushButton *>(QStringLiteral("cancelButton"))->accessibleName(),
            QStringLiteral("Cancel: start nothing"));
        QTest::mouseClick(dialog()->findChild<QPushButton *>(QStringLiteral("cancelButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!dialog());
        QCOMPARE(f.window->panes().size(), 1);
        QVERIFY2(f.statusMessage().contains(QLatin1String("Nothing started")),
                 qPrintable(f.statusMessage()));

        QVERIFY(!f.run(QStringLiteral("srv")));
        QTRY_VERIFY(dialog() && dialog()->isVisible());
        QTest::mouseClick(dialog()->findChild<QPushButton *>(QStringLiteral("runAnotherButton")),
                          Qt::LeftButton);
        QTRY_COMPARE(f.window->panes().size(), 2);
        RunPane *second = f.window->panes().last();
        QTRY_COMPARE_WITH_TIMEOUT(ProcProbe::processesWithMarker(f.marker).size(), 2,
                                  WindowFixture::GenerousMs);

        QVERIFY(!f.run(QStringLiteral("srv")));
        QTRY_VERIFY(dialog() && dialog()->isVisible());
        ManagedRun *secondRun = second->run();
        QSignalSpy secondEnded(secondRun, &ManagedRun::finished);
        QTest::mouseClick(dialog()->findChild<QPushButton *>(QStringLiteral("restartButton")),
                          Qt::LeftButton);
        // The restart takes the tab of the newest run it replaces.
        QTRY_VERIFY(second->run() != secondRun);
        QCOMPARE(f.window->panes().size(), 2);
        RunPane *restarted = second;
        QTRY_VERIFY_WITH_TIMEOUT(restarted->isLive(), WindowFixture::GenerousMs);
        QCOMPARE(first->run()->result().outcome, RunOutcome::Stopped);
        QTRY_COMPARE(secondEnded.size(), 1);
        QCOMPARE(secondEnded.first().first().value<RunResult>().outcome, RunOutcome::Stopped);
        QTRY_COMPARE_WITH_TIMEOUT(ProcProbe::processesWithMarker(f.marker).size(), 1,
                                  WindowFixture::GenerousMs);
        QCOMPARE(f.prompts->alreadyRunningQuestions, 3);
    }

    // A task whose policy is not "ask" is never asked about: skip says why in the status bar.
    void skipPolicySaysWhy()
    {
        Task task = f.shellTask(QStringLiteral("build"), QStringLiteral("exec sleep 300"));
        task.concurrency.whenRunning = InstancePolicy::Skip;
        QVERIFY(f.writeLibrary({task}));
        f.open();
        QVERIFY(f.run(QStringLiteral("build")));
        QVERIFY(!f.run(QStringLiteral("build")));
        QCOMPARE(f.prompts->alreadyRunningQuestions, 0);
        QCOMPARE(f.statusMessage(),
                 QStringLiteral("'build' is already running: skipped (its policy)"));
        QCOMPARE(f.window->panes().size(), 1);

        // A trigger's skip is recorded (the history shows it fired) without a tab of its own,
        // and the task list goes on saying the task runs.
        RunRequest fired;
        fired.task = *f.window->library().find(QStringLiteral("build"));
        fired.trigger = RunTriggers::schedule();
        QVERIFY(!f.window->launcher()->launch(fired).started());
        QCOMPARE(f.window->panes().size(), 1);
        auto *model = f.window->findChild<TaskListModel *>();
        model->refresh();
        QVERIFY2(model->index(0)
                     .data(TaskListModel::LastRunRole)
                     .toString()
                     .startsWith(QStringLiteral("running")),
                 qPrintable(model->index(0).data(TaskListModel::LastRunRole).toString()));
    }

    // A trigger's run gets its tab without taking the current one (two hundred fired at once
    // would flip through two hundred tabs); a run by hand is shown at once.
    void triggeredRunsDoNotTakeTheCurrentTab()
    {
        openWithLimitOne();
        RunPane *a = f.run(QStringLiteral("a"));
        QVERIFY(a);
        RunRequest request;
        request.task = *f.window->library().find(QStringLiteral("b"));
        request.trigger = RunTriggers::schedule();
        QVERIFY(f.window->launcher()->launch(request).started());
        QCOMPARE(f.window->panes().size(), 2);
        QCOMPARE(f.window->currentPane(), a);
        QVERIFY(f.run(QStringLiteral("c")));
        QCOMPARE(f.window->currentPane()->task().name, QStringLiteral("c"));
    }

    // The editor's page Running: the policy and the group are saved with the task.
    void editorSavesPolicyAndGroup()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("t"), QStringLiteral("true"))}));
        f.open();
        QVERIFY(f.window->selectTask(QStringLiteral("t")));
        f.action("editTaskAction")->trigger();
        TaskEditorDialog *editor = f.window->openEditor();
        QVERIFY(editor);
        auto *policy = editor->findChild<QComboBox *>(QStringLiteral("whenRunningBox"));
        auto *group = editor->findChild<QLineEdit *>(QStringLiteral("exclusiveGroupEdit"));
        QVERIFY(policy && group);
        QCOMPARE(policy->currentData().toString(), QStringLiteral("ask"));
        policy->setCurrentIndex(policy->findData(QStringLiteral("queue")));
        group->setText(QStringLiteral("  gpu "));
        QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("okButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!f.window->openEditor());
        const Task *saved = f.window->library().find(QStringLiteral("t"));
        QVERIFY(saved);
        QCOMPARE(saved->concurrency.whenRunning, InstancePolicy::Queue);
        QCOMPARE(saved->concurrency.exclusiveGroup, QStringLiteral("gpu"));
    }
};

QTEST_MAIN(QueueViewTest)
#include "tst_queueview.moc"
