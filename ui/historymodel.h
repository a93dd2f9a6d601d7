#pragma once

#include "runquery.h"
#include "runrecord.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <QVector>

class RunHistory;

// The recorded runs as a table for the history panel, over a query of the whole history:
// SQLite filters and sorts (a header click is sort()), the model reads a page at a time as the
// view scrolls (canFetchMore/fetchMore) and knows how many runs match in all. Columns: outcome
// (a colour dot and the words), started, task, trigger, exit code, duration.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Outcome, Started, Task, Trigger, Exit, Duration, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, OutcomeKindRole };
    // Rows read at a time: more than a screen, and a millisecond or two to read.
    static constexpr int PageSize = 200;

    explicit HistoryModel(QObject *parent = nullptr);

    // Reads again, from this history: the same filters and order, as many rows as were loaded
    // (a page at least), so that a view keeps its place.
    void reload(RunHistory *history);
    // New filters (the query's task, kind and text; its order and paging are the model's):
    // read again from the first row.
    void setFilters(const RunQuery &filters);
    const RunQuery &query() const { return m_query; }
    // How many runs match the filters, read or not yet. When the first page is full the count
    // reads every match: it is made once the rows are shown, or here if asked before.
    qint64 matchingRuns() const;
    const RunRecord *record(int row) const;
    int rowOfRun(qint64 id) const; // among the rows read; -1 if not there

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order) override;

    // "succeeded", "failed", "timed out", "stopped", "interrupted", "running": what the
    // outcome filter matches (RunQuery::kindName).
    static QString outcomeKind(const RunRecord &record);
    // How it went, in the tab's words (RunQuery::outcomeWords) - the panel's Outcome column
    // and the task list's last run.
    static QString outcomeWords(const RunRecord &record);

Q_SIGNALS:
    void matchingRunsChanged(); // the count is known: after each reset, once counted

private:
    void requery(int rows, bool keepCount = false);
    void countMatching() const;

    RunHistory *m_history = nullptr;
    RunQuery m_query; // the filters and the order; the pages set limit and after
    QVector<RunRecord> m_records;
    bool m_more = false;
    RunQuery::Cursor m_next;
    mutable qint64 m_matching = 0;
    mutable bool m_counting = false; // m_matching waits for count()
    QTimer m_countLater;             // a timer, not a posted call: it fires after the paint
};
