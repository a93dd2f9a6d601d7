// The history panel over a history longer than a page, under the offscreen platform: what it
// shows at first and says of the rest, scrolling reading each run once, typing and the outcome
// box finding an old run, literal wildcards, header clicks sorting the whole history, and a
// reload that keeps the user's place and is skipped when nothing was written.

#include "historymodel.h"
#include "historypanel.h"
#include "runhistory.h"
#include "specsnapshot.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int GenerousMs = 30'000;
constexpr int Runs = 650; // three pages and more

} // namespace

class HistoryPanelTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RunHistory m_history;
    qint64 m_ancient = 0;  // the oldest run: timed out, the longest, "attic" in its command
    qint64 m_shortest = 0; // the second oldest: "100% done", 1 ms
    std::unique_ptr<HistoryPanel> m_panel;

    qint64 record(const QString &task, const QString &script, qint64 startedMs, RunOutcome outcome,
                  qint64 durationMs, RunHistory *history = nullptr)
    {
        TaskSpec spec;
        spec.useShell = true;
        spec.shellScript = script;
        RunRecord r;
        r.taskName = task;
        r.trigger = QStringLiteral("manual");
        r.specJson = SpecSnapshot::toJson(spec);
        r.started = QDateTime::fromMSecsSinceEpoch(startedMs);
        RunHistory &into = history ? *history : m_history;
        r.id = into.recordStart(r);
        r.result.outcome = outcome;
        r.result.exitCode = 0;
        r.result.duration = std::chrono::milliseconds(durationMs);
        r.ended = r.started.addMSecs(durationMs);
        return into.recordFinish(r) ? r.id : 0;
    }

    QLineEdit *filter() { return m_panel->findChild<QLineEdit *>(QStringLiteral("historyFilter")); }
    QComboBox *outcome()
    {
        return m_panel->findChild<QComboBox *>(QStringLiteral("historyOutcome"));
    }
    QLabel *count() { return m_panel->findChild<QLabel *>(QStringLiteral("historyCount")); }
    qint64 idAt(int row)
    {
        return m_panel->model()->index(row, 0).data(HistoryModel::RunIdRole).toLongLong();
    }
    void clickHeader(int section)
    {
        QHeaderView *header = m_panel->view()->horizontalHeader();
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(section) + 5, header->height() / 2));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_history.open(m_dir.filePath(QStringLiteral("history.sqlite"))).ok);
        const qint64 start = 1'700'000'000'000;
        m_ancient
            = record(QStringLiteral("ancient backup"), QStringLiteral("rsync /home /mnt/attic"),
                     start, RunOutcome::TimedOut, 3'600'000);
        m_shortest = record(QStringLiteral("100% done"), QStringLiteral("true"), start + 1000,
                            RunOutcome::Exited, 1);
        QVERIFY(m_ancient > 0 && m_shortest > 0);
        // "build 100" .. "build 199" would match "100%" if % were a wildcard.
        for (int i = 2; i < Runs; ++i)
            QVERIFY(record(QStringLiteral("build %1").arg(i), QStringLiteral("make"),
                           start + i * 1000, RunOutcome::Exited, 1000 + i)
                    > 0);
    }

    void init()
    {
        m_panel = std::make_unique<HistoryPanel>();
        m_panel->resize(900, 400);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->setHistory(&m_history);
        // Read after the window is up (a queued call).
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->rowCount() > 0, GenerousMs);
    }

    void cleanup() { m_panel.reset(); }

    void opensWithAPageAndSaysHowManyMatch()
    {
        QCOMPARE(m_panel->model()->rowCount(), HistoryModel::PageSize);
        QCOMPARE(m_panel->visibleRuns(), Runs);
        QCOMPARE(idAt(0), m_history.runs().first().id); // newest first
        // The label follows once the count is made, after the rows are shown.
        QTRY_COMPARE_WITH_TIMEOUT(count()->text(), QStringLiteral("showing 200 of 650 runs"),
                                  GenerousMs);
        QCOMPARE(count()->accessibleName(), count()->text());
    }

    void scrollingReadsEveryRunOnce()
    {
        m_panel->view()->scrollToBottom();
        // The view asks the model for the next page when it reaches the end.
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->rowCount() > HistoryModel::PageSize, GenerousMs);
        while (m_panel->model()->canFetchMore({}))
            m_panel->model()->fetchMore({});
        QVector<qint64> shown;
        for (int row = 0; row < m_panel->model()->rowCount(); ++row)
            shown.append(idAt(row));
        QVector<qint64> all;
        for (const RunRecord &r : m_history.runs())
            all.append(r.id);
        QCOMPARE(shown, all);
        QCOMPARE(count()->text(), QStringLiteral("650 runs"));
    }

    void typingFindsAnOldRun()
    {
        QTest::keyClicks(filter(), QStringLiteral("ATTIC")); // the command, in another case
        // Read again after a pause in the typing.
        QTRY_COMPARE_WITH_TIMEOUT(m_panel->visibleRuns(), 1, GenerousMs);
        QCOMPARE(m_panel->model()->rowCount(), 1);
        QCOMPARE(idAt(0), m_ancient);
        QCOMPARE(count()->text(), QStringLiteral("1 run"));
        QVERIFY(m_panel->recordOf(m_ancient));
    }

    void enterFiltersAtOnceAndWildcardsAreLiteral()
    {
        filter()->setText(QStringLiteral("100%"));
        QTest::keyClick(filter(), Qt::Key_Return);
        QCOMPARE(m_panel->visibleRuns(), 1); // no wait: Enter applies it
        QCOMPARE(idAt(0), m_shortest);
        filter()->setText(QStringLiteral("zzz-none"));
        QTest::keyClick(filter(), Qt::Key_Return);
        QCOMPARE(m_panel->visibleRuns(), 0);
        QCOMPARE(count()->text(), QStringLiteral("No runs match"));
    }

    void theOutcomeBoxFindsAnOldRun()
    {
        outcome()->setCurrentIndex(outcome()->findData(QStringLiteral("timed out")));
        QCOMPARE(m_panel->visibleRuns(), 1);
        QCOMPARE(idAt(0), m_ancient);
        outcome()->setCurrentIndex(outcome()->findData(QStringLiteral("succeeded")));
        QCOMPARE(m_panel->visibleRuns(), Runs - 1);
    }

    void aHeaderClickSortsTheWholeHistory()
    {
        clickHeader(HistoryModel::Duration); // the longest first
        QCOMPARE(idAt(0), m_ancient);
        QCOMPARE(m_panel->view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        clickHeader(HistoryModel::Duration); // then the shortest
        QCOMPARE(idAt(0), m_shortest);
        QCOMPARE(m_panel->visibleRuns(), Runs);
        clickHeader(HistoryModel::Task); // A-Z: "100% done" before "ancient", then "build"s
        QCOMPARE(idAt(0), m_shortest);
        QCOMPARE(idAt(1), m_ancient);
        clickHeader(HistoryModel::Started);
        QCOMPARE(idAt(0), m_history.runs().first().id);

        // With a filter on: the same runs, in another order.
        filter()->setText(QStringLiteral("build"));
        QTest::keyClick(filter(), Qt::Key_Return);
        QCOMPARE(m_panel->visibleRuns(), Runs - 2);
        clickHeader(HistoryModel::Duration);
        QCOMPARE(m_panel->visibleRuns(), Runs - 2);
        QCOMPARE(m_panel->model()->rowCount(), HistoryModel::PageSize);
        QCOMPARE(idAt(0), m_history.runs().first().id); // the newest build is the longest
    }

    // Last: it records runs.
    void aReloadKeepsThePlaceAndIsSkippedWhenNothingWasWritten()
    {
        QTableView *view = m_panel->view();
        view->selectRow(5); // and 7: two rows, more than the current one
        view->selectionModel()->select(m_panel->model()->index(7, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QList<qint64> selected = {idAt(5), idAt(7)};
        QCOMPARE(m_panel->selectedRuns(), selected);
        view->scrollTo(m_panel->model()->index(120, 0), QAbstractItemView::PositionAtTop);
        const int scroll = view->verticalScrollBar()->value();
        QVERIFY(scroll > 0);
        QSignalSpy resets(m_panel->model(), &QAbstractItemModel::modelReset);
        m_panel->reload();
        QCOMPARE(resets.count(), 0); // nothing written: nothing read

        RunHistory other; // another program (the CLI) records a run
        QVERIFY(other.open(m_dir.filePath(QStringLiteral("history.sqlite"))).ok);
        const qint64 fresh = record(QStringLiteral("fresh"), QStringLiteral("true"),
                                    1'800'000'000'000, RunOutcome::Exited, 5, &other);
        m_panel->reload();
        QCOMPARE(resets.count(), 1);
        QCOMPARE(idAt(0), fresh);
        QCOMPARE(m_panel->selectedRuns(), selected);
        QCOMPARE(view->verticalScrollBar()->value(), scroll);
        QCOMPARE(m_panel->visibleRuns(), Runs + 1);

        record(QStringLiteral("ours"), QStringLiteral("true"), 1'800'000'001'000,
               RunOutcome::Exited, 5); // this connection's own write counts too
        m_panel->reload();
        QCOMPARE(resets.count(), 2);
        QCOMPARE(m_panel->visibleRuns(), Runs + 2);
    }
};

QTEST_MAIN(HistoryPanelTest)
#include "tst_historypanel.moc"
