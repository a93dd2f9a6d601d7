// The run history at the size the issue names: 100,000 runs of 1,000 tasks. Prints how long
// the things the programs do with it take - open (and migrate-check), record a run (start +
// finish, each its own transaction, as the app does), list the newest 200, filter by task -
// and what the history panel asks of it: each filter and sort as the panel runs it now (SQL
// over every row: the first page and the count of matches) beside the panel before it (the
// newest 5,000 rows read, then a QSortFilterProxyModel), in the same run, with how many runs
// each finds. Figures, not assertions.
//   bench_history [ROWS] [--keep PATH]   (--keep: build the history at PATH and leave it)
#include "bench_history_fill.h"
#include "bench_history_old.h"
#include "runhistory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

double medianMs(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1e6;
}

constexpr int Rounds = 21;

// The median of ROUNDS runs of work, after one run to warm the caches; prepare runs before
// each, untimed.
double timeMs(const std::function<void()> &work, const std::function<void()> &prepare = {})
{
    std::vector<qint64> ns;
    QElapsedTimer clock;
    for (int round = 0; round <= Rounds; ++round) {
        if (prepare)
            prepare();
        clock.start();
        work();
        if (round > 0)
            ns.push_back(clock.nsecsElapsed());
    }
    return medianMs(ns);
}

struct PanelCase
{
    const char *what;
    RunQuery query; // the new panel's
    // The old panel's: its text and kind filter, its proxy's sort.
    QString oldText;
    QString oldKind;
    int oldColumn = OldPanel::Started;
    Qt::SortOrder oldOrder = Qt::DescendingOrder;
};

// The new panel's work for a filter or a sort: the first page, and the count of matches when
// the page is full (HistoryModel::requery).
qint64 panelQuery(const RunHistory &history, RunQuery query, int *pageRuns = nullptr)
{
    query.limit = 200;
    const RunPage page = history.page(query);
    if (pageRuns)
        *pageRuns = int(page.runs.size());
    return page.more ? history.count(query) : page.runs.size();
}

void comparePanels(RunHistory &history, int rows)
{
    const auto text = [](const char *words) {
        RunQuery query;
        query.text = QString::fromUtf8(words);
        return query;
    };
    RunQuery timedOut;
    timedOut.kind = RunQuery::Kind::TimedOut;
    RunQuery interrupted;
    interrupted.kind = RunQuery::Kind::Interrupted;
    RunQuery byDuration;
    byDuration.sort = RunQuery::SortKey::Duration;
    RunQuery byTask;
    byTask.sort = RunQuery::SortKey::Task;
    byTask.order = Qt::AscendingOrder;
    RunQuery textByDuration = text("task 42");
    textByDuration.sort = RunQuery::SortKey::Duration;
    RunQuery failedByExit;
    failedByExit.kind = RunQuery::Kind::Failed;
    failedByExit.sort = RunQuery::SortKey::ExitCode;
    const QString rare = BenchHistory::RareTask;
    const std::vector<PanelCase> cases = {
        {"open: newest first", RunQuery(), {}, {}},
        {"text 'task 42' (11 tasks)", text("task 42"), QStringLiteral("task 42"), {}},
        {"text 'nightly-backup' (1 old run)", text("nightly-backup"), rare, {}},
        {"text 'build.sh' (a command)", text("build.sh"), QStringLiteral("build.sh"), {}},
        {"text 'project42 ' (a command)", text("project42 "), QStringLiteral("project42 "), {}},
        {"text 'timed out' (outcome words)", text("timed out"), QStringLiteral("timed out"), {}},
        {"text 'zzz' (no match)", text("zzz"), QStringLiteral("zzz"), {}},
        {"outcome: timed out", timedOut, {}, QStringLiteral("timed out")},
        {"outcome: interrupted", interrupted, {}, QStringLiteral("interrupted")},
        {"sort: duration, longest first", byDuration, {}, {}, OldPanel::Duration},
        {"sort: task A-Z", byTask, {}, {}, OldPanel::Task, Qt::AscendingOrder},
        {"sort: failed, by exit code", failedByExit, {}, QStringLiteral("failed"), OldPanel::Exit},
        {"text 'task 42', by duration",
         textByDuration,
         QStringLiteral("task 42"),
         {},
         OldPanel::Duration},
    };

    OldPanel::Model oldModel;
    OldPanel::Filter oldFilter;
    oldFilter.setSourceModel(&oldModel);
    std::printf("\nthe history panel, %d runs (median of %d; finds: the runs it can show)\n", rows,
                Rounds);
    std::printf("  %-36s %10s %8s   %10s %8s\n", "", "old ms", "finds", "new ms", "finds");
    for (const PanelCase &c : cases) {
        double oldMs = 0;
        if (c.query.text.isEmpty() && !c.query.kind && c.query.sort == RunQuery::SortKey::Started) {
            // Opening: the newest 5,000 read, sorted by the proxy as the view asked.
            oldFilter.text.clear();
            oldFilter.kind.clear();
            oldFilter.refilter();
            oldFilter.sort(OldPanel::Started, Qt::DescendingOrder);
            oldMs = timeMs([&] { oldModel.reload(&history); });
        } else {
            // The rows already read: the proxy filters and sorts them.
            oldModel.reload(&history);
            oldMs = timeMs(
                [&] {
                    oldFilter.text = c.oldText;
                    oldFilter.kind = c.oldKind;
                    oldFilter.refilter();
                    oldFilter.sort(c.oldColumn, c.oldOrder);
                },
                [&] {
                    oldFilter.text.clear();
                    oldFilter.kind.clear();
                    oldFilter.refilter();
                    oldFilter.sort(OldPanel::Started, Qt::DescendingOrder);
                });
        }
        const int oldFinds = oldFilter.rowCount();

        qint64 newFinds = 0;
        const double newMs = timeMs([&] { newFinds = panelQuery(history, c.query); });
        std::printf("  %-36s %10.2f %8d   %10.2f %8lld\n", c.what, oldMs, oldFinds, newMs,
                    static_cast<long long>(newFinds));
    }

    // What one of the two costs: the first page alone, the count alone.
    std::printf("\n  the new panel's work, split              first page     count\n");
    for (const PanelCase &c : cases) {
        RunQuery query = c.query;
        query.limit = 200;
        const double pageMs = timeMs([&] { history.page(query); });
        const double countMs = timeMs([&] { history.count(query); });
        std::printf("  %-36s %10.2f %10.2f\n", c.what, pageMs, countMs);
    }

    // Scrolling: the page after row 200 and after row 50,000 (keyset: no offset to skip).
    RunQuery deep;
    deep.limit = std::min(50'000, rows / 2);
    const RunPage far = history.page(deep);
    RunQuery next;
    next.limit = 200;
    next.after = far.next;
    const double deepMs = timeMs([&] { history.page(next); });
    next.after = history
                     .page([] {
                         RunQuery q;
                         q.limit = 200;
                         return q;
                     }())
                     .next;
    const double secondMs = timeMs([&] { history.page(next); });
    std::printf("\n  next page of 200, after row 200          %10.2f\n", secondMs);
    std::printf("  next page of 200, after row %-6d       %10.2f\n", int(deep.limit), deepMs);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int rows = 100000;
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("history.sqlite"));
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--keep") && i + 1 < args.size()) {
            path = args[++i];
            QFile::remove(path);
        } else {
            rows = std::max(1, args[i].toInt());
        }
    }
    QElapsedTimer clock;
    clock.start();
    if (!BenchHistory::fill(path, rows)) {
        std::fprintf(stderr, "could not fill %s\n", qPrintable(path));
        return 1;
    }
    std::printf("fill %d rows in one transaction: %.0f ms\n", rows, clock.nsecsElapsed() / 1e6);

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
    comparePanels(history, rows);

    // Once per file: schema 3 to 4 (the search column filled from each run's snapshot, two
    // indexes), on a copy turned back into schema 3.
    const QString old = path + QStringLiteral(".v3");
    QFile::remove(old);
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("downgrade"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("VACUUM INTO '%1'").arg(old)); // the test's own temporary path
        db.close();
        db.setDatabaseName(old);
        db.open();
        for (const char *sql : {"DROP INDEX runs_by_start_covering", "DROP INDEX runs_by_duration",
                                "ALTER TABLE runs DROP COLUMN search",
                                "CREATE INDEX runs_by_start ON runs(started_ms)",
                                "PRAGMA user_version = 3", "VACUUM", "PRAGMA journal_mode = WAL"}) {
            if (!q.exec(QString::fromLatin1(sql)))
                std::printf("downgrade: %s: %s\n", sql, qPrintable(q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("downgrade"));
    const qint64 schema3Bytes = QFileInfo(old).size();
    clock.start();
    RunHistory migrated;
    const bool ok = migrated.open(old).ok;
    std::printf("\nmigrate %d runs from schema 3 to 4 (once): %.0f ms%s\n", rows,
                clock.nsecsElapsed() / 1e6, ok ? "" : " - FAILED");
    std::printf("file size: %.1f MB at schema 3, %.1f MB once migrated to 4\n", schema3Bytes / 1e6,
                QFileInfo(old).size() / 1e6);
    return 0;
}
