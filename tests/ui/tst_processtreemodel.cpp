// The process tree's model on snapshots made by hand: rows and parents, processes that go and
// come, a reused pid, the marks, numeric sorting, and a view's selection and expansion kept
// across updates - every change checked by QAbstractItemModelTester.

#include "processtreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTreeView>

#include <functional>
#include <memory>

namespace {

ProcessRow process(pid_t pid, pid_t parent, const QString &command, quint64 start = 1000)
{
    ProcessRow row;
    row.info.pid = pid;
    row.info.ppid = parent > 0 ? parent : 1;
    row.info.pgid = 100;
    row.info.sid = 100;
    row.info.startTime = start;
    row.info.state = 'S';
    row.parentInTree = parent;
    row.name = command.section(QLatin1Char(' '), 0, 0);
    row.commandLine = command;
    row.threads = 1;
    row.residentBytes = 4096 * pid;
    return row;
}

// 100 sh -c ...  ├ 101 sh  │ └ 102 sleep 300  └ 103 cat
ProcessTreeSnapshot firstSnapshot()
{
    ProcessTreeSnapshot snapshot;
    snapshot.runId = 7;
    snapshot.leader = 100;
    snapshot.membersFrom = QStringLiteral("the test");
    snapshot.rows = {process(100, 0, "sh -c work"), process(101, 100, "sh"),
                     process(102, 101, "sleep 300"), process(103, 100, "cat")};
    return snapshot;
}

ProcessTreeSnapshot without(ProcessTreeSnapshot snapshot, pid_t pid)
{
    snapshot.rows.erase(
        std::remove_if(snapshot.rows.begin(), snapshot.rows.end(),
                       [pid](const ProcessRow &row) { return row.info.pid == pid; }),
        snapshot.rows.end());
    return snapshot;
}

} // namespace

class ProcessTreeModelTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ProcessTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QString cell(pid_t pid, int column, int role = Qt::DisplayRole) const
    {
        const ProcessRow *row = nullptr;
        QModelIndex found;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < m_model->rowCount(parent); ++r) {
                const QModelIndex index = m_model->index(r, 0, parent);
                if (m_model->processAt(index)->info.pid == pid)
                    found = index.siblingAtColumn(column);
                walk(index);
            }
        };
        walk({});
        Q_UNUSED(row);
        return found.data(role).toString();
    }
    pid_t parentPid(pid_t pid, quint64 start = 1000) const
    {
        const QModelIndex parent = m_model->indexOf(pid, start).parent();
        return parent.isValid() ? m_model->processAt(parent)->info.pid : 0;
    }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<ProcessTreeModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void rowsAndParents()
    {
        m_model->update(firstSnapshot());
        QCOMPARE(m_model->processCount(), 4);
        QCOMPARE(m_model->rowCount(), 1); // the leader at the top
        QCOMPARE(parentPid(100), 0);
        QCOMPARE(parentPid(101), 100);
        QCOMPARE(parentPid(102), 101);
        QCOMPARE(parentPid(103), 100);
        QCOMPARE(m_model->rowCount(m_model->indexOf(100, 1000)), 2);
        QCOMPARE(cell(102, ProcessTreeModel::Pid), QStringLiteral("102"));
        QCOMPARE(cell(102, ProcessTreeModel::Command), QStringLiteral("sleep 300"));
        QCOMPARE(cell(102, ProcessTreeModel::State), QStringLiteral("sleeping"));
        QCOMPARE(cell(102, ProcessTreeModel::Threads), QStringLiteral("1"));
        QCOMPARE(cell(102, ProcessTreeModel::Memory), QStringLiteral("408 KB"));
        QCOMPARE(cell(102, ProcessTreeModel::Cpu), QString()); // first sample: not known yet
        QVERIFY(!cell(102, ProcessTreeModel::Cpu, Qt::ToolTipRole).isEmpty());
        QCOMPARE(cell(102, ProcessTreeModel::Mark), QString());
        QCOMPARE(cell(102, ProcessTreeModel::Command, Qt::AccessibleDescriptionRole),
                 QStringLiteral("process 102 (sleep)"));
        for (int column = 0; column < ProcessTreeModel::ColumnCount; ++column)
            QVERIFY(!m_model->headerData(column, Qt::Horizontal).toString().isEmpty());
    }

    // A sample with new figures changes cells; one where a process went and another came
    // removes and inserts just those, never a reset, and the rows that stay keep their index.
    void processesLeaveAndCome()
    {
        m_model->update(firstSnapshot());
        const QPersistentModelIndex cat = m_model->indexOf(103, 1000);
        const QPersistentModelIndex leader = m_model->indexOf(100, 1000);
        QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

        ProcessTreeSnapshot next = without(firstSnapshot(), 102);
        next.rows[2].cpuPercent = 12.5; // cat, busy now
        next.rows.append(process(104, 101, "make -j2"));
        m_model->update(next);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), m_model->indexOf(101, 1000));
        QVERIFY(!changed.isEmpty());
        QVERIFY(!m_model->indexOf(102, 1000).isValid());
        QCOMPARE(parentPid(104), 101);
        QVERIFY(cat.isValid());
        QVERIFY(leader.isValid());
        QCOMPARE(cat.data().toString(), QStringLiteral("103"));
        QCOMPARE(cell(103, ProcessTreeModel::Cpu), QStringLiteral("12.5 %"));
        QCOMPARE(cell(103, ProcessTreeModel::Cpu, ProcessTreeModel::RawValueRole).toDouble(), 12.5);

        // The same sample again: nothing to tell a view.
        changed.clear();
        removed.clear();
        inserted.clear();
        m_model->update(next);
        QCOMPARE(changed.count() + removed.count() + inserted.count() + resets.count(), 0);
    }

    // A pid number reused by a new process (another start time) is another row.
    void reusedPidIsANewRow()
    {
        m_model->update(firstSnapshot());
        const QPersistentModelIndex old = m_model->indexOf(102, 1000);
        QVERIFY(old.isValid());
        ProcessTreeSnapshot next = without(firstSnapshot(), 102);
        next.rows.append(process(102, 101, "sleep 5", 2000));
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->update(next);
        QVERIFY(!old.isValid());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(m_model->indexOf(102, 2000).isValid());
        QCOMPARE(cell(102, ProcessTreeModel::Command), QStringLiteral("sleep 5"));
    }

    // A process whose parent ended moves to the top (or wherever its new parent is), keeping
    // its index; its children come along.
    void orphanMovesUp()
    {
        m_model->update(firstSnapshot());
        const QPersistentModelIndex sleeper = m_model->indexOf(102, 1000);
        ProcessTreeSnapshot next = without(firstSnapshot(), 101);
        next.rows[1].parentInTree = 0; // 102, reparented to a subreaper outside the run
        next.rows.append(process(105, 102, "child of sleep"));
        m_model->update(next);
        QVERIFY(sleeper.isValid());
        QCOMPARE(parentPid(102), 0);
        QCOMPARE(parentPid(105), 102);
        QCOMPARE(m_model->rowCount(), 2);
        QVERIFY(!m_model->indexOf(101, 1000).isValid());
    }

    void marks()
    {
        ProcessTreeSnapshot snapshot = firstSnapshot();
        snapshot.rows[2].leftSession = true;
        snapshot.rows[2].leftGroup = true;
        snapshot.rows[3].leftGroup = true;
        m_model->update(snapshot);
        QCOMPARE(cell(102, ProcessTreeModel::Mark), QStringLiteral("left the session"));
        QVERIFY(cell(102, ProcessTreeModel::Mark, Qt::ToolTipRole).contains("session"));
        QCOMPARE(cell(103, ProcessTreeModel::Mark), QStringLiteral("left the group"));
        QVERIFY(cell(103, ProcessTreeModel::Mark, Qt::ToolTipRole).contains("group"));
        QCOMPARE(cell(101, ProcessTreeModel::Mark), QString());
        QCOMPARE(cell(102, ProcessTreeModel::Mark, ProcessTreeModel::RawValueRole).toInt(), 2);

        // It leaves later: the cell changes in place.
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        snapshot.rows[1].leftGroup = true;
        m_model->update(snapshot);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cell(101, ProcessTreeModel::Mark), QStringLiteral("left the group"));
    }

    void statesAndCommands_data()
    {
        QTest::addColumn<char>("state");
        QTest::addColumn<QString>("words");
        QTest::newRow("R") << 'R' << "running";
        QTest::newRow("S") << 'S' << "sleeping";
        QTest::newRow("D") << 'D' << "disk wait";
        QTest::newRow("T") << 'T' << "stopped";
        QTest::newRow("t") << 't' << "stopped by a debugger";
        QTest::newRow("Z") << 'Z' << "zombie";
        QTest::newRow("I") << 'I' << "idle";
        QTest::newRow("?") << '?' << "unknown (?)";
    }
    void statesAndCommands()
    {
        QFETCH(char, state);
        QFETCH(QString, words);
        QCOMPARE(ProcessTreeModel::stateText(state), words);
        ProcessRow row = process(5, 0, "sleep 1");
        row.info.state = state;
        QCOMPARE(ProcessTreeModel::commandText(row),
                 state == 'Z' ? QStringLiteral("[sleep]") : QStringLiteral("sleep 1"));
        row.commandLine.clear(); // a kernel thread, or one whose arguments could not be read
        QCOMPARE(ProcessTreeModel::commandText(row), QStringLiteral("[sleep]"));
    }

    // Numbers sort as numbers: pid 9 before 10, 900 KB before 10 MB.
    void sortsNumbersAsNumbers()
    {
        ProcessTreeSnapshot snapshot;
        snapshot.runId = 3;
        snapshot.rows = {process(10, 0, "a"), process(9, 0, "b"), process(100, 0, "c")};
        snapshot.rows[0].residentBytes = 10 * 1024 * 1024;
        snapshot.rows[1].residentBytes = 900 * 1024;
        snapshot.rows[2].residentBytes = 2 * 1024 * 1024;
        m_model->update(snapshot);
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(m_model.get());
        sorted.setSortRole(ProcessTreeModel::RawValueRole);
        sorted.sort(ProcessTreeModel::Pid);
        QStringList pids;
        for (int r = 0; r < 3; ++r)
            pids << sorted.index(r, ProcessTreeModel::Pid).data().toString();
        QCOMPARE(pids, QStringList({"9", "10", "100"}));
        sorted.sort(ProcessTreeModel::Memory, Qt::DescendingOrder);
        QStringList memory;
        for (int r = 0; r < 3; ++r)
            memory << sorted.index(r, ProcessTreeModel::Pid).data().toString();
        QCOMPARE(memory, QStringList({"10", "100", "9"}));
    }

    // In a view: the current row, the selection and what is expanded or collapsed stay as the
    // user left them across samples that change, add and remove processes.
    void viewStateSurvivesUpdates()
    {
        m_model->update(firstSnapshot());
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(m_model.get());
        sorted.setSortRole(ProcessTreeModel::RawValueRole);
        QTreeView view;
        view.setModel(&sorted);
        view.setSortingEnabled(true);
        view.sortByColumn(ProcessTreeModel::Cpu, Qt::DescendingOrder);
        view.expandAll();
        const auto viewIndex
            = [&](pid_t pid) { return sorted.mapFromSource(m_model->indexOf(pid, 1000)); };
        view.collapse(viewIndex(101));
        view.setCurrentIndex(viewIndex(103));
        QVERIFY(
            view.selectionModel()->isRowSelected(viewIndex(103).row(), viewIndex(103).parent()));

        for (int round = 0; round < 5; ++round) {
            ProcessTreeSnapshot next = firstSnapshot();
            next.rows[3].cpuPercent = 10.0 * round; // cat's CPU moves it in the sort
            next.rows[1].cpuPercent = 25.0;
            if (round % 2 == 1)
                next.rows.append(process(110 + round, 100, "short-lived"));
            m_model->update(next);
            QCOMPARE(view.currentIndex(), viewIndex(103));
            QVERIFY(view.selectionModel()->isRowSelected(viewIndex(103).row(),
                                                         viewIndex(103).parent()));
            QVERIFY(view.isExpanded(viewIndex(100)));
            QVERIFY2(!view.isExpanded(viewIndex(101)), "a collapsed row stays collapsed");
        }
    }

    // Snapshots a sampler should never make are still shown, without crashing: the same
    // process twice, a parent after its child, a cycle.
    void badSnapshots()
    {
        ProcessTreeSnapshot snapshot = firstSnapshot();
        snapshot.rows.append(process(102, 101, "sleep 300")); // twice
        m_model->update(snapshot);
        QCOMPARE(m_model->processCount(), 4);

        ProcessTreeSnapshot childFirst;
        childFirst.runId = 7;
        childFirst.rows = {process(200, 201, "child"), process(201, 100, "parent")};
        m_model->update(childFirst); // 100 gone: 201 at the top, 200 as it can be
        QCOMPARE(m_model->processCount(), 2);

        ProcessTreeSnapshot cycle;
        cycle.runId = 7;
        cycle.rows = {process(200, 201, "a"), process(201, 200, "b")};
        m_model->update(cycle);
        QCOMPARE(m_model->processCount(), 2);

        ProcessTreeSnapshot otherRun = firstSnapshot();
        otherRun.runId = 8;
        QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->update(otherRun);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(m_model->runId(), quint64(8));
        m_model->clear();
        QCOMPARE(m_model->processCount(), 0);
    }
};

QTEST_MAIN(ProcessTreeModelTest)
#include "tst_processtreemodel.moc"
