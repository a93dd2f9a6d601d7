// A task's trends from the history: which runs count, and how - averages, the slowest, the
// failure rate, what is left out - over a history the test writes into a SQLite file of its own,
// through RunHistory as the app does. And the cache that keeps them between tooltips.

#include "runhistory.h"
#include "tasktrends.h"
#include "tasktrendscache.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 Start = 1'700'000'000'000; // the first run's start; each next one a minute on

// A run as a test row gives it.
struct Past
{
    RunOutcome outcome = RunOutcome::Exited;
    int exitCode = 0;
    qint64 durationMs = 1000;
    RunRecord::State state = RunRecord::State::Finished;
    QString taskId = QStringLiteral("t1");
    QString taskName = QStringLiteral("build");
};

Past ok(qint64 ms)
{
    return Past{RunOutcome::Exited, 0, ms};
}
Past ended(RunOutcome outcome, qint64 ms, int exitCode = -1)
{
    return Past{outcome, exitCode, ms};
}
Past state(RunRecord::State state)
{
    Past past;
    past.state = state;
    return past;
}

// Records the runs, a minute apart, oldest first; interrupted ones are marked so in the file
// (the app does it for a run whose program died; ours is alive).
bool record(RunHistory &history, const QString &path, const QVector<Past> &runs)
{
    QVector<qint64> interrupted;
    qint64 startedMs = Start;
    for (const Past &past : runs) {
        RunRecord record;
        record.taskId = past.taskId;
        record.taskName = past.taskName;
        record.trigger = QStringLiteral("manual");
        record.started = QDateTime::fromMSecsSinceEpoch(startedMs, Qt::UTC);
        startedMs += 60'000;
        record.id = history.recordStart(record);
        if (record.id <= 0)
            return false;
        if (past.state == RunRecord::State::Interrupted)
            interrupted.append(record.id);
        if (past.state != RunRecord::State::Finished)
            continue;
        record.result.outcome = past.outcome;
        record.result.exitCode = past.exitCode;
        record.result.duration = std::chrono::milliseconds(past.durationMs);
        record.ended = record.started.addMSecs(past.durationMs);
        if (!history.recordFinish(record))
            return false;
    }
    if (interrupted.isEmpty())
        return true;
    bool ok = true;
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("marker"));
        db.setDatabaseName(path);
        ok = db.open();
        for (qint64 id : interrupted) {
            QSqlQuery q(db);
            ok = ok
                 && q.exec(
                     QStringLiteral("UPDATE runs SET state = 'interrupted' WHERE id = %1").arg(id));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("marker"));
    return ok;
}

} // namespace

class TestTaskTrends : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("history-%1.sqlite").arg(++m_file));
        m_history = std::make_unique<RunHistory>();
        QVERIFY(m_history->open(m_path).ok);
    }
    void cleanup() { m_history.reset(); }

    void figures_data()
    {
        QTest::addColumn<QVector<Past>>("runs");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("succeeded");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("stopped");
        QTest::addColumn<int>("running");
        QTest::addColumn<int>("interrupted");
        QTest::addColumn<qint64>("averageMs"); // -1: none
        QTest::addColumn<int>("slowestIndex"); // in the runs shown, oldest first; -1: none
        QTest::addColumn<qint64>("slowestMs"); // -1: none
        QTest::addColumn<int>("ratePercent");  // -1: none

        QTest::newRow("no runs") << QVector<Past>{} << 0 << 0 << 0 << 0 << 0 << 0 << qint64(-1)
                                 << -1 << qint64(-1) << -1;
        QTest::newRow("all succeeded") << QVector<Past>{ok(1000), ok(3000), ok(2000)} << 3 << 3 << 0
                                       << 0 << 0 << 0 << qint64(2000) << 1 << qint64(3000) << 0;
        // Every way to fail counts: an exit code, a crash, a timeout, a failed start; the
        // average is of the successful runs only, the slowest of all that ran.
        QTest::newRow("failures of each kind")
            << QVector<Past>{ok(1000),
                             ended(RunOutcome::Exited, 500, 2),
                             ok(3000),
                             ended(RunOutcome::Crashed, 100),
                             ended(RunOutcome::TimedOut, 9000),
                             ended(RunOutcome::FailedToStart, 0)}
            << 6 << 2 << 4 << 0 << 0 << 0 << qint64(2000) << 4 << qint64(9000) << 67;
        // Stop and Kill are the user's: finished, not failed - a server stopped by hand.
        QTest::newRow("stopped and killed are not failures")
            << QVector<Past>{ok(1000), ended(RunOutcome::Stopped, 60000),
                             ended(RunOutcome::Killed, 200), ended(RunOutcome::Exited, 10, 1)}
            << 4 << 1 << 1 << 2 << 0 << 0 << qint64(1000) << 1 << qint64(60000) << 25;
        // Never started: not a run of the window at all (nor counted, nor in the rate).
        QTest::newRow("skipped and cancelled left out")
            << QVector<Past>{ok(1000), ended(RunOutcome::Skipped, 0),
                             ended(RunOutcome::Cancelled, 0), ended(RunOutcome::Exited, 10, 3)}
            << 2 << 1 << 1 << 0 << 0 << 0 << qint64(1000) << 0 << qint64(1000) << 50;
        // Shown, but with no duration and no verdict: not in the rate, the average, the slowest.
        QTest::newRow("running and interrupted not counted")
            << QVector<Past>{ok(2000), state(RunRecord::State::Interrupted),
                             state(RunRecord::State::Running)}
            << 3 << 1 << 0 << 0 << 1 << 1 << qint64(2000) << 0 << qint64(2000) << 0;
        QTest::newRow("only a running one")
            << QVector<Past>{state(RunRecord::State::Running)} << 1 << 0 << 0 << 0 << 1 << 0
            << qint64(-1) << -1 << qint64(-1) << -1;
        // The first of two equally slow runs is the slowest: it took that long first.
        QTest::newRow("a tie for the slowest")
            << QVector<Past>{ok(100), ok(3000), ok(3000)} << 3 << 3 << 0 << 0 << 0 << 0
            << qint64(2033) << 1 << qint64(3000) << 0;
        // Only the last 20: five old failures fall out of the window.
        QVector<Past> many(5, ended(RunOutcome::Exited, 50'000, 1));
        many += QVector<Past>(20, ok(1000));
        QTest::newRow("the last 20 of 25")
            << many << 20 << 20 << 0 << 0 << 0 << 0 << qint64(1000) << 0 << qint64(1000) << 0;
        QVector<Past> recent = QVector<Past>(20, ok(1000)) + QVector<Past>(3, ok(7000));
        recent += QVector<Past>(2, ended(RunOutcome::TimedOut, 8000));
        QTest::newRow("recent failures in the window")
            << recent << 20 << 18 << 2 << 0 << 0 << 0 << qint64(2000) << 18 << qint64(8000) << 10;
    }
    void figures()
    {
        QFETCH(QVector<Past>, runs);
        QVERIFY(record(*m_history, m_path, runs));
        const TaskTrends trends = TaskTrends::ofTask(*m_history, QStringLiteral("t1"));
        QFETCH(int, count);
        QCOMPARE(trends.runs.size(), count);
        QCOMPARE(trends.isEmpty(), count == 0);
        QFETCH(int, succeeded);
        QFETCH(int, failed);
        QFETCH(int, stopped);
        QFETCH(int, running);
        QFETCH(int, interrupted);
        QCOMPARE(trends.succeeded, succeeded);
        QCOMPARE(trends.failed, failed);
        QCOMPARE(trends.stopped, stopped);
        QCOMPARE(trends.running, running);
        QCOMPARE(trends.interrupted, interrupted);
        QCOMPARE(trends.notStarted, 0); // the history leaves them out
        QFETCH(qint64, averageMs);
        QCOMPARE(trends.averageSuccess ? trends.averageSuccess->count() : -1, averageMs);
        QFETCH(int, slowestIndex);
        QFETCH(qint64, slowestMs);
        QCOMPARE(trends.slowestIndex, slowestIndex);
        QCOMPARE(trends.slowest() ? trends.slowest()->duration->count() : -1, slowestMs);
        QFETCH(int, ratePercent);
        QCOMPARE(trends.failureRate() ? qRound(*trends.failureRate() * 100) : -1, ratePercent);
        // Oldest first, each with its start and its row.
        for (int i = 1; i < trends.runs.size(); ++i)
            QVERIFY(trends.runs.at(i - 1).started < trends.runs.at(i).started);
        for (const TaskTrends::Run &run : trends.runs) {
            QVERIFY(run.recordId > 0);
            QCOMPARE(run.duration.has_value(), run.state == RunRecord::State::Finished);
        }
    }

    // Given records straight (not through the history), the ones that never started are
    // counted apart and play no part in the figures.
    void notStartedGivenDirectly()
    {
        QVector<RunRecord> records(3);
        for (int i = 0; i < records.size(); ++i) {
            records[i].id = i + 1;
            records[i].state = RunRecord::State::Finished;
            records[i].started = QDateTime::fromMSecsSinceEpoch(Start + i, Qt::UTC);
            records[i].result.outcome = RunOutcome::Exited;
            records[i].result.exitCode = 0;
            records[i].result.duration = std::chrono::milliseconds(400);
        }
        records[1].result.outcome = RunOutcome::Skipped;
        records[1].result.duration = std::chrono::milliseconds(99'000);
        const TaskTrends trends = TaskTrends::fromRecords(QStringLiteral("x"), records);
        QCOMPARE(trends.notStarted, 1);
        QCOMPARE(trends.finished(), 2);
        QCOMPARE(trends.longest().count(), qint64(400));
        QVERIFY(!trends.runs.at(1).duration);
        QCOMPARE(trends.runs.at(1).verdict, TaskTrends::Verdict::NotStarted);
    }

    // A task is its id: renamed, its runs stay its own; another task that took the old name
    // (another id) has its own; a quick run (no id) belongs to none.
    void renamedTaskKeepsItsRuns()
    {
        Past before = ok(1000);
        before.taskName = QStringLiteral("old name");
        Past after = ended(RunOutcome::Exited, 3000, 1);
        after.taskName = QStringLiteral("new name");
        Past impostor = ok(50'000);
        impostor.taskId = QStringLiteral("t2");
        impostor.taskName = QStringLiteral("old name");
        Past quick = ok(70'000);
        quick.taskId.clear();
        quick.taskName = QStringLiteral("old name");
        QVERIFY(record(*m_history, m_path, {before, impostor, after, quick}));
        const TaskTrends trends = TaskTrends::ofTask(*m_history, QStringLiteral("t1"));
        QCOMPARE(trends.runs.size(), 2);
        QCOMPARE(trends.succeeded, 1);
        QCOMPARE(trends.failed, 1);
        QCOMPARE(trends.longest().count(), qint64(3000));
        QCOMPARE(TaskTrends::ofTask(*m_history, QStringLiteral("t2")).runs.size(), 1);
        QVERIFY(TaskTrends::ofTask(*m_history, QString()).isEmpty());
        QVERIFY(TaskTrends::ofTask(*m_history, QStringLiteral("nobody")).isEmpty());
    }

    void countIsTheWindow()
    {
        QVERIFY(record(*m_history, m_path, QVector<Past>(8, ok(10))));
        QCOMPARE(TaskTrends::ofTask(*m_history, QStringLiteral("t1"), 5).runs.size(), 5);
        QCOMPARE(TaskTrends::ofTask(*m_history, QStringLiteral("t1"), 0).runs.size(), 0);
        QCOMPARE(m_history->lastRunsOfTask(QStringLiteral("t1"), -3).size(), 0);
        // Newest first from the history; the newest row is the last recorded.
        const QVector<RunRecord> last = m_history->lastRunsOfTask(QStringLiteral("t1"), 3);
        QCOMPARE(last.size(), 3);
        QVERIFY(last.at(0).id > last.at(1).id && last.at(1).id > last.at(2).id);
    }

    // A history that is not open has no runs, and says nothing wrong.
    void closedHistory()
    {
        RunHistory closed;
        QVERIFY(TaskTrends::ofTask(closed, QStringLiteral("t1")).isEmpty());
        TaskTrendsCache cache;
        cache.setHistory(&closed);
        QVERIFY(cache.trends(QStringLiteral("t1")).isEmpty());
    }

    // Read once, kept; read again once told the task's runs moved, or when another program
    // wrote to the history.
    void cacheReadsOnlyWhenStale()
    {
        QVERIFY(record(*m_history, m_path, {ok(1000)}));
        TaskTrendsCache cache;
        cache.setHistory(m_history.get());
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 1);
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 1);
        QCOMPARE(cache.reads(), 1);

        // Our own connection writes: the cache is told by the run manager, not by the stamp.
        QVERIFY(record(*m_history, m_path, {ok(2000)}));
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 1);
        QSignalSpy changed(&cache, &TaskTrendsCache::changed);
        cache.invalidate(QStringLiteral("t1"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toString(), QStringLiteral("t1"));
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 2);
        QCOMPARE(cache.reads(), 2);

        // Another program (the CLI) records a run: any task may have moved.
        {
            RunHistory other;
            QVERIFY(other.open(m_path).ok);
            QVERIFY(record(other, m_path, {ok(3000)}));
        }
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 3);
        QCOMPARE(cache.reads(), 3);
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 3);
        QCOMPARE(cache.reads(), 3);

        cache.setRunCount(2);
        QCOMPARE(cache.trends(QStringLiteral("t1")).runs.size(), 2);
        QCOMPARE(cache.trends(QStringLiteral("t1")).asked, 2);
    }

    // The cost with 10,000 runs of 50 tasks: one task's last 20 through the index.
    void costWithTenThousandRuns()
    {
        QVERIFY(fill(10'000, 50));
        QElapsedTimer timer;
        timer.start();
        const TaskTrends trends = TaskTrends::ofTask(*m_history, QStringLiteral("task-7"));
        const qint64 firstUs = timer.nsecsElapsed() / 1000;
        QCOMPARE(trends.runs.size(), 20);
        constexpr int Rounds = 200;
        timer.restart();
        for (int i = 0; i < Rounds; ++i)
            TaskTrends::ofTask(*m_history, QStringLiteral("task-%1").arg(i % 50));
        const qint64 eachUs = timer.nsecsElapsed() / 1000 / Rounds;
        qInfo("TaskTrends::ofTask over 10,000 runs: first %lld us, then %lld us each", firstUs,
              eachUs);
        // An index lookup, not a scan: well under a frame even on a loaded machine.
        QVERIFY2(eachUs < 20'000, qPrintable(QStringLiteral("%1 us").arg(eachUs)));
    }

private:
    // count runs round-robin over tasks, in one transaction of another connection (as fast as
    // SQLite writes, not a commit per run).
    bool fill(int count, int tasks)
    {
        bool ok = true;
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("filler"));
            db.setDatabaseName(m_path);
            ok = db.open() && db.transaction();
            QSqlQuery q(db);
            ok = ok
                 && q.prepare(QStringLiteral(
                     "INSERT INTO runs (task_id, task_name, trigger, started_ms, ended_ms, state,"
                     " outcome, exit_code, duration_ms, owner_pid, owner_start)"
                     " VALUES (?, ?, 'manual', ?, ?, 'finished', 'exited', ?, ?, 1, 1)"));
            for (int i = 0; ok && i < count; ++i) {
                const QString task = QStringLiteral("task-%1").arg(i % tasks);
                q.addBindValue(task);
                q.addBindValue(task);
                q.addBindValue(Start + i * 1000LL);
                q.addBindValue(Start + i * 1000LL + 500);
                q.addBindValue(i % 7 == 0 ? 1 : 0);
                q.addBindValue(100 + i % 900);
                ok = q.exec();
            }
            ok = ok && db.commit();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("filler"));
        return ok;
    }

    QTemporaryDir m_dir;
    QString m_path;
    int m_file = 0;
    std::unique_ptr<RunHistory> m_history;
};

QTEST_GUILESS_MAIN(TestTaskTrends)
#include "tst_tasktrends.moc"
