// The run history at the size the issue names: 100,000 runs. Prints how long the things the
// app does with it take - open (and migrate-check), record a run (start + finish, each its
// own transaction, as the app does), list the newest 200, filter by task - beside the cost of
// filling it in one transaction. Figures, not assertions.
#include "runhistory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double medianMs(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rows = argc > 1 ? std::max(1, atoi(argv[1])) : 100000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QElapsedTimer clock;
    {
        RunHistory history;
        history.open(path);
    }
    {
        // Filled directly, in one transaction: 1,000 tasks, newest last.
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fill"));
        db.setDatabaseName(path);
        db.open();
        clock.start();
        QSqlQuery q(db);
        q.exec(QStringLiteral("BEGIN"));
        q.prepare(QStringLiteral(
            "INSERT INTO runs (task_name, trigger, started_ms, ended_ms, state, outcome,"
            " exit_code, duration_ms, owner_pid, owner_start) VALUES (?, 'manual', ?, ?,"
            " 'finished', 'exited', 0, 1000, 1, 1)"));
        for (int i = 0; i < rows; ++i) {
            q.addBindValue(QStringLiteral("task %1").arg(i % 1000));
            q.addBindValue(qint64(1'700'000'000'000) + i * 1000);
            q.addBindValue(qint64(1'700'000'000'000) + i * 1000 + 1000);
            q.exec();
        }
        q.exec(QStringLiteral("COMMIT"));
        std::printf("fill %d rows in one transaction: %.0f ms\n", rows, clock.nsecsElapsed() / 1e6);
        // As a history that grew run by run would be: its write-ahead log checkpointed.
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fill"));

    const auto recordOne = [](RunHistory &history) {
        RunRecord r;
        r.taskName = QStringLiteral("task 7");
        r.trigger = QStringLiteral("manual");
        r.id = history.recordStart(r);
        r.result.outcome = RunOutcome::Exited;
        r.result.exitCode = 0;
        history.recordFinish(r);
    };
    // The CLI's way: a connection per run, opened, one run recorded, closed.
    std::vector<qint64> open, firstRecord;
    for (int round = 0; round < 21; ++round) {
        RunHistory history;
        clock.start();
        history.open(path);
        open.push_back(clock.nsecsElapsed());
        clock.start();
        recordOne(history);
        firstRecord.push_back(clock.nsecsElapsed());
    }
    // The app's way: one connection, run after run.
    std::vector<qint64> record, newest, byTask;
    RunHistory history;
    history.open(path);
    for (int round = 0; round < 21; ++round) {
        clock.start();
        recordOne(history);
        record.push_back(clock.nsecsElapsed());

        RunHistory::Filter newestFilter;
        newestFilter.limit = 200;
        clock.start();
        const auto latest = history.runs(newestFilter);
        newest.push_back(clock.nsecsElapsed());

        RunHistory::Filter taskFilter;
        taskFilter.taskName = QStringLiteral("task 7");
        clock.start();
        const auto ofTask = history.runs(taskFilter);
        byTask.push_back(clock.nsecsElapsed());
        if (latest.size() != 200 || ofTask.isEmpty())
            std::printf("unexpected: %d newest, %d of the task\n", int(latest.size()),
                        int(ofTask.size()));
    }
    std::printf("history of %d runs, median of 21:\n", rows);
    std::printf("  open (a new connection)              %7.2f ms\n", medianMs(open));
    std::printf("  record a run, first on a connection  %7.2f ms   (the CLI)\n",
                medianMs(firstRecord));
    std::printf("  record a run, connection kept        %7.2f ms   (the app)\n", medianMs(record));
    std::printf("  newest 200                           %7.2f ms\n", medianMs(newest));
    std::printf("  one task's runs (~%d)               %7.2f ms\n", rows / 1000, medianMs(byTask));
    return 0;
}
