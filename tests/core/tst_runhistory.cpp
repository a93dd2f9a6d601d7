// The run history: what is written is read back, several programs write at once without
// losing a row, an older schema is migrated, and a damaged or unwritable file loses nothing.

#include "runhistory.h"

#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr int GenerousMs = 120'000;

mode_t modeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0xFFFF;
}
} // namespace

class RunHistoryTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString dbPath(const char *name = "history.sqlite") const
    {
        return m_dir.filePath(QLatin1String(name));
    }

private Q_SLOTS:
    void cleanup()
    {
        for (const QString &name : QDir(m_dir.path()).entryList(QDir::Files))
            QFile::remove(m_dir.filePath(name));
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
                " owner_pid, owner_start) VALUES ('old', 'manual', 1, 'finished', 'exited', 7,"
                " 1, 1)")));
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
        RunRecord record;
        record.taskName = QStringLiteral("new");
        record.id = history.recordStart(record);
        record.cpuMs = 42;
        QVERIFY(history.recordFinish(record));
        QCOMPARE(history.run(record.id)->cpuMs, 42);
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
};

QTEST_GUILESS_MAIN(RunHistoryTest)
#include "tst_runhistory.moc"
