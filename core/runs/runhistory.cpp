#include "runhistory.h"

#include "processtable.h"
#include "specsnapshot.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <fcntl.h>
#include <unistd.h>

namespace {

QAtomicInt g_connections;

} // namespace

// Storage keys, not words: what the file says must not change when the app's wording does.
QString RunHistory::outcomeKey(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Exited:
        return QStringLiteral("exited");
    case RunOutcome::Crashed:
        return QStringLiteral("crashed");
    case RunOutcome::TimedOut:
        return QStringLiteral("timed-out");
    case RunOutcome::Stopped:
        return QStringLiteral("stopped");
    case RunOutcome::Killed:
        return QStringLiteral("killed");
    case RunOutcome::FailedToStart:
        return QStringLiteral("failed-to-start");
    case RunOutcome::Skipped:
        return QStringLiteral("skipped");
    case RunOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

namespace {

RunOutcome outcomeFromKey(const QString &key)
{
    for (RunOutcome outcome :
         {RunOutcome::Exited, RunOutcome::Crashed, RunOutcome::TimedOut, RunOutcome::Stopped,
          RunOutcome::Killed, RunOutcome::Skipped, RunOutcome::Cancelled}) {
        if (RunHistory::outcomeKey(outcome) == key)
            return outcome;
    }
    return RunOutcome::FailedToStart;
}

// A null QString binds as SQL NULL; the text columns want '' for "none".
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

RunRecord::State stateFromKey(const QString &key)
{
    if (key == QLatin1String("finished"))
        return RunRecord::State::Finished;
    if (key == QLatin1String("interrupted"))
        return RunRecord::State::Interrupted;
    return RunRecord::State::Running;
}

// In UTC: comparing and sorting local times costs a mktime() each - and glibc stat()s
// /etc/localtime in every mktime(); 165,000 of them at one start-up with 100,000 runs. Shown,
// they are converted to local time.
QDateTime timeOrInvalid(const QVariant &ms)
{
    return ms.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC);
}

// The columns runs() and run() read, in the order recordFrom() takes them.
const QString Columns = QStringLiteral(
    "id, task_id, task_name, spec_json, trigger, started_ms, ended_ms, state, outcome, "
    "exit_code, signal, error_text, duration_ms, processes_signalled, escapees, leftovers, "
    "stdout_bytes, stderr_bytes, stdout_lines, stderr_lines, log_path, cpu_ms, max_rss_kb, "
    "group_id");
constexpr int StartedColumn = 5;  // started_ms in Columns
constexpr int SortKeyColumn = 24; // page() reads its sort key after Columns

// RunQuery::kindOf, from a row's columns (a state or outcome the file does not know counts as
// kindOf counts it: running, failed). The numbers are RunQuery::Kind's.
const QString KindSql = QStringLiteral("(CASE state WHEN 'finished' THEN CASE"
                                       " WHEN outcome = 'exited' AND exit_code = 0 THEN 0"
                                       " WHEN outcome = 'timed-out' THEN 2"
                                       " WHEN outcome IN ('stopped', 'killed', 'skipped',"
                                       " 'cancelled') THEN 3"
                                       " ELSE 1 END"
                                       " WHEN 'interrupted' THEN 4 ELSE 5 END)");
static_assert(int(RunQuery::Kind::Succeeded) == 0 && int(RunQuery::Kind::Failed) == 1
                  && int(RunQuery::Kind::TimedOut) == 2 && int(RunQuery::Kind::Stopped) == 3
                  && int(RunQuery::Kind::Interrupted) == 4 && int(RunQuery::Kind::Running) == 5,
              "KindSql computes these numbers");

// What the Exit column sorts by: the code, 1000 + the signal for a death by signal, -1 for none.
const QString ExitKeySql = QStringLiteral(
    "(CASE WHEN state = 'finished' AND outcome = 'exited' THEN coalesce(exit_code, -1)"
    " WHEN state = 'finished' AND signal <> 0 THEN 1000 + signal ELSE -1 END)");

QString sortKeySql(RunQuery::SortKey key)
{
    switch (key) {
    case RunQuery::SortKey::Started:
        return QStringLiteral("started_ms");
    case RunQuery::SortKey::Task:
        return QStringLiteral("task_name");
    case RunQuery::SortKey::Trigger:
        return QStringLiteral("trigger");
    case RunQuery::SortKey::Outcome:
        return KindSql;
    case RunQuery::SortKey::ExitCode:
        return ExitKeySql;
    case RunQuery::SortKey::Duration:
        return QStringLiteral("duration_ms");
    }
    return QStringLiteral("started_ms");
}

// Conditions joined by AND, with the values of their ? in order: user text is only ever bound.
struct Where
{
    QStringList conditions;
    QVariantList binds;

    QString sql() const
    {
        return conditions.isEmpty()
                   ? QString()
                   : QLatin1String(" WHERE ") + conditions.join(QLatin1String(" AND "));
    }
};

// %text% for LIKE ... ESCAPE '\': the text's own \, % and _ stand for themselves.
QString containsPattern(const QString &text)
{
    QString pattern;
    pattern.reserve(text.size() + 8);
    pattern += QLatin1Char('%');
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            pattern += QLatin1Char('\\');
        pattern += c;
    }
    pattern += QLatin1Char('%');
    return pattern;
}

// The runs whose outcome words (RunQuery::outcomeWords) contain the text, as conditions on
// the columns. The words are the app's: they are compared here, once per kind of outcome,
// rather than stored in the file or written out again in SQL.
void addOutcomeWordMatches(const QString &text, const QString &pattern, QStringList &terms,
                           QVariantList &binds)
{
    RunRecord example;
    const auto matches
        = [&] { return RunQuery::outcomeWords(example).contains(text, Qt::CaseInsensitive); };
    example.state = RunRecord::State::Running;
    if (matches())
        terms.append(QStringLiteral("state NOT IN ('finished', 'interrupted')"));
    example.state = RunRecord::State::Interrupted;
    if (matches())
        terms.append(QStringLiteral("state = 'interrupted'"));
    example.state = RunRecord::State::Finished;
    for (RunOutcome outcome : {RunOutcome::Crashed, RunOutcome::TimedOut, RunOutcome::Stopped,
                               RunOutcome::Killed, RunOutcome::FailedToStart}) {
        example.result.outcome = outcome;
        if (matches()) {
            terms.append(QStringLiteral("(state = 'finished' AND outcome = ?)"));
            binds.append(RunHistory::outcomeKey(outcome));
        }
    }
    example.result.outcome = RunOutcome::Exited;
    example.result.exitCode = 0;
    if (matches())
        terms.append(
            QStringLiteral("(state = 'finished' AND outcome = 'exited' AND exit_code = 0)"));
    // A failure's words carry its code ("failed (exit 2)"): SQL puts the code between the
    // words around an example's code.
    constexpr int ExampleCode = 987654321;
    example.result.exitCode = ExampleCode;
    const QString words = RunQuery::outcomeWords(example);
    const QString code = QString::number(ExampleCode);
    const qsizetype at = words.indexOf(code);
    if (at >= 0) {
        terms.append(QStringLiteral(
            "(state = 'finished' AND outcome = 'exited' AND coalesce(exit_code, -1) <> 0"
            " AND (? || coalesce(exit_code, -1) || ?) LIKE ? ESCAPE '\\')"));
        binds << words.left(at) << words.mid(at + code.size()) << pattern;
    }
}

Where whereOf(const RunQuery &query)
{
    Where where;
    if (!query.taskName.isEmpty()) {
        where.conditions.append(QStringLiteral("task_name = ?"));
        where.binds.append(query.taskName);
    }
    if (query.kind) {
        where.conditions.append(KindSql + QLatin1String(" = ?"));
        where.binds.append(int(*query.kind));
    }
    if (!query.text.isEmpty()) {
        // One LIKE over the folded search column (searchText) - a third of the time of one per
        // column - and the outcome words, compared in C++.
        QStringList terms = {QStringLiteral("search LIKE ? ESCAPE '\\'")};
        QVariantList binds = {containsPattern(query.text.toCaseFolded())};
        addOutcomeWordMatches(query.text, containsPattern(query.text), terms, binds);
        where.conditions.append(QLatin1Char('(') + terms.join(QLatin1String(" OR "))
                                + QLatin1Char(')'));
        where.binds += binds;
    }
    return where;
}

RunRecord recordFrom(const QSqlQuery &q)
{
    RunRecord r;
    int i = 0;
    r.id = q.value(i++).toLongLong();
    r.taskId = q.value(i++).toString();
    r.taskName = q.value(i++).toString();
    r.specJson = q.value(i++).toByteArray();
    r.trigger = q.value(i++).toString();
    r.started = timeOrInvalid(q.value(i++));
    r.ended = timeOrInvalid(q.value(i++));
    r.state = stateFromKey(q.value(i++).toString());
    r.result.outcome = outcomeFromKey(q.value(i++).toString());
    r.result.exitCode = q.value(i).isNull() ? -1 : q.value(i).toInt();
    ++i;
    r.result.signal = q.value(i++).toInt();
    r.result.errorText = q.value(i++).toString();
    r.result.duration = std::chrono::milliseconds(q.value(i++).toLongLong());
    r.result.processesSignalled = q.value(i++).toInt();
    r.result.escapeesFound = q.value(i++).toInt();
    r.result.leftoversFound = q.value(i++).toInt();
    r.stdoutBytes = q.value(i++).toLongLong();
    r.stderrBytes = q.value(i++).toLongLong();
    r.stdoutLines = q.value(i++).toLongLong();
    r.stderrLines = q.value(i++).toLongLong();
    r.logPath = q.value(i++).toString();
    r.cpuMs = q.value(i).isNull() ? -1 : q.value(i).toLongLong();
    ++i;
    r.maxRssKb = q.value(i).isNull() ? -1 : q.value(i).toLongLong();
    ++i;
    r.groupId = q.value(i).toString();
    return r;
}

// SQLite's primary result codes, as Qt reports them in nativeErrorCode().
bool isDamage(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */;
}

bool isUnwritable(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 8 /* SQLITE_READONLY */ || code == 14 /* SQLITE_CANTOPEN */
           || code == 3 /* SQLITE_PERM */;
}

} // namespace

RunHistory::RunHistory()
    : m_connection(QStringLiteral("taskrunner-history-%1").arg(g_connections.fetchAndAddRelaxed(1)))
{}

RunHistory::~RunHistory()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString RunHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QLatin1String("/taskrunner/history.sqlite");
}

QString RunHistory::stateName(RunRecord::State state)
{
    switch (state) {
    case RunRecord::State::Running:
        return QStringLiteral("running");
    case RunRecord::State::Finished:
        return QStringLiteral("finished");
    case RunRecord::State::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QString();
}

bool RunHistory::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(sql))
        return true;
    m_lastError = query.lastError().text();
    m_lastNative = query.lastError().nativeErrorCode();
    return false;
}

RunHistory::OpenResult RunHistory::open(const QString &path, bool keepDamagedAside, bool forWriting)
{
    OpenResult result;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        result = {false, OpenProblem::Other,
                  QStringLiteral("The run history needs Qt's SQLite driver (Debian: "
                                 "libqt6sql6-sqlite), which is not installed."),
                  QString()};
        return result;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    // Created here, private, before SQLite makes it (and its -wal and -shm, which take the
    // database's mode) with whatever the umask says.
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0)
        ::close(fd);

    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlDatabase db = QSqlDatabase::contains(m_connection)
                              ? QSqlDatabase::database(m_connection, false)
                              : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        QSqlError error;
        if (!db.open()) {
            error = db.lastError();
        } else {
            QSqlQuery query(db);
            // The first statement that reads the file tells a database from anything else.
            const bool readable = query.exec(QStringLiteral("PRAGMA user_version")) && query.next();
            if (!readable)
                error = query.lastError();
            query.finish(); // a statement left open holds a transaction; WAL needs none
            if (!readable) {
            } else if (!migrate() || (forWriting && !canWrite())) {
                // A database we can read but not write (read-only, immutable) would drop every
                // run without a word: try a write that changes nothing, and say so.
                error = QSqlError(QString(), m_lastError, QSqlError::StatementError, m_lastNative);
            } else {
                m_open = true;
                return result;
            }
        }
        db.close();
        m_lastError = error.text();
        if (isDamage(error) && keepDamagedAside && attempt == 0) {
            const QString backup
                = path + QLatin1String(".corrupt-")
                  + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
            if (QFile::rename(path, backup)) {
                QFile::remove(path + QLatin1String("-wal"));
                QFile::remove(path + QLatin1String("-shm"));
                result.backupPath = backup;
                const int fresh = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
                if (fresh >= 0)
                    ::close(fresh);
                continue; // a fresh one
            }
        }
        result.ok = false;
        result.problem = isDamage(error)       ? OpenProblem::Damaged
                         : isUnwritable(error) ? OpenProblem::Unwritable
                                               : OpenProblem::Other;
        switch (result.problem) {
        case OpenProblem::Damaged:
            result.error
                = QStringLiteral("The run history %1 is damaged (%2).").arg(path, m_lastError);
            break;
        case OpenProblem::Unwritable:
            result.error = QStringLiteral("The run history %1 cannot be written (%2); runs are "
                                          "not recorded.")
                               .arg(path, m_lastError);
            break;
        default:
            result.error = QStringLiteral("The run history %1 cannot be opened (%2); runs are "
                                          "not recorded.")
                               .arg(path, m_lastError);
            break;
        }
        return result;
    }
    return result;
}

bool RunHistory::canWrite()
{
    // Setting user_version to what it is writes the header page: SQLite opens a file it may
    // not write read-only, and only a real write says so (taking the lock does not).
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return false;
    const int version = query.value(0).toInt();
    query.finish();
    return exec(QStringLiteral("BEGIN IMMEDIATE"))
           && exec(QStringLiteral("PRAGMA user_version = %1").arg(version))
           && exec(QStringLiteral("COMMIT"));
}

bool RunHistory::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    // WAL: readers (the GUI's panel, `history`) never block a writer, nor it them.
    const auto failed = [&] {
        m_lastError = query.lastError().text();
        m_lastNative = query.lastError().nativeErrorCode();
        return false;
    };
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.next())
        return failed();
    const QString journal = query.value(0).toString();
    query.finish();
    if (journal != QLatin1String("wal")) {
        m_lastError = QStringLiteral("cannot use write-ahead logging");
        return false;
    }
    // With WAL, NORMAL keeps the database consistent through a crash and syncs at checkpoints
    // only: a recorded run costs a write, not an fsync (a power cut may lose the last few).
    if (!query.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        return failed();
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return failed();
    const int version = query.value(0).toInt();
    query.finish();
    if (version > SchemaVersion) {
        m_lastError = QStringLiteral("it was written by a newer taskrunner (schema %1, this one "
                                     "knows up to %2)")
                          .arg(version)
                          .arg(SchemaVersion);
        return false;
    }
    // Each step takes the schema from version N-1 to N, in a transaction of its own: its
    // statements, then a fill of what SQL alone cannot compute, then its indexes.
    struct Step
    {
        QStringList sql;
        bool (RunHistory::*fill)() = nullptr;
        QStringList indexes;
    };
    const QList<Step> steps = {
        // 1: the runs.
        {{QStringLiteral("CREATE TABLE runs ("
                         " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                         " task_id TEXT NOT NULL DEFAULT '',"
                         " task_name TEXT NOT NULL,"
                         " spec_json BLOB,"
                         " trigger TEXT NOT NULL,"
                         " started_ms INTEGER NOT NULL,"
                         " ended_ms INTEGER,"
                         " state TEXT NOT NULL,"
                         " outcome TEXT,"
                         " exit_code INTEGER,"
                         " signal INTEGER NOT NULL DEFAULT 0,"
                         " error_text TEXT,"
                         " duration_ms INTEGER NOT NULL DEFAULT 0,"
                         " processes_signalled INTEGER NOT NULL DEFAULT 0,"
                         " escapees INTEGER NOT NULL DEFAULT 0,"
                         " leftovers INTEGER NOT NULL DEFAULT 0,"
                         " stdout_bytes INTEGER NOT NULL DEFAULT 0,"
                         " stderr_bytes INTEGER NOT NULL DEFAULT 0,"
                         " stdout_lines INTEGER NOT NULL DEFAULT 0,"
                         " stderr_lines INTEGER NOT NULL DEFAULT 0,"
                         " log_path TEXT,"
                         " owner_pid INTEGER NOT NULL,"
                         " owner_start INTEGER NOT NULL)"),
          QStringLiteral("CREATE INDEX runs_by_start ON runs(started_ms)")},
         nullptr,
         {}},
        // 2: room for resource figures (a later issue fills them), lookups by task.
        {{QStringLiteral("ALTER TABLE runs ADD COLUMN cpu_ms INTEGER"),
          QStringLiteral("ALTER TABLE runs ADD COLUMN max_rss_kb INTEGER"),
          QStringLiteral("CREATE INDEX runs_by_task ON runs(task_name, started_ms)")},
         nullptr,
         {}},
        // 3: each task's newest run at a glance (the task list), by the task's stable id; the
        // runs still marked running, found at every start without reading the rest.
        {{QStringLiteral("CREATE INDEX runs_by_task_id ON runs(task_id, id)"),
          QStringLiteral("CREATE INDEX runs_running ON runs(state) WHERE state = 'running'")},
         nullptr,
         {}},
        // 4: the history panel filters and sorts every run in SQL. What its text filter reads,
        // in one column (searchText: made in C++, which reads the spec snapshot and folds
        // case). An index in start order holding every column a filter or a sort reads
        // replaces runs_by_start: a filter scans it - a fraction of the table's bytes - and
        // reads a row only to show it. Sorting by duration walks an index of its own.
        {{QStringLiteral("ALTER TABLE runs ADD COLUMN search TEXT NOT NULL DEFAULT ''")},
         &RunHistory::fillSearch,
         {QStringLiteral("DROP INDEX IF EXISTS runs_by_start"),
          QStringLiteral("CREATE INDEX runs_by_start_covering ON runs(started_ms, id, search,"
                         " task_name, trigger, state, outcome, exit_code, signal, duration_ms)"),
          QStringLiteral("CREATE INDEX runs_by_duration ON runs(duration_ms, started_ms)")}},
        // 5: the group a run ran in - a task's run and its dependencies' runs share one id -
        // and a group's runs found together.
        {{QStringLiteral("ALTER TABLE runs ADD COLUMN group_id TEXT NOT NULL DEFAULT ''")},
         nullptr,
         {QStringLiteral("CREATE INDEX runs_by_group ON runs(group_id) WHERE group_id <> ''")}},
    };
    for (int target = version + 1; target <= SchemaVersion; ++target) {
        if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
            return false;
        // Another program may have migrated while we waited for the lock.
        if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
            failed();
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        const int now = query.value(0).toInt();
        query.finish();
        if (now >= target) {
            exec(QStringLiteral("ROLLBACK"));
            continue;
        }
        const Step &step = steps[target - 1];
        bool ok = true;
        for (const QString &sql : step.sql)
            ok = ok && exec(sql);
        ok = ok && (!step.fill || (this->*step.fill)());
        for (const QString &sql : step.indexes)
            ok = ok && exec(sql);
        ok = ok && exec(QStringLiteral("PRAGMA user_version = %1").arg(target));
        if (!ok || !exec(QStringLiteral("COMMIT"))) {
            const QString why = m_lastError;
            exec(QStringLiteral("ROLLBACK"));
            m_lastError = why;
            return false;
        }
    }
    return true;
}

qint64 RunHistory::recordStart(const RunRecord &record)
{
    if (!m_open)
        return 0;
    const auto self = ProcessTable::readProcess(::getpid());
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral(
        "INSERT INTO runs (task_id, task_name, spec_json, search, trigger, started_ms, state,"
        " log_path, owner_pid, owner_start, group_id)"
        " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)"));
    query.addBindValue(text(record.taskId));
    query.addBindValue(text(record.taskName));
    query.addBindValue(record.specJson);
    query.addBindValue(searchText(record.taskName, record.trigger, record.specJson));
    query.addBindValue(text(record.trigger));
    query.addBindValue(record.started.isValid() ? record.started.toMSecsSinceEpoch()
                                                : QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(text(record.logPath));
    query.addBindValue(qint64(::getpid()));
    query.addBindValue(self ? qint64(self->startTime) : qint64(0));
    query.addBindValue(text(record.groupId));
    if (!query.exec()) {
        m_lastError = query.lastError().text();
        return 0;
    }
    return query.lastInsertId().toLongLong();
}

bool RunHistory::recordFinish(const RunRecord &record)
{
    if (!m_open || record.id <= 0)
        return false;
    const RunResult &r = record.result;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral(
        "UPDATE runs SET ended_ms = ?, state = 'finished', outcome = ?, exit_code = ?,"
        " signal = ?, error_text = ?, duration_ms = ?, processes_signalled = ?, escapees = ?,"
        " leftovers = ?, stdout_bytes = ?, stderr_bytes = ?, stdout_lines = ?,"
        " stderr_lines = ?, log_path = ?, cpu_ms = ?, max_rss_kb = ? WHERE id = ?"));
    query.addBindValue(record.ended.isValid() ? record.ended.toMSecsSinceEpoch()
                                              : QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(RunHistory::outcomeKey(r.outcome));
    query.addBindValue(r.outcome == RunOutcome::Exited ? QVariant(r.exitCode) : QVariant());
    query.addBindValue(r.signal);
    query.addBindValue(text(r.errorText));
    query.addBindValue(qint64(r.duration.count()));
    query.addBindValue(r.processesSignalled);
    query.addBindValue(r.escapeesFound);
    query.addBindValue(r.leftoversFound);
    query.addBindValue(record.stdoutBytes);
    query.addBindValue(record.stderrBytes);
    query.addBindValue(record.stdoutLines);
    query.addBindValue(record.stderrLines);
    query.addBindValue(text(record.logPath));
    query.addBindValue(record.cpuMs >= 0 ? QVariant(record.cpuMs) : QVariant());
    query.addBindValue(record.maxRssKb >= 0 ? QVariant(record.maxRssKb) : QVariant());
    query.addBindValue(record.id);
    if (!query.exec()) {
        m_lastError = query.lastError().text();
        return false;
    }
    return query.numRowsAffected() == 1;
}

QVector<RunRecord> RunHistory::runs() const
{
    return runs(Filter());
}

QVector<RunRecord> RunHistory::runs(const Filter &filter) const
{
    RunQuery query; // newest first
    query.taskName = filter.taskName;
    query.limit = filter.limit;
    return page(query).runs;
}

RunPage RunHistory::page(const RunQuery &query) const
{
    RunPage page;
    if (!m_open)
        return page;
    Where where = whereOf(query);
    const QString key = sortKeySql(query.sort);
    const bool byStart = query.sort == RunQuery::SortKey::Started;
    const bool descending = query.order == Qt::DescendingOrder;
    if (query.after) {
        // Row values: the rows past the cursor in (key, start, id) order, the direction's way.
        const QString past = descending ? QStringLiteral(" < ") : QStringLiteral(" > ");
        if (byStart) {
            where.conditions.append(QLatin1String("(started_ms, id)") + past
                                    + QLatin1String("(?, ?)"));
        } else {
            where.conditions.append(QLatin1String("(") + key + QLatin1String(", started_ms, id)")
                                    + past + QLatin1String("(?, ?, ?)"));
            where.binds.append(query.after->key);
        }
        where.binds << query.after->startedMs << query.after->id;
    }
    const QString direction = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    const QString order = QLatin1String(" ORDER BY ")
                          + (byStart ? QString() : key + direction + QLatin1String(", "))
                          + QLatin1String("started_ms") + direction + QLatin1String(", id")
                          + direction;
    QString sql = QLatin1String("SELECT ") + Columns + QLatin1String(", ") + key
                  + QLatin1String(" FROM runs");
    if (query.limit <= 0) {
        sql += where.sql() + order; // every row: one walk in order
    } else {
        // A page: its ids first, from the covering index alone - the filter and the sort key
        // read nothing else - then those rows. A filter that scans anyway, with another order
        // than the start's, must not walk an ordered index (runs_by_duration, runs_by_task)
        // and read the table at every step to test each row: 100,000 lookups for a rare match.
        const bool scans = query.taskName.isEmpty() && (!query.text.isEmpty() || query.kind);
        sql += QLatin1String(" WHERE id IN (SELECT id FROM runs")
               + (scans && !byStart ? QStringLiteral(" INDEXED BY runs_by_start_covering")
                                    : QString())
               + where.sql() + order + QLatin1String(" LIMIT ?)") + order;
        where.binds.append(query.limit + 1); // one more than asked: are there more?
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &value : std::as_const(where.binds))
        q.addBindValue(value);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return page;
    }
    while (q.next()) {
        if (query.limit > 0 && page.runs.size() == query.limit) {
            page.more = true;
            break;
        }
        page.runs.append(recordFrom(q));
        page.next = {q.value(SortKeyColumn), q.value(StartedColumn).toLongLong(),
                     page.runs.constLast().id};
    }
    return page;
}

qint64 RunHistory::count(const RunQuery &query) const
{
    if (!m_open)
        return -1;
    const Where where = whereOf(query);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QLatin1String("SELECT count(*) FROM runs") + where.sql());
    for (const QVariant &value : where.binds)
        q.addBindValue(value);
    if (!q.exec() || !q.next()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

QString RunHistory::commandOf(const QByteArray &specJson)
{
    const std::optional<TaskSpec> spec = SpecSnapshot::fromJson(specJson);
    if (!spec)
        return QString();
    if (spec->useShell)
        return spec->shellScript;
    return (QStringList{spec->program} + spec->arguments).join(QLatin1Char(' '));
}

QString RunHistory::searchText(const QString &taskName, const QString &trigger,
                               const QByteArray &specJson)
{
    // A line each, so that a filter matches within one of them (none holds a line break but a
    // script).
    const QString text
        = taskName + QLatin1Char('\n') + trigger + QLatin1Char('\n') + commandOf(specJson);
    return text.toCaseFolded();
}

bool RunHistory::fillSearch()
{
    // Read first, then write: 100,000 runs take about a second, once, in the migration's
    // transaction.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery read(db);
    read.setForwardOnly(true);
    if (!read.exec(QStringLiteral("SELECT id, task_name, trigger, spec_json FROM runs"))) {
        m_lastError = read.lastError().text();
        m_lastNative = read.lastError().nativeErrorCode();
        return false;
    }
    QVector<QPair<qint64, QString>> texts;
    while (read.next()) {
        texts.append({read.value(0).toLongLong(),
                      searchText(read.value(1).toString(), read.value(2).toString(),
                                 read.value(3).toByteArray())});
    }
    read.finish();
    QSqlQuery write(db);
    write.prepare(QStringLiteral("UPDATE runs SET search = ? WHERE id = ?"));
    for (const auto &[id, search] : std::as_const(texts)) {
        write.addBindValue(search);
        write.addBindValue(id);
        if (!write.exec()) {
            m_lastError = write.lastError().text();
            m_lastNative = write.lastError().nativeErrorCode();
            return false;
        }
    }
    return true;
}

RunHistory::ChangeStamp RunHistory::changeStamp() const
{
    ChangeStamp stamp;
    if (!m_open)
        return stamp;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("SELECT total_changes()")) && q.next())
        stamp.ours = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA data_version")) && q.next())
        stamp.others = q.value(0).toLongLong();
    return stamp;
}

std::optional<RunRecord> RunHistory::run(qint64 id) const
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM runs WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return recordFrom(query);
}

QHash<QString, RunRecord> RunHistory::latestPerTask() const
{
    QHash<QString, RunRecord> latest;
    if (!m_open)
        return latest;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT ") + Columns
                    + QStringLiteral(" FROM runs WHERE id IN (SELECT MAX(id) FROM runs WHERE"
                                     " task_id != '' GROUP BY task_id)"))) {
        m_lastError = query.lastError().text();
        return latest;
    }
    while (query.next()) {
        RunRecord record = recordFrom(query);
        latest.insert(record.taskId, record);
    }
    return latest;
}

QVector<RunRecord> RunHistory::lastRunsOfTask(const QString &taskId, int limit) const
{
    QVector<RunRecord> runs;
    if (!m_open || taskId.isEmpty() || limit <= 0)
        return runs;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    // Walks runs_by_task_id (task_id, id) backwards from the task's newest row: the skipped
    // and cancelled rows it passes are the only ones read and left.
    query.prepare(QStringLiteral("SELECT ") + Columns
                  + QStringLiteral(" FROM runs WHERE task_id = ? AND NOT (state = 'finished' AND"
                                   " outcome IN ('skipped', 'cancelled'))"
                                   " ORDER BY id DESC LIMIT ?"));
    query.addBindValue(taskId);
    query.addBindValue(limit);
    if (!query.exec()) {
        m_lastError = query.lastError().text();
        return runs;
    }
    while (query.next())
        runs.append(recordFrom(query));
    return runs;
}

bool RunHistory::remove(qint64 id)
{
    if (!m_open)
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    query.addBindValue(id);
    return query.exec() && query.numRowsAffected() == 1;
}

QSet<qint64> RunHistory::interruptedRuns() const
{
    QSet<qint64> gone;
    if (!m_open)
        return gone;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(
            QStringLiteral("SELECT id, owner_pid, owner_start FROM runs WHERE state = 'running'")))
        return gone;
    while (query.next()) {
        const auto owner = ProcessTable::readProcess(pid_t(query.value(1).toLongLong()));
        if (!owner || owner->isZombie() || qint64(owner->startTime) != query.value(2).toLongLong())
            gone.insert(query.value(0).toLongLong());
    }
    return gone;
}

int RunHistory::markInterrupted()
{
    if (!m_open)
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QSet<qint64> gone = interruptedRuns();
    int marked = 0;
    for (const qint64 id : gone) {
        QSqlQuery update(db);
        update.prepare(QStringLiteral(
            "UPDATE runs SET state = 'interrupted' WHERE id = ? AND state = 'running'"));
        update.addBindValue(id);
        if (update.exec())
            marked += update.numRowsAffected();
    }
    return marked;
}
