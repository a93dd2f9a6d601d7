// The run history: what is written is read back, several programs write at once without
// losing a row, an older schema is migrated, and a damaged or unwritable file loses nothing.

#include "runhistory.h"
#include "specsnapshot.h"

#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

Q_DECLARE_METATYPE(RunQuery)

namespace {
constexpr int GenerousMs = 120'000;

mode_t modeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0xFFFF;
}

// A run as the panel's tests want it, recorded through RunHistory as the app does. The command
// is kept beside it as the test says it should read: the script, or the program and its
// arguments joined by spaces.
struct Run
{
    QString task;
    QString trigger = QStringLiteral("manual");
    QString script; // a script, or, when empty, program + arguments
    QStringList program = {QStringLiteral("/bin/true")};
    qint64 startedMs = 1'700'000'000'000;
    RunRecord::State state = RunRecord::State::Finished;
    RunOutcome outcome = RunOutcome::Exited;
    int exitCode = 0;
    int signal = 0;
    qint64 durationMs = 1000;

    QString command() const { return script.isEmpty() ? program.join(QLatin1Char(' ')) : script; }
};

// Every run the history holds, with the command each was given: the reference the queries are
// checked against.
struct Reference
{
    QVector<RunRecord> records;
    QHash<qint64, QString> commands;
};

qint64 record(RunHistory &history, const Run &run, Reference *reference = nullptr)
{
    TaskSpec spec;
    if (!run.script.isEmpty()) {
        spec.useShell = true;
        spec.shellScript = run.script;
    } else {
        spec.program = run.program.first();
        spec.arguments = run.program.mid(1);
    }
    RunRecord r;
    r.taskName = run.task;
    r.trigger = run.trigger;
    r.specJson = SpecSnapshot::toJson(spec);
    r.started = QDateTime::fromMSecsSinceEpoch(run.startedMs);
    r.id = history.recordStart(r);
    if (run.state == RunRecord::State::Finished) {
        r.result.outcome = run.outcome;
        r.result.exitCode = run.exitCode;
        r.result.signal = run.signal;
        r.result.duration = std::chrono::milliseconds(run.durationMs);
        r.ended = r.started.addMSecs(run.durationMs);
        if (!history.recordFinish(r))
            return 0;
    }
    if (reference)
        reference->commands.insert(r.id, run.command());
    return r.id;
}

// The query's rows as the spec says, from every record: the filters in C++, the order by
// the column's value, then start, then id, all in the one direction.
QVector<qint64> expected(const Reference &reference, const RunQuery &query)
{
    const auto exitKey = [](const RunRecord &r) {
        const bool finished = r.state == RunRecord::State::Finished;
        if (finished && r.result.outcome == RunOutcome::Exited)
            return qint64(r.result.exitCode);
        if (finished && r.result.signal)
            return qint64(1000 + r.result.signal);
        return qint64(-1);
    };
    QVector<RunRecord> rows;
    for (const RunRecord &r : reference.records) {
        if (!query.taskName.isEmpty() && r.taskName != query.taskName)
            continue;
        if (query.kind && RunQuery::kindOf(r) != *query.kind)
            continue;
        const QString &t = query.text;
        if (!t.isEmpty() && !r.taskName.contains(t, Qt::CaseInsensitive)
            && !r.trigger.contains(t, Qt::CaseInsensitive)
            && !reference.commands.value(r.id).contains(t, Qt::CaseInsensitive)
            && !RunQuery::outcomeWords(r).contains(t, Qt::CaseInsensitive))
            continue;
        rows.append(r);
    }
    const auto compare = [&](const RunRecord &a, const RunRecord &b) -> int {
        const auto cmp = [](const auto &x, const auto &y) { return x < y ? -1 : y < x ? 1 : 0; };
        int c = 0;
        switch (query.sort) {
        case RunQuery::SortKey::Started:
            break;
        case RunQuery::SortKey::Task:
            c = cmp(a.taskName.toUtf8(), b.taskName.toUtf8()); // SQLite's BINARY: UTF-8 bytes
            break;
        case RunQuery::SortKey::Trigger:
            c = cmp(a.trigger.toUtf8(), b.trigger.toUtf8());
            break;
        case RunQuery::SortKey::Outcome:
            c = cmp(int(RunQuery::kindOf(a)), int(RunQuery::kindOf(b)));
            break;
        case RunQuery::SortKey::ExitCode:
            c = cmp(exitKey(a), exitKey(b));
            break;
        case RunQuery::SortKey::Duration:
            c = cmp(a.state == RunRecord::State::Finished ? a.result.duration.count() : 0,
                    b.state == RunRecord::State::Finished ? b.result.duration.count() : 0);
            break;
        }
        if (c == 0)
            c = cmp(a.started.toMSecsSinceEpoch(), b.started.toMSecsSinceEpoch());
        if (c == 0)
            c = cmp(a.id, b.id);
        return query.order == Qt::DescendingOrder ? -c : c;
    };
    std::sort(rows.begin(), rows.end(),
              [&](const RunRecord &a, const RunRecord &b) { return compare(a, b) < 0; });
    QVector<qint64> ids;
    for (const RunRecord &r : rows)
        ids.append(r.id);
    return ids;
}

// Every row of the query, a page of PAGE at a time, following the cursor.
QVector<qint64> pageThrough(const RunHistory &history, RunQuery query, int page,
                            const std::function<void()> &betweenPages = {})
{
    QVector<qint64> ids;
    query.limit = page;
    for (int pages = 0; pages < 10'000; ++pages) {
        const RunPage got = history.page(query);
        for (const RunRecord &r : got.runs)
            ids.append(r.id);
        if (!got.more)
            break;
        query.after = got.next;
        if (betweenPages)
            betweenPages();
    }
    return ids;
}

QString describe(const QVector<qint64> &ids)
{
    QStringList words;
    for (qint64 id : ids.mid(0, 30))
        words.append(QString::number(id));
    return QStringLiteral("%1 rows: %2%3")
        .arg(ids.size())
        .arg(words.join(QLatin1Char(' ')), ids.size() > 30 ? QStringLiteral(" ...") : QString());
}

} // namespace

class RunHistoryTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_variedDir; // kept across the cases: filled once
    Reference m_varied;
    QString dbPath(const char *name = "history.sqlite") const
    {
        return m_dir.filePath(QLatin1String(name));
    }

    // 300 runs with every outcome, ties in every column, and names that hold LIKE's wildcards,
    // quotes, a backslash and letters beyond ASCII; some left running, some interrupted.
    bool fillVaried(RunHistory &history, Reference &reference, const QString &path)
    {
        const QStringList names = {QStringLiteral("100%"),    QStringLiteral("100 percent"),
                                   QStringLiteral("a_b"),     QStringLiteral("axb"),
                                   QStringLiteral("o'brien"), QStringLiteral("say \"hi\""),
                                   QStringLiteral("c:\\dir"), QStringLiteral("ünïcode"),
                                   QStringLiteral("Zeta"),    QStringLiteral("alpha")};
        const QList<RunOutcome> outcomes
            = {RunOutcome::Exited,  RunOutcome::Crashed, RunOutcome::TimedOut,
               RunOutcome::Stopped, RunOutcome::Killed,  RunOutcome::FailedToStart};
        QVector<qint64> toInterrupt;
        for (int i = 0; i < 300; ++i) {
            Run run;
            run.task
                = i % 3 == 0 ? names[i % names.size()] : QStringLiteral("deploy %1").arg(i % 7);
            run.trigger = i % 5 == 0 ? QStringLiteral("cli") : QStringLiteral("manual");
            if (i % 4 == 0)
                run.script = QStringLiteral("make -j%1 all").arg(i % 3);
            else
                run.program = {QStringLiteral("/usr/bin/tool"), QStringLiteral("--force"),
                               QStringLiteral("arg %1").arg(i % 11)};
            // Three runs share each start, and ids do not follow starts (a clock set back, a
            // run recorded late).
            run.startedMs += ((i * 37) % 100) * 1000;
            run.outcome = i % 9 < 4 ? RunOutcome::Exited : outcomes[i % outcomes.size()];
            run.exitCode = run.outcome == RunOutcome::Exited ? (i % 3 == 0 ? 0 : i % 5) : 0;
            run.signal = run.outcome == RunOutcome::Crashed   ? 11
                         : run.outcome == RunOutcome::Killed  ? 9
                         : run.outcome == RunOutcome::Stopped ? 15
                                                              : 0;
            run.durationMs = (i * 37) % 50; // many equal
            if (i % 23 == 0)
                run.state = RunRecord::State::Running; // ours: it stays running
            const qint64 id = record(history, run, &reference);
            if (id <= 0)
                return false;
            if (i % 46 == 0)
                toInterrupt.append(id); // as the app marks runs whose program died
        }
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("mark"));
            db.setDatabaseName(path);
            if (!db.open())
                return false;
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE runs SET state = 'interrupted' WHERE id = ?"));
            for (qint64 id : std::as_const(toInterrupt)) {
                q.addBindValue(id);
                if (!q.exec())
                    return false;
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("mark"));
        reference.records = history.runs();
        return reference.records.size() == 300;
    }

private Q_SLOTS:
    void cleanup()
    {
        for (const QString &name : QDir(m_dir.path()).entryList(QDir::Files))
            QFile::remove(m_dir.filePath(name));
    }

    // What a run ran with keeps its limits: a rerun from the history must not run without them.
    void specSnapshotKeepsLimits()
    {
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("make"));
        const QByteArray plain = SpecSnapshot::toJson(spec);
        QVERIFY2(!plain.contains("Max"), plain.constData());
        QVERIFY(SpecSnapshot::fromJson(plain)->limits.isEmpty());
        spec.limits.memoryMaxBytes = quint64(1) << 40;
        spec.limits.cpuMaxCores = 0.33;
        spec.limits.pidsMax = 4194304;
        const std::optional<TaskSpec> back = SpecSnapshot::fromJson(SpecSnapshot::toJson(spec));
        QVERIFY(back);
        QCOMPARE(back->limits, spec.limits);
    }

    void recordsRoundTrip()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        RunRecord first;
        first.taskName = QStringLiteral("build");
        first.trigger = QStringLiteral("manual");
        first.specJson = R"({"script":"make"})";
        first.started = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000);
        first.logPath = QStringLiteral("/tmp/x.log");
        first.id = history.recordStart(first);
        QVERIFY(first.id > 0);
        QCOMPARE(history.run(first.id)->state, RunRecord::State::Running);

        first.result.outcome = RunOutcome::TimedOut;
        first.result.signal = 0;
        first.result.duration = std::chrono::milliseconds(1234);
        first.result.processesSignalled = 3;
        first.result.escapeesFound = 1;
        first.stdoutBytes = 10;
        first.stderrBytes = 20;
        first.stdoutLines = 1;
        first.stderrLines = 2;
        first.ended = first.started.addMSecs(1234);
        QVERIFY(history.recordFinish(first));

        RunRecord second;
        second.taskName = QStringLiteral("test");
        second.trigger = QStringLiteral("cli");
        second.started = first.started.addSecs(60);
        second.id = history.recordStart(second);
        second.result.outcome = RunOutcome::Exited;
        second.result.exitCode = 2;
        QVERIFY(history.recordFinish(second));

        const QVector<RunRecord> all = history.runs();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].id, second.id); // newest first
        const RunRecord &read = all[1];
        QCOMPARE(read.taskName, QStringLiteral("build"));
        QCOMPARE(read.trigger, QStringLiteral("manual"));
        QCOMPARE(read.specJson, first.specJson);
        QCOMPARE(read.started, first.started);
        QCOMPARE(read.ended, first.ended);
        QCOMPARE(read.state, RunRecord::State::Finished);
        QCOMPARE(read.result.outcome, RunOutcome::TimedOut);
        QCOMPARE(read.result.exitCode, -1);
        QCOMPARE(read.result.duration.count(), 1234);
        QCOMPARE(read.result.processesSignalled, 3);
        QCOMPARE(read.result.escapeesFound, 1);
        QCOMPARE(read.stderrBytes, 20);
        QCOMPARE(read.stderrLines, 2);
        QCOMPARE(read.logPath, QStringLiteral("/tmp/x.log"));
        QCOMPARE(read.cpuMs, -1);
        QCOMPARE(all[0].result.exitCode, 2);

        RunHistory::Filter filter;
        filter.taskName = QStringLiteral("build");
        QCOMPARE(history.runs(filter).size(), 1);
        filter.taskName.clear();
        filter.limit = 1;
        QCOMPARE(history.runs(filter).size(), 1);
        QVERIFY(history.remove(first.id));
        QVERIFY(!history.run(first.id));

        // Private, whatever the umask: the database and its write-ahead log.
        QCOMPARE(modeOf(dbPath()), mode_t(0600));
        QCOMPARE(modeOf(dbPath() + QStringLiteral("-wal")), mode_t(0600));
    }

    void eachTasksNewestRun()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        for (const char *task : {"a", "b", "a", ""}) {
            RunRecord record;
            record.taskId = QLatin1String(task);
            record.taskName = QStringLiteral("name-") + QLatin1String(task);
            record.id = history.recordStart(record);
            record.result.outcome = RunOutcome::Exited;
            record.result.exitCode = int(record.id);
            QVERIFY(history.recordFinish(record));
        }
        const QHash<QString, RunRecord> latest = history.latestPerTask();
        QCOMPARE(latest.size(), 2); // the run without a task id is no task's
        QCOMPARE(latest.value(QStringLiteral("a")).result.exitCode, 3);
        QCOMPARE(latest.value(QStringLiteral("b")).result.exitCode, 2);
    }

    void severalProgramsWriteAtOnce()
    {
        // Four programs, 150 runs each, all at once: every row arrives.
        {
            RunHistory history; // created first, so the writers race on rows, not on the schema
            QVERIFY(history.open(dbPath()).ok);
        }
        constexpr int Writers = 4;
        constexpr int Runs = 150;
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < Writers; ++i) {
            writers.push_back(std::make_unique<QProcess>());
            writers.back()->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            writers.back()->start(QStringLiteral(HISTORYWRITER),
                                  {dbPath(), QString::number(Runs), QStringLiteral("finish")});
        }
        for (auto &writer : writers) {
            QVERIFY(writer->waitForFinished(GenerousMs));
            QCOMPARE(writer->exitCode(), 0);
        }
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        const QVector<RunRecord> all = history.runs();
        QCOMPARE(all.size(), Writers * Runs);
        QSet<qint64> ids;
        for (const RunRecord &record : all) {
            ids.insert(record.id);
            QCOMPARE(record.state, RunRecord::State::Finished);
        }
        QCOMPARE(ids.size(), Writers * Runs);
    }

    void anOlderSchemaIsMigrated()
    {
        // A history of schema 1, as the first version wrote it, with a run in it.
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT "
                "NULL DEFAULT '', task_name TEXT NOT NULL, spec_json BLOB, trigger TEXT NOT "
                "NULL, started_ms INTEGER NOT NULL, ended_ms INTEGER, state TEXT NOT NULL, "
                "outcome TEXT, exit_code INTEGER, signal INTEGER NOT NULL DEFAULT 0, "
                "error_text TEXT, duration_ms INTEGER NOT NULL DEFAULT 0, processes_signalled "
                "INTEGER NOT NULL DEFAULT 0, escapees INTEGER NOT NULL DEFAULT 0, leftovers "
                "INTEGER NOT NULL DEFAULT 0, stdout_bytes INTEGER NOT NULL DEFAULT 0, "
                "stderr_bytes INTEGER NOT NULL DEFAULT 0, stdout_lines INTEGER NOT NULL "
                "DEFAULT 0, stderr_lines INTEGER NOT NULL DEFAULT 0, log_path TEXT, owner_pid "
                "INTEGER NOT NULL, owner_start INTEGER NOT NULL)")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO runs (task_name, trigger, started_ms, state, outcome, exit_code,"
                " owner_pid, owner_start, spec_json) VALUES ('old', 'manual', 1, 'finished',"
                " 'exited', 7, 1, 1, '{\"script\":\"rsync /Home /Attic\"}')")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        const QVector<RunRecord> all = history.runs();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].taskName, QStringLiteral("old"));
        QCOMPARE(all[0].result.exitCode, 7);
        QCOMPARE(all[0].maxRssKb, -1); // the new column, empty
        // Schema 4: the old run's command is found by the text filter, in any case.
        RunQuery byCommand;
        byCommand.text = QStringLiteral("/home /attic");
        QCOMPARE(history.count(byCommand), qint64(1));
        QCOMPARE(history.page(byCommand).runs.value(0).id, all[0].id);
        RunRecord record;
        record.taskName = QStringLiteral("new");
        record.id = history.recordStart(record);
        record.cpuMs = 42;
        QVERIFY(history.recordFinish(record));
        QCOMPARE(history.run(record.id)->cpuMs, 42);
    }

    // Schema 5 -> 6: the runs' curves get a table of their own; the runs stay as they were,
    // with no samples, and a removed run takes its samples with it.
    void aSchema5HistoryGetsRoomForSamples()
    {
        qint64 old = 0;
        {
            RunHistory history;
            QVERIFY(history.open(dbPath()).ok);
            Run before;
            before.task = QStringLiteral("before");
            old = record(history, before);
            QVERIFY(old > 0);
        }
        {
            // What schema 5 was: this one without the table.
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TABLE run_samples")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 5")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));
        RunHistory history;
        const RunHistory::OpenResult opened = history.open(dbPath());
        QVERIFY2(opened.ok, qPrintable(opened.error));
        QCOMPARE(history.run(old)->taskName, QStringLiteral("before"));
        QVERIFY(history.samples(old).isEmpty()); // an old run: no curve, not an error
        QVERIFY(history.recordSamples(old, QByteArray("curve")));
        QCOMPARE(history.samples(old), QByteArray("curve"));
        QVERIFY(history.recordSamples(old, QByteArray("again"))); // replaces
        QCOMPARE(history.samples(old), QByteArray("again"));
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v6"));
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 6);
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v6"));
        QVERIFY(history.remove(old));
        QVERIFY(history.samples(old).isEmpty());
        QVERIFY(!history.recordSamples(0, QByteArray("no run")));
    }

    void aDamagedFileIsKeptAside()
    {
        const QByteArray garbage = QByteArray("this is not a database\n").repeated(300);
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(garbage);
        file.close();
        {
            // Read-only users (the CLI) leave it alone and say so.
            RunHistory history;
            const RunHistory::OpenResult opened = history.open(dbPath(), false);
            QVERIFY(!opened.ok);
            QCOMPARE(opened.problem, RunHistory::OpenProblem::Damaged);
            QVERIFY2(opened.error.contains(dbPath()), qPrintable(opened.error));
        }
        RunHistory history;
        const RunHistory::OpenResult opened = history.open(dbPath());
        QVERIFY2(opened.ok, qPrintable(opened.error));
        QVERIFY(!opened.backupPath.isEmpty());
        QFile backup(opened.backupPath);
        QVERIFY(backup.open(QIODevice::ReadOnly));
        QCOMPARE(backup.readAll(), garbage); // the user's bytes, untouched
        RunRecord record;
        record.taskName = QStringLiteral("after");
        QVERIFY(history.recordStart(record) > 0);
    }

    void aNewerSchemaIsNotTouched()
    {
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v99"));
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v99"));
        RunHistory history;
        const RunHistory::OpenResult opened = history.open(dbPath());
        QVERIFY(!opened.ok);
        QVERIFY2(opened.error.contains(QLatin1String("newer")), qPrintable(opened.error));
        QVERIFY(opened.backupPath.isEmpty());
    }

    void anUnwritableFileTurnsHistoryOff()
    {
        {
            RunHistory history;
            QVERIFY(history.open(dbPath()).ok);
        }
        ::chmod(QFile::encodeName(dbPath()).constData(), 0644);
        ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
        // Root may write anything: open it as user 65534 would (this thread's file-system
        // identity), for whom the file is read-only.
        const bool root = ::geteuid() == 0;
        if (root)
            ::setfsuid(65534);
        RunHistory history;
        const RunHistory::OpenResult opened = history.open(dbPath());
        RunRecord record;
        const qint64 id = history.recordStart(record);
        if (root)
            ::setfsuid(0);
        ::chmod(QFile::encodeName(m_dir.path()).constData(), 0700);
        if (!root)
            QSKIP("needs root to take another identity");
        QVERIFY(!opened.ok);
        QCOMPARE(opened.problem, RunHistory::OpenProblem::Unwritable);
        QVERIFY(opened.backupPath.isEmpty());
        QCOMPARE(id, 0);
        QVERIFY(QFile::exists(dbPath()));
    }

    void runsOfAProgramThatDiedAreInterrupted()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        RunRecord mine;
        mine.taskName = QStringLiteral("mine");
        mine.id = history.recordStart(mine); // this program lives: stays running
        QProcess writer;
        writer.start(QStringLiteral(HISTORYWRITER),
                     {dbPath(), QStringLiteral("2"), QStringLiteral("start-only")});
        QVERIFY(writer.waitForFinished(GenerousMs));
        QCOMPARE(writer.exitCode(), 0);
        // A reader sees them without writing (the app marks them, and says so at its start).
        QCOMPARE(history.interruptedRuns().size(), 2);
        QCOMPARE(history.interruptedRuns().size(), 2);
        QCOMPARE(history.markInterrupted(), 2);
        QCOMPARE(history.markInterrupted(), 0); // once
        int interrupted = 0;
        for (const RunRecord &record : history.runs())
            interrupted += record.state == RunRecord::State::Interrupted;
        QCOMPARE(interrupted, 2);
        QCOMPARE(history.run(mine.id)->state, RunRecord::State::Running);
    }

    // The panel's queries over every row, against the reference: each filter, each order both
    // ways, and some of them together, read in one go and a page at a time; the count.
    void queriesMatchTheReference_data()
    {
        QTest::addColumn<RunQuery>("query");
        const auto make = [](RunQuery::SortKey sort, Qt::SortOrder order, const QString &text = {},
                             std::optional<RunQuery::Kind> kind = std::nullopt) {
            RunQuery query;
            query.sort = sort;
            query.order = order;
            query.text = text;
            query.kind = kind;
            return query;
        };
        const QList<QPair<const char *, RunQuery::SortKey>> keys = {
            {"started", RunQuery::SortKey::Started},    {"task", RunQuery::SortKey::Task},
            {"trigger", RunQuery::SortKey::Trigger},    {"outcome", RunQuery::SortKey::Outcome},
            {"exit code", RunQuery::SortKey::ExitCode}, {"duration", RunQuery::SortKey::Duration}};
        for (const auto &[name, key] : keys) {
            QTest::addRow("all by %s, descending", name) << make(key, Qt::DescendingOrder);
            QTest::addRow("all by %s, ascending", name) << make(key, Qt::AscendingOrder);
        }
        for (RunQuery::Kind kind :
             {RunQuery::Kind::Succeeded, RunQuery::Kind::Failed, RunQuery::Kind::TimedOut,
              RunQuery::Kind::Stopped, RunQuery::Kind::Interrupted, RunQuery::Kind::Running})
            QTest::addRow("kind %s", qPrintable(RunQuery::kindName(kind)))
                << make(RunQuery::SortKey::Started, Qt::DescendingOrder, {}, kind);
        for (const char *text :
             {"%",       "_",          "'",        "\"",      "\\",     "100%",      "a_b",
              "o'brien", "say \"hi\"", "c:\\dir",  "ÜNÏ",     "deploy", "DEPLOY",    "manual",
              "CLI",     "make -j",    "--force",  "exit 3",  "failed", "timed out", "interrupted",
              "running", "killed",     "exited 0", "xyz-none"})
            QTest::addRow("text [%s]", text)
                << make(RunQuery::SortKey::Started, Qt::DescendingOrder, QString::fromUtf8(text));
        QTest::addRow("failed, by exit code")
            << make(RunQuery::SortKey::ExitCode, Qt::DescendingOrder, {}, RunQuery::Kind::Failed);
        QTest::addRow("text 'deploy', by duration, ascending")
            << make(RunQuery::SortKey::Duration, Qt::AscendingOrder, QStringLiteral("deploy"));
        QTest::addRow("text 'o', stopped, by task")
            << make(RunQuery::SortKey::Task, Qt::AscendingOrder, QStringLiteral("o"),
                    RunQuery::Kind::Stopped);
        RunQuery task = make(RunQuery::SortKey::Duration, Qt::DescendingOrder);
        task.taskName = QStringLiteral("deploy 3");
        QTest::addRow("task 'deploy 3', by duration") << task;
    }

    void queriesMatchTheReference()
    {
        QFETCH(RunQuery, query);
        const QString path = m_variedDir.filePath(QStringLiteral("varied.sqlite"));
        RunHistory history;
        QVERIFY(history.open(path).ok);
        if (m_varied.records.isEmpty())
            QVERIFY(fillVaried(history, m_varied, path));
        const Reference &reference = m_varied;
        const QVector<qint64> want = expected(reference, query);
        // Each row has runs to find but the one meant to find none.
        QVERIFY(!want.isEmpty() || query.text == QLatin1String("xyz-none"));
        const QVector<qint64> all = pageThrough(history, query, 0); // no limit: one read
        QVERIFY2(all == want,
                 qPrintable(QStringLiteral("got %1\nwant %2").arg(describe(all), describe(want))));
        for (int page : {1, 7, 64}) {
            const QVector<qint64> paged = pageThrough(history, query, page);
            QVERIFY2(paged == want, qPrintable(QStringLiteral("pages of %1: got %2\nwant %3")
                                                   .arg(page)
                                                   .arg(describe(paged), describe(want))));
        }
        QCOMPARE(history.count(query), qint64(want.size()));
    }

    // The point of asking SQL: an old run, far past the first page, is found by every filter.
    void filtersFindAnOldRunBeyondTheFirstPage()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        Run ancient;
        ancient.task = QStringLiteral("ancient backup");
        ancient.script = QStringLiteral("rsync --archive /home /mnt/attic");
        ancient.outcome = RunOutcome::TimedOut;
        ancient.durationMs = 3'600'000;
        const qint64 oldest = record(history, ancient);
        QVERIFY(oldest > 0);
        for (int i = 1; i <= 3 * 200; ++i) {
            Run run;
            run.task = QStringLiteral("build %1").arg(i % 20);
            run.startedMs += i * 1000;
            run.durationMs = i;
            QVERIFY(record(history, run) > 0);
        }
        RunQuery query;
        query.limit = 200;
        QCOMPARE(history.count(query), qint64(601));
        for (const RunRecord &r : history.page(query).runs)
            QVERIFY(r.id != oldest); // not on the first page
        for (const QString &text :
             {QStringLiteral("ancient"), QStringLiteral("ATTIC"), QStringLiteral("timed out")}) {
            query.text = text;
            const RunPage page = history.page(query);
            QCOMPARE(page.runs.size(), 1);
            QCOMPARE(page.runs.first().id, oldest);
            QVERIFY(!page.more);
            QCOMPARE(history.count(query), qint64(1));
        }
        query.text.clear();
        query.kind = RunQuery::Kind::TimedOut;
        QCOMPARE(history.page(query).runs.first().id, oldest);
        query.kind.reset();
        query.sort = RunQuery::SortKey::Duration; // the longest first
        QCOMPARE(history.page(query).runs.first().id, oldest);
        query.order = Qt::AscendingOrder;
        QVERIFY(history.page(query).runs.first().id != oldest);
    }

    // % _ \ ' " in the filter are characters, never wildcards or SQL.
    void filterTextIsLiteral_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("found");
        QTest::newRow("%") << QStringLiteral("%") << QStringList{QStringLiteral("100%")};
        QTest::newRow("_") << QStringLiteral("_") << QStringList{QStringLiteral("a_b")};
        QTest::newRow("a_b") << QStringLiteral("a_b") << QStringList{QStringLiteral("a_b")};
        QTest::newRow("\\") << QStringLiteral("\\") << QStringList{QStringLiteral("c:\\dir")};
        QTest::newRow("\\d") << QStringLiteral("\\d") << QStringList{QStringLiteral("c:\\dir")};
        QTest::newRow("'") << QStringLiteral("'") << QStringList{QStringLiteral("it's")};
        QTest::newRow("\"") << QStringLiteral("\"") << QStringList{QStringLiteral("say \"hi\"")};
        QTest::newRow("') OR 1=1 --") << QStringLiteral("') OR 1=1 --") << QStringList();
        QTest::newRow("%%") << QStringLiteral("%%") << QStringList();
    }

    void filterTextIsLiteral()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, found);
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        for (const char *task : {"100%", "100 percent", "a_b", "axb", "ab", "c:\\dir", "c:dir",
                                 "it's", "its", "say \"hi\"", "say hi"}) {
            Run run;
            run.task = QString::fromUtf8(task);
            QVERIFY(record(history, run) > 0);
        }
        RunQuery query;
        query.text = text;
        QStringList got;
        for (const RunRecord &r : history.page(query).runs)
            got.append(r.taskName);
        QCOMPARE(got, found);
        QCOMPARE(history.count(query), qint64(found.size()));
    }

    // Keyset pages: each row once, in order, through ties in every key - and while runs are
    // recorded between the pages (they would shift an offset).
    void pagingGivesEveryRowOnce()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        QVector<qint64> before;
        for (int i = 0; i < 150; ++i) {
            Run run;
            run.task = QStringLiteral("t%1").arg(i % 3);
            run.startedMs += (i / 10) * 1000; // ten runs share each start
            run.durationMs = i % 4;
            run.exitCode = i % 2;
            before.append(record(history, run));
        }
        for (RunQuery::SortKey key :
             {RunQuery::SortKey::Started, RunQuery::SortKey::Task, RunQuery::SortKey::Duration,
              RunQuery::SortKey::Outcome, RunQuery::SortKey::ExitCode}) {
            for (Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
                RunQuery query;
                query.sort = key;
                query.order = order;
                int added = 0;
                const QVector<qint64> ids = pageThrough(history, query, 11, [&] {
                    Run late; // newest of all: before the cursor when newest first
                    late.task = QStringLiteral("t1");
                    late.startedMs += 999'000 + added++;
                    QVERIFY(record(history, late) > 0);
                });
                QSet<qint64> seen;
                for (qint64 id : ids)
                    QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("%1 twice").arg(id)));
                for (qint64 id : std::as_const(before))
                    QVERIFY2(ids.contains(id), qPrintable(QStringLiteral("%1 missing").arg(id)));
            }
        }
    }

    // What a reader compares to skip a reload: a write here or by another program changes
    // it, a read does not.
    void theChangeStampMovesWithWrites()
    {
        RunHistory history;
        QVERIFY(history.open(dbPath()).ok);
        const RunHistory::ChangeStamp start = history.changeStamp();
        history.page(RunQuery());
        QCOMPARE(history.changeStamp(), start);
        Run run;
        run.task = QStringLiteral("ours");
        QVERIFY(record(history, run) > 0);
        const RunHistory::ChangeStamp ours = history.changeStamp();
        QVERIFY(ours != start);
        {
            RunHistory other;
            QVERIFY(other.open(dbPath()).ok);
            run.task = QStringLiteral("theirs");
            QVERIFY(record(other, run) > 0);
        }
        QVERIFY(history.changeStamp() != ours);
    }
};

QTEST_GUILESS_MAIN(RunHistoryTest)
#include "tst_runhistory.moc"
