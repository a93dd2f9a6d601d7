// Dependencies as a person meets them: the editor's Dependencies section (the tasks to pick,
// sequence or parallel, a cycle refused with its path) and a group of runs in the panes (the
// task's pane lists its dependencies' runs with links to their tabs, theirs say whom they run
// for, stopping the task stops the group).

#include "historymodel.h"
#include "historypanel.h"
#include "managedrun.h"
#include "procprobe.h"
#include "rungroupview.h"
#include "runpane.h"
#include "taskeditordialog.h"
#include "windowfixture.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTest>

class DependencyViewTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    static Task task(const QString &name, const QStringList &dependencies = {})
    {
        Task task;
        task.name = name;
        task.spec = TaskSpec::forShell(QStringLiteral("true"));
        task.dependencies.names = dependencies;
        return task;
    }
    static QString itemTexts(const QListWidget *list)
    {
        QStringList texts;
        for (int row = 0; row < list->count(); ++row)
            texts.append((list->item(row)->checkState() == Qt::Checked ? QStringLiteral("[x] ")
                                                                       : QStringLiteral("[ ] "))
                         + list->item(row)->text());
        return texts.join(QStringLiteral(", "));
    }
    QTabWidget *tabs() const { return f.find<QTabWidget>("runTabs"); }
    RunPane *paneOf(const QString &taskName) const
    {
        for (RunPane *pane : f.window->panes()) {
            if (pane->run() && pane->run()->task().name == taskName)
                return pane;
        }
        return nullptr;
    }
    static QString groupText(RunPane *pane)
    {
        auto *view = pane->findChild<RunGroupView *>(QStringLiteral("runGroupView"));
        return view && !view->isHidden() ? view->plainText() : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    // The other tasks are offered, its own dependencies first and ticked in their order; a
    // pick that closes a cycle through another task's dependencies is a problem naming the
    // path, and OK stays off until it is undone. Order and mode are what is saved.
    void editorRefusesACycleWithItsPath()
    {
        TaskEditorContext context;
        context.otherTasks = {task(QStringLiteral("build"), {QStringLiteral("deploy")}),
                              task(QStringLiteral("lint")), task(QStringLiteral("test"))};
        TaskEditorDialog editor(task(QStringLiteral("deploy"), {QStringLiteral("test")}), {},
                                nullptr, nullptr, context);
        auto *list = editor.findChild<QListWidget *>(QStringLiteral("dependenciesList"));
        auto *ok = editor.findChild<QPushButton *>(QStringLiteral("okButton"));
        auto *problems = editor.findChild<QLabel *>(QStringLiteral("problemsLabel"));
        QVERIFY(list && ok && problems);
        QCOMPARE(itemTexts(list), QStringLiteral("[x] test, [ ] build, [ ] lint"));
        QVERIFY(ok->isEnabled());

        list->item(1)->setCheckState(Qt::Checked); // build, which depends on deploy
        QCOMPARE(problems->text(),
                 QStringLiteral("The dependencies form a cycle: deploy → build → deploy."));
        QVERIFY(!ok->isEnabled());
        list->item(1)->setCheckState(Qt::Unchecked);
        QVERIFY(problems->text().isEmpty());
        QVERIFY(ok->isEnabled());

        // lint before test, in parallel.
        list->item(2)->setCheckState(Qt::Checked);
        list->setCurrentRow(2);
        editor.findChild<QPushButton *>(QStringLiteral("dependencyUpButton"))->click();
        editor.findChild<QPushButton *>(QStringLiteral("dependencyUpButton"))->click();
        editor.findChild<QRadioButton *>(QStringLiteral("dependenciesParallel"))->setChecked(true);
        const Task saved = editor.task();
        QCOMPARE(saved.dependencies.names,
                 (QStringList{QStringLiteral("lint"), QStringLiteral("test")}));
        QCOMPARE(saved.dependencies.order, TaskDependencies::Order::Parallel);
    }

    // A dependency whose task was deleted is kept (opening the editor loses nothing) and is a
    // problem until it is unticked.
    void editorKeepsAndRefusesAnUnknownName()
    {
        TaskEditorContext context;
        context.otherTasks = {task(QStringLiteral("build"))};
        TaskEditorDialog editor(task(QStringLiteral("deploy"), {QStringLiteral("gone")}), {},
                                nullptr, nullptr, context);
        auto *list = editor.findChild<QListWidget *>(QStringLiteral("dependenciesList"));
        QCOMPARE(itemTexts(list), QStringLiteral("[x] gone (not a saved task), [ ] build"));
        QCOMPARE(editor.findChild<QLabel *>(QStringLiteral("problemsLabel"))->text(),
                 QStringLiteral("\"deploy\" depends on \"gone\", which is not a saved task."));
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled());
        list->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(editor.findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled());
        QVERIFY(editor.task().dependencies.isEmpty());
    }

    // A dependency deleted since the task was saved refuses the run: no tab opens, the
    // window says why.
    void aDeletedDependencyRefusesTheRun()
    {
        Task deploy = f.shellTask(QStringLiteral("deploy"), QStringLiteral("echo deployed"));
        deploy.dependencies.names = {QStringLiteral("gone")};
        QVERIFY(f.writeLibrary({deploy}));
        f.open();
        QVERIFY(!f.run(QStringLiteral("deploy")));
        QVERIFY(f.window->panes().isEmpty());
        QCOMPARE(f.statusMessage(),
                 QStringLiteral("\"deploy\" depends on \"gone\", which is not a saved task."));
    }

    // Running a task with dependencies opens the group: the task's pane lists its
    // dependencies' runs and their states, each a link to its tab; their tabs say whom they
    // run for. Stopping the task while it waits stops the group; nothing survives.
    void theGroupInThePanes()
    {
        Task build = f.shellTask(QStringLiteral("build"), QStringLiteral("echo built"));
        Task serve = f.shellTask(QStringLiteral("serve"), QStringLiteral("sleep 300"));
        Task deploy = f.shellTask(QStringLiteral("deploy"), QStringLiteral("echo deployed"));
        deploy.dependencies.names = {QStringLiteral("build"), QStringLiteral("serve")};
        QVERIFY(f.writeLibrary({build, serve, deploy}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("deploy"));
        QVERIFY(pane);
        QCOMPARE(pane->run()->task().name, QStringLiteral("deploy"));
        // build has ended well, serve runs (awaited: they start one after the other).
        QTRY_VERIFY_WITH_TIMEOUT(groupText(pane).contains(QStringLiteral("serve — running")),
                                 WindowFixture::GenerousMs);
        QVERIFY2(groupText(pane).startsWith(QStringLiteral("Dependencies:\n  build ✓ ")),
                 qPrintable(groupText(pane)));

        QStringList titles;
        for (int i = 0; i < tabs()->count(); ++i)
            titles.append(tabs()->tabText(i));
        QVERIFY2(titles.contains(QStringLiteral("build (for deploy)"))
                     && titles.contains(QStringLiteral("serve (for deploy)")),
                 qPrintable(titles.join(QStringLiteral(", "))));
        RunPane *buildPane = paneOf(QStringLiteral("build"));
        QCOMPARE(groupText(buildPane), QStringLiteral("Run first for deploy"));

        // The dependency's link shows the task's tab, and the task's a dependency's.
        auto *buildLabel = buildPane->findChild<QLabel *>(QStringLiteral("runGroupLabel"));
        Q_EMIT buildLabel->linkActivated(QStringLiteral("run:%1").arg(pane->run()->id()));
        QCOMPARE(f.window->currentPane(), pane);
        Q_EMIT pane->findChild<QLabel *>(QStringLiteral("runGroupLabel"))
            ->linkActivated(QStringLiteral("run:%1").arg(buildPane->run()->id()));
        QCOMPARE(f.window->currentPane(), buildPane);

        f.window->showRun(pane->run()->id());
        pane->stop(); // the task, still waiting: the group is cancelled
        QTRY_VERIFY_WITH_TIMEOUT(groupText(pane).contains(QStringLiteral("serve ✗ stopped")),
                                 WindowFixture::GenerousMs);
        QCOMPARE(pane->run()->result().outcome, RunOutcome::Cancelled);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);

        // In the history, the group's three rows say the same group.
        const QString group = QStringLiteral(" · group ") + pane->run()->request().groupId.left(8);
        const auto rowsInGroup = [this, &group] {
            const QAbstractItemModel *model = f.window->historyPanel()->model();
            int count = 0;
            for (int row = 0; row < model->rowCount(); ++row) {
                count += model->index(row, HistoryModel::Trigger).data().toString().endsWith(group)
                             ? 1
                             : 0;
            }
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(rowsInGroup(), 3, WindowFixture::GenerousMs);
    }
};

QTEST_MAIN(DependencyViewTest)
#include "tst_dependencyview.moc"
