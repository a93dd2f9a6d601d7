#pragma once

#include "runrecord.h"

#include <QAbstractTableModel>
#include <QVector>

class RunHistory;

// The recorded runs as a table for the history panel: newest first as read, sorted and
// filtered by a proxy. Columns: outcome (a colour dot and the words), started, task, trigger,
// exit code, duration.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Outcome, Started, Task, Trigger, Exit, Duration, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, SortRole, OutcomeKindRole };
    // The most recent runs it holds: enough for any screen, bounded for memory and time.
    static constexpr int MaxRows = 5000;

    explicit HistoryModel(QObject *parent = nullptr);

    void reload(RunHistory *history); // from the database, newest first
    const RunRecord *record(int row) const;
    int rowOfRun(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "succeeded", "failed", "timed out", "stopped", "interrupted", "running": what the
    // outcome filter matches.
    static QString outcomeKind(const RunRecord &record);
    // How it went, in the tab's words: OutcomeText::brief once finished, else "running" or
    // "interrupted" - the panel's Outcome column and the task list's last run.
    static QString outcomeWords(const RunRecord &record);

private:
    QVector<RunRecord> m_records;
};
