// The Processes dock of the real window on real runs: a tree with a setsid escapee shown and
// marked, each of the panel's actions reaching only the chosen process (as /proc tells), Copy
// command line, the leader killed from the panel, the dock's shortcut, what assistive
// technology reads of the tree, and no process left behind.

#include "managedrun.h"
#include "processtreemodel.h"
#include "processtreepanel.h"
#include "processtreesampler.h"
#include "procprobe.h"
#include "runpane.h"
#include "taskrun.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

#include <csignal>

namespace {

// The state letter /proc gives the process, or 0 once it is gone.
char stateOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const int close = stat.lastIndexOf(')');
    return close > 0 && close + 2 < stat.size() ? stat.at(close + 2) : 0;
}

QByteArray commandLineOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll().replace('\0', ' ').trimmed()
                                          : QByteArray();
}

} // namespace

class ProcessTreePanelTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    ProcessTreePanel *panel() const { return f.window->processTreePanel(); }
    QDockWidget *dock() const { return f.find<QDockWidget>("processTreeDock"); }

    // The test's process whose command line is exactly command, or 0.
    pid_t pidOf(const QByteArray &command) const
    {
        for (pid_t pid : ProcProbe::processesWithMarker(f.marker)) {
            if (commandLineOf(pid) == command)
                return pid;
        }
        return 0;
    }
    // Samples until the panel shows count processes (the sampler's own timer may be slower
    // than the test wants).
    bool waitForProcessCount(int count)
    {
        return QTest::qWaitFor(
            [this, count] {
                panel()->sampler()->sampleNow();
                return panel()->model()->processCount() == count;
            },
            WindowFixture::GenerousMs);
    }
    const ProcessRow *shown(pid_t pid) const
    {
        for (const ProcessRow &row : panel()->sampler()->last().rows) {
            if (row.info.pid == pid) {
                const QModelIndex index = panel()->model()->indexOf(pid, row.info.startTime);
                return panel()->model()->processAt(index);
            }
        }
        return nullptr;
    }

    // The tree task, run with the dock shown: a shell with three sleeps, one of them in a
    // session of its own. Null if it did not come up.
    RunPane *runTree()
    {
        f.writeLibrary(
            {f.shellTask(QStringLiteral("tree"),
                         QStringLiteral("sleep 3001 & setsid sleep 3002 & "
                                        "sleep 3003 & echo ready; wait; exec sleep 3000"))});
        f.open();
        f.window->show();
        dock()->show();
        RunPane *pane = f.run(QStringLiteral("tree"));
        if (!pane)
            return nullptr;
        // Each sleep has exec'd (setsid's and sh's children are briefly what forked them),
        // and the panel shows their command lines as they are now.
        const QByteArrayList sleeps{"sleep 3001", "sleep 3002", "sleep 3003"};
        const bool ready = QTest::qWaitFor(
            [&] {
                panel()->sampler()->sampleNow();
                if (panel()->model()->processCount() != 4)
                    return false;
                for (const QByteArray &command : sleeps) {
                    const pid_t pid = pidOf(command);
                    if (!pid || !shown(pid) || shown(pid)->commandLine.toUtf8() != command)
                        return false;
                }
                return true;
            },
            WindowFixture::GenerousMs);
        if (!ready) { // what was shown, for the failure
            for (const ProcessRow &row : panel()->sampler()->last().rows)
                qWarning("shown: %d %c %s (%s)", int(row.info.pid), row.info.state,
                         qPrintable(row.commandLine), qPrintable(row.name));
            for (pid_t pid : ProcProbe::processesWithMarker(f.marker))
                qWarning("in /proc: %d %s", int(pid), commandLineOf(pid).constData());
        }
        return ready ? pane : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init()
    {
        QSettings().clear();
        f.setUpTest();
    }
    void cleanup()
    {
        f.tearDownTest();
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
    }

    void dockTogglesWithItsShortcutAndSamplesOnlyWhenShown()
    {
        f.writeLibrary({f.shellTask(QStringLiteral("sleeper"), QStringLiteral("sleep 300"))});
        f.open();
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        QVERIFY(!dock()->isVisible()); // hidden until asked for
        QVERIFY(!panel()->isSampling());
        QAction *toggle = f.action("processTreeAction");
        QVERIFY(toggle);
        QCOMPARE(toggle->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+P")));
        QTest::keyClick(f.window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(dock()->isVisible());
        QCOMPARE(panel()->emptyText().isEmpty(), false); // no run yet: says so

        RunPane *pane = f.run(QStringLiteral("sleeper"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(panel()->showsTree(), WindowFixture::GenerousMs);
        QVERIFY(panel()->isSampling());
        QVERIFY(waitForProcessCount(1));
        QVERIFY(panel()->headerText().startsWith(QStringLiteral("1 process")));

        QTest::keyClick(f.window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!dock()->isVisible());
        QVERIFY2(!panel()->isSampling(), "a hidden panel reads nothing");
        QVERIFY(QSettings().value(QStringLiteral("view/processTree")).toBool() == false);
        QTest::keyClick(f.window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(dock()->isVisible());
        QVERIFY(panel()->isSampling());
        QVERIFY(QSettings().value(QStringLiteral("view/processTree")).toBool());
        // Opened from the keyboard, the tree has the focus: Alt+K and the others act at once.
        QTRY_COMPARE(QApplication::focusWidget(), panel()->view());

        // The run ends: the panel says so and stops reading.
        pane->kill();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QVERIFY(!panel()->showsTree());
        QVERIFY(panel()->emptyText().contains(QStringLiteral("ended")));
        QVERIFY(!panel()->isSampling());
    }

    void treeShowsTheEscapeeMarked()
    {
        RunPane *pane = runTree();
        QVERIFY(pane);
        const pid_t leader = pane->run()->taskRun()->processId();
        const pid_t escapee = pidOf("sleep 3002");
        const pid_t sleeper = pidOf("sleep 3001");
        QVERIFY(escapee > 0 && sleeper > 0);
        QVERIFY(panel()->headerText().startsWith(QStringLiteral("4 processes")));
        ProcessTreeModel *model = panel()->model();
        QCOMPARE(model->rowCount(), 1);
        const ProcessRow *top = model->processAt(model->index(0, 0));
        QVERIFY(top);
        QCOMPARE(top->info.pid, leader);
        QCOMPARE(model->rowCount(model->index(0, 0)), 3); // the sleeps, under the shell
        QVERIFY(shown(escapee));
        QVERIFY(shown(escapee)->leftSession);
        QVERIFY(!shown(sleeper)->leftSession && !shown(sleeper)->leftGroup);
        const auto cell = [&](pid_t pid, int column, int role = Qt::DisplayRole) {
            return model->indexOf(pid, shown(pid)->info.startTime, column).data(role).toString();
        };
        QCOMPARE(cell(escapee, ProcessTreeModel::Mark), QStringLiteral("left the session"));
        QVERIFY(!cell(escapee, ProcessTreeModel::Mark, Qt::ToolTipRole).isEmpty());
        QCOMPARE(cell(sleeper, ProcessTreeModel::Mark), QString());
        QCOMPARE(cell(sleeper, ProcessTreeModel::State), QStringLiteral("sleeping"));
        // Expanded on first show: every process visible.
        QTreeView *view = panel()->view();
        QVERIFY(view->isExpanded(panel()->sortedModel()->index(0, 0)));

        // The run stopped as always: the escapee with it.
        pane->stop();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::processesWithMarker(f.marker).isEmpty(),
                                 WindowFixture::GenerousMs);
    }

    // Pause, Continue, Stop and Kill each reach the chosen process, and no other.
    void actionsReachOnlyTheChosenProcess()
    {
        RunPane *pane = runTree();
        QVERIFY(pane);
        const pid_t leader = pane->run()->taskRun()->processId();
        const QVector<pid_t> sleeps
            = {pidOf("sleep 3001"), pidOf("sleep 3002"), pidOf("sleep 3003")};
        QVERIFY(!sleeps.contains(0));
        const auto othersNotStopped = [&](pid_t chosen) {
            for (pid_t pid : sleeps + QVector<pid_t>{leader}) {
                if (pid != chosen && (stateOf(pid) == 'T' || stateOf(pid) == 0))
                    return false;
            }
            return true;
        };

        const pid_t target = sleeps[2];
        QVERIFY(panel()->selectProcess(target));
        QCOMPARE(panel()->currentProcess()->info.pid, target);
        QVERIFY(!panel()->continueAction()->isEnabled()); // it is not stopped
        panel()->pauseAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(target), 'T', WindowFixture::GenerousMs);
        QVERIFY(othersNotStopped(target));
        QVERIFY(panel()->messageText().contains(QStringLiteral("SIGSTOP")));
        QTRY_VERIFY_WITH_TIMEOUT(
            (panel()->sampler()->sampleNow(), shown(target) && shown(target)->info.state == 'T'),
            WindowFixture::GenerousMs);
        QCOMPARE(panel()
                     ->model()
                     ->indexOf(target, shown(target)->info.startTime, ProcessTreeModel::State)
                     .data()
                     .toString(),
                 QStringLiteral("stopped"));
        // The selection survived the samples; Continue is offered now, Pause no longer.
        QCOMPARE(panel()->currentProcess()->info.pid, target);
        QVERIFY(panel()->continueAction()->isEnabled());
        QVERIFY(!panel()->pauseAction()->isEnabled());

        // Continue, by its shortcut while the tree has the focus.
        panel()->view()->setFocus();
        QTest::keyClick(panel()->view(), Qt::Key_P, Qt::AltModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(target) == 'S', WindowFixture::GenerousMs);
        QVERIFY(panel()->messageText().contains(QStringLiteral("SIGCONT")));

        // Stop (SIGTERM): only it ends.
        panel()->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(target) == 0 || stateOf(target) == 'Z',
                                 WindowFixture::GenerousMs);
        QVERIFY(othersNotStopped(target));
        QVERIFY(waitForProcessCount(3));
        // Its row went, and with it the choice: nothing else is chosen in its place (the view
        // would move to a neighbour, and the next Kill would hit a process nobody chose).
        QTRY_VERIFY_WITH_TIMEOUT(panel()->currentProcess() == nullptr, WindowFixture::GenerousMs);
        QVERIFY(!panel()->killAction()->isEnabled());
        QVERIFY(panel()->messageText().contains(QStringLiteral("has ended")));

        // Kill (SIGKILL) the escapee: only it ends.
        QVERIFY(panel()->selectProcess(sleeps[1]));
        const ProcessRow before = *panel()->currentProcess();
        panel()->killAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(sleeps[1]) == 0, WindowFixture::GenerousMs);
        QVERIFY(stateOf(sleeps[0]) == 'S' && stateOf(leader) != 0);
        QVERIFY(waitForProcessCount(2));

        // A signal to a process that has ended (and is still shown: the panel hidden, nothing
        // sampled) is refused and said. (The shell, its children gone, becomes sleep 3000.)
        QVERIFY(panel()->selectProcess(sleeps[0]));
        dock()->hide();
        QVERIFY(!panel()->isSampling());
        ::kill(sleeps[0], SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(sleeps[0]) == 0, WindowFixture::GenerousMs);
        panel()->stopAction()->trigger();
        QVERIFY2(panel()->messageText().contains(QStringLiteral("has ended")),
                 qPrintable(panel()->messageText()));
        Q_UNUSED(before);
        QVERIFY(!pane->run()->isFinished());
    }

    void copyPutsTheCommandLineOnTheClipboard()
    {
        RunPane *pane = runTree();
        QVERIFY(pane);
        const pid_t sleeper = pidOf("sleep 3001");
        QVERIFY(panel()->selectProcess(sleeper));
        QApplication::clipboard()->clear();
        panel()->copyAction()->trigger();
        QTRY_COMPARE(QApplication::clipboard()->text(), QStringLiteral("sleep 3001"));
        QVERIFY(panel()->messageText().contains(QString::number(sleeper)));
    }

    // Killing the run's leader from the panel: the run ends as any run whose leader died, and
    // stops what its processes left behind.
    void killingTheLeaderEndsTheRun()
    {
        RunPane *pane = runTree();
        QVERIFY(pane);
        const pid_t leader = pane->run()->taskRun()->processId();
        QVERIFY(panel()->selectProcess(leader));
        panel()->killAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::processesWithMarker(f.marker).isEmpty(),
                                 WindowFixture::GenerousMs);
        QVERIFY(!panel()->showsTree());
    }

    // What a screen reader reads: a tree (table) with the column headers, and each cell's text.
    void accessibleTableReadsHeadersAndCells()
    {
        RunPane *pane = runTree();
        QVERIFY(pane);
        QAccessible::setActive(true);
        QTreeView *view = panel()->view();
        QAccessibleInterface *tree = QAccessible::queryAccessibleInterface(view);
        QVERIFY(tree);
        QCOMPARE(tree->role(), QAccessible::Tree);
        QCOMPARE(tree->text(QAccessible::Name), QStringLiteral("Processes"));
        QAccessibleTableInterface *table = tree->tableInterface();
        QVERIFY(table);
        QCOMPARE(table->columnCount(), int(ProcessTreeModel::ColumnCount));
        QVERIFY(table->rowCount() >= 4); // every row expanded
        QStringList headers;
        for (int column = 0; column < table->columnCount(); ++column)
            headers << table->columnDescription(column);
        QCOMPARE(headers, QStringList({"PID", "Command", "Left", "State", "CPU %", "Memory",
                                       "Threads", "Started"}));
        // The escapee's row: its pid, command and mark as text.
        const pid_t escapee = pidOf("sleep 3002");
        bool found = false;
        for (int row = 0; row < table->rowCount() && !found; ++row) {
            QAccessibleInterface *pidCell = table->cellAt(row, ProcessTreeModel::Pid);
            QVERIFY(pidCell);
            if (pidCell->text(QAccessible::Name) != QString::number(escapee))
                continue;
            found = true;
            QCOMPARE(table->cellAt(row, ProcessTreeModel::Command)->text(QAccessible::Name),
                     QStringLiteral("sleep 3002"));
            QAccessibleInterface *mark = table->cellAt(row, ProcessTreeModel::Mark);
            QCOMPARE(mark->text(QAccessible::Name), QStringLiteral("left the session"));
            QVERIFY(mark->text(QAccessible::Description).contains(QString::number(escapee)));
            QAccessibleTableCellInterface *cell = mark->tableCellInterface();
            QVERIFY(cell);
            QCOMPARE(cell->columnHeaderCells().value(0)->text(QAccessible::Name),
                     QStringLiteral("Left"));
        }
        QVERIFY2(found, "the escapee's row is readable");
        // The panel's controls are named.
        for (QAction *action :
             {panel()->stopAction(), panel()->killAction(), panel()->pauseAction(),
              panel()->continueAction(), panel()->copyAction()})
            QVERIFY(!action->objectName().isEmpty());
        QAccessible::setActive(false);
    }

    // The tab of a past run, and no tab at all: the panel says why it shows no tree.
    void emptyStatesSayWhy()
    {
        f.writeLibrary({f.shellTask(QStringLiteral("quick"), QStringLiteral("echo hi"))});
        f.open();
        f.window->show();
        dock()->show();
        QVERIFY(!panel()->showsTree());
        QVERIFY(panel()->emptyText().contains(QStringLiteral("No run")));
        RunPane *pane = f.run(QStringLiteral("quick"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY(panel()->emptyText().contains(QStringLiteral("ended")));
        QTRY_VERIFY_WITH_TIMEOUT(pane->recordId() > 0, WindowFixture::GenerousMs);
        // From the history, once the window that ran it is gone.
        const qint64 recordId = pane->recordId();
        f.close();
        f.open();
        f.window->show();
        QVERIFY(dock()->isVisible()); // as it was left, where it was (the window's state)
        QVERIFY(QSettings().contains(QStringLiteral("window/state")));
        QVERIFY(f.window->openPastRun(recordId));
        QVERIFY2(panel()->emptyText().contains(QStringLiteral("past run")),
                 qPrintable(panel()->emptyText()));
        QVERIFY(!panel()->isSampling());
    }
};

QTEST_MAIN(ProcessTreePanelTest)
#include "tst_processtreepanel.moc"
