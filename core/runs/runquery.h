#pragma once

#include "runrecord.h"

#include <QString>
#include <QVariant>
#include <QVector>

#include <optional>

// Which recorded runs, in which order, how many: what the history panel asks RunHistory for.
// SQLite filters, sorts and pages over the whole history (RunHistory::page and count); nothing
// is filtered after reading.
struct RunQuery
{
    // How a run went, as the panel groups it: its outcome filter, and the order the Outcome
    // column sorts in. The values are what RunHistory's SQL computes from the columns.
    enum class Kind { Succeeded = 0, Failed, TimedOut, Stopped, Interrupted, Running };
    enum class SortKey { Started, Task, Trigger, Outcome, ExitCode, Duration };

    // Where a page ended: the last row's sort key, start and id. The next page starts after it,
    // so runs recorded meanwhile never repeat or shift a row (keyset paging, not offsets).
    struct Cursor
    {
        QVariant key;
        qint64 startedMs = 0;
        qint64 id = 0;
    };

    QString taskName;         // exact; empty: every task
    std::optional<Kind> kind; // empty: every outcome
    // A substring, taken literally (% _ \ and quotes are plain characters), of the task name,
    // the trigger, the command (RunHistory::commandOf: the script, or the program and its
    // arguments) or the outcome's words (outcomeWords: "failed (exit 2)", "interrupted"), in
    // any case (Unicode case folding). Empty: no text filter.
    QString text;
    // Ties in the sort key go by start, then id, in the same direction.
    SortKey sort = SortKey::Started;
    Qt::SortOrder order = Qt::DescendingOrder;
    int limit = 0;               // rows per page; 0: all
    std::optional<Cursor> after; // only the rows after this one; empty: from the first

    static Kind kindOf(const RunRecord &record);
    // "succeeded", "failed", "timed out", "stopped", "interrupted", "running".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    // How it went, in the tab's words: OutcomeText::brief once finished ("exited 0", "failed
    // (exit 2)", "timed out"), else "running" or "interrupted". What the panel's Outcome column
    // and the task list show, and what the text filter matches.
    static QString outcomeWords(const RunRecord &record);
};

// One page of a query's runs, in order.
struct RunPage
{
    QVector<RunRecord> runs;
    bool more = false;     // more rows match: ask again with after = next
    RunQuery::Cursor next; // the last row's place
};
