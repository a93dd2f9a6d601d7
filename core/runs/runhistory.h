#pragma once

#include "runquery.h"
#include "runrecord.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

// Every run, kept in SQLite (~/.local/share/taskrunner/history.sqlite, mode 0600): the GUI and
// any number of CLI runs write to it at once. WAL, so readers never block the writer; a busy
// timeout and short immediate transactions, so concurrent writers wait their turn instead of
// failing; a schema version (PRAGMA user_version) with migrations run in order at open.
//
// Each instance has a connection of its own and must be used from the thread that opened it.
class RunHistory
{
public:
    static constexpr int SchemaVersion = 5;
    static constexpr int BusyTimeoutMs = 5000;

    enum class OpenProblem { None, Damaged, Unwritable, Other };
    struct OpenResult
    {
        bool ok = true;
        OpenProblem problem = OpenProblem::None;
        QString error;      // for the user
        QString backupPath; // where a damaged file was kept aside
    };

    RunHistory();
    ~RunHistory();
    RunHistory(const RunHistory &) = delete;
    RunHistory &operator=(const RunHistory &) = delete;

    static QString defaultPath();

    // Opens (creating, migrating) the database. A damaged file is never written over: with
    // keepDamagedAside it is renamed to path.corrupt-<time> and a fresh one started (the GUI);
    // without, it is left as it is and the open fails (the CLI, which only records and lists).
    // forWriting: it must take writes (recording runs); a reader (history, log) also opens one
    // it may only read.
    OpenResult open(const QString &path, bool keepDamagedAside = true, bool forWriting = true);
    bool isOpen() const { return m_open; }
    QString lastError() const { return m_lastError; }

    // A new row for a run that starts now (state Running, started and the owner filled in);
    // its id, or 0 on failure.
    qint64 recordStart(const RunRecord &record);
    // Completes the row: state Finished, the result, the counts, the end time.
    bool recordFinish(const RunRecord &record);

    struct Filter
    {
        QString taskName; // exact; empty: all
        int limit = 0;    // 0: all
    };
    // Newest first.
    QVector<RunRecord> runs(const Filter &filter) const;
    QVector<RunRecord> runs() const;
    // The runs that match the query, in its order: at most query.limit of them, after
    // query.after. Filtered, sorted and paged by SQLite over every row.
    RunPage page(const RunQuery &query) const;
    // How many runs match the query's filters (its order, limit and cursor play no part); -1 on
    // failure.
    qint64 count(const RunQuery &query) const;
    // What the text filter matches as a run's command: the script, or the program and its
    // arguments joined by spaces (unquoted); empty when the snapshot has neither.
    static QString commandOf(const QByteArray &specJson);
    // What the text filter reads of a run, stored with it (the search column): the task name,
    // the trigger and the command, a line each, case-folded.
    static QString searchText(const QString &taskName, const QString &trigger,
                              const QByteArray &specJson);

    // Changes to compare: equal stamps mean no row was written in between, by this connection
    // or any other (a reader can skip its reload).
    struct ChangeStamp
    {
        qint64 ours = -1;   // SQLite's total_changes(): this connection's writes
        qint64 others = -1; // PRAGMA data_version: moves when another connection commits
        bool operator==(const ChangeStamp &o) const { return ours == o.ours && others == o.others; }
        bool operator!=(const ChangeStamp &o) const { return !(*this == o); }
    };
    ChangeStamp changeStamp() const;
    std::optional<RunRecord> run(qint64 id) const;
    // Each library task's newest run, by task id (runs without a task id left out).
    QHash<QString, RunRecord> latestPerTask() const;
    // The library task's newest runs, newest first, at most limit of them, by task id (a
    // renamed task keeps its runs), leaving out the runs that never started (Skipped, Cancelled).
    // Read through runs_by_task_id: as cheap with 100,000 runs as with 100.
    QVector<RunRecord> lastRunsOfTask(const QString &taskId, int limit) const;
    bool remove(qint64 id);

    // Rows still Running whose recording program is gone (a crash, SIGKILL, power loss) become
    // Interrupted; returns how many. A row's owner is its program's pid and start time, so a
    // reused pid does not keep a dead run "running".
    int markInterrupted();
    // The same runs, without writing: what a reader (taskrunner-cli history) shows as
    // interrupted, leaving the marking - and the telling - to the desktop app.
    QSet<qint64> interruptedRuns() const;

    static QString stateName(RunRecord::State state);
    // The word the file stores for an outcome ("exited", "timed-out", ...): stable, not the
    // app's wording, and what `taskrunner-cli history` prints.
    static QString outcomeKey(RunOutcome outcome);

private:
    bool migrate();
    bool fillSearch();
    bool canWrite();
    bool exec(const QString &sql);
    QString m_connection;
    bool m_open = false;
    mutable QString m_lastError;
    QString m_lastNative; // SQLite's result code of the last failure, as Qt reports it
};
