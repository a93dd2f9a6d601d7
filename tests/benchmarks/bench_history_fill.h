#pragma once
// A history of the size the issue names, for bench_history and bench_historypanel: ROWS runs of
// 1,000 tasks, one a second, newest last, with the mix a long-used history has - mostly
// successes, some failures, timeouts, stops and kills, a few interrupted runs and one still
// running; triggers manual, cli and rerun; scripts and programs with arguments. One old run
// (the 43rd) is the only one of a task named "nightly-backup": a filter that reads only the
// newest rows never finds it.
#include "runhistory.h"
#include "specsnapshot.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVector>

namespace BenchHistory {

inline const QString RareTask = QStringLiteral("nightly-backup");
constexpr int RareRow = 42;

inline TaskSpec specOfTask(int task)
{
    TaskSpec spec;
    if (task % 3 == 0) {
        spec.program = QStringLiteral("/usr/bin/make");
        spec.arguments = {QStringLiteral("-C"), QStringLiteral("/src/project%1").arg(task),
                          QStringLiteral("all")};
    } else {
        spec.useShell = true;
        spec.shellScript
            = QStringLiteral("cd /src/project%1 && ./build.sh --jobs 4 && echo done").arg(task);
        spec.environment.insert(QStringLiteral("CC"), QStringLiteral("gcc"));
    }
    spec.timeout = std::chrono::milliseconds(task % 2 ? 60000 : 0);
    return spec;
}

// Creates (through RunHistory, so with the current schema) and fills PATH in one transaction.
inline bool fill(const QString &path, int rows, int tasks = 1000)
{
    {
        RunHistory history;
        if (!history.open(path).ok)
            return false;
    }
    QVector<QByteArray> specs;
    for (int task = 0; task < tasks; ++task)
        specs.append(SpecSnapshot::toJson(specOfTask(task)));
    bool ok = true;
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-fill"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        ok = ok && q.exec(QStringLiteral("BEGIN"));
        q.prepare(QStringLiteral(
            "INSERT INTO runs (task_id, task_name, spec_json, search, trigger, started_ms,"
            " ended_ms, state, outcome, exit_code, signal, duration_ms, log_path, owner_pid,"
            " owner_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)"));
        for (int i = 0; ok && i < rows; ++i) {
            const int task = i % tasks;
            const qint64 started = qint64(1'700'000'000'000) + qint64(i) * 1000;
            const qint64 duration = (qint64(i) * 7919) % 600'000;
            QString state = QStringLiteral("finished");
            QVariant outcome = QStringLiteral("exited");
            QVariant exitCode = 0;
            int signal = 0;
            if (i == rows - 1) {
                state = QStringLiteral("running");
            } else if (i % 997 == 7) {
                state = QStringLiteral("interrupted");
            } else if (i % 50 == 1) {
                outcome = QStringLiteral("timed-out");
            } else if (i % 50 == 2) {
                outcome = QStringLiteral("killed");
                signal = 9;
            } else if (i % 50 == 3) {
                outcome = QStringLiteral("stopped");
                signal = 15;
            } else if (i % 97 == 4) {
                outcome = QStringLiteral("crashed");
                signal = 11;
            } else if (i % 101 == 5) {
                outcome = QStringLiteral("failed-to-start");
            } else if (i % 7 == 0) {
                exitCode = i % 5 + 1;
            }
            if (state != QLatin1String("finished") || outcome != QLatin1String("exited"))
                exitCode = QVariant();
            if (state != QLatin1String("finished"))
                outcome = QVariant();
            const QString name = i == RareRow ? RareTask : QStringLiteral("task %1").arg(task);
            const QString trigger = i % 10 == 0   ? QStringLiteral("cli")
                                    : i % 10 == 1 ? QStringLiteral("rerun")
                                                  : QStringLiteral("manual");
            q.addBindValue(QStringLiteral("id-%1").arg(task));
            q.addBindValue(name);
            q.addBindValue(specs[task]);
            q.addBindValue(RunHistory::searchText(name, trigger, specs[task]));
            q.addBindValue(trigger);
            q.addBindValue(started);
            q.addBindValue(state == QLatin1String("finished") ? QVariant(started + duration)
                                                              : QVariant());
            q.addBindValue(state);
            q.addBindValue(outcome);
            q.addBindValue(exitCode);
            q.addBindValue(signal);
            q.addBindValue(state == QLatin1String("finished") ? duration : 0);
            q.addBindValue(
                QStringLiteral("/home/user/.local/share/taskrunner/logs/run-%1.log").arg(i));
            ok = q.exec();
        }
        ok = ok && q.exec(QStringLiteral("COMMIT"));
        // As a history that grew run by run would be: its write-ahead log checkpointed.
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-fill"));
    return ok;
}

} // namespace BenchHistory
