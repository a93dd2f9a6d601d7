#pragma once
// The history panel as it was before it queried SQL (commit 172edce), kept as the baseline the
// benchmarks print beside the new one: the newest 5,000 runs read into a table model, filtered
// and sorted by a QSortFilterProxyModel. Only what the filter and the sort read is kept.
#include "runhistory.h"
#include "runquery.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace OldPanel {

enum Column { Outcome, Started, Task, Trigger, Exit, Duration, ColumnCount };
enum Role { SortRole = Qt::UserRole + 2, OutcomeKindRole };
constexpr int MaxRows = 5000;

class Model : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void reload(RunHistory *history)
    {
        beginResetModel();
        RunHistory::Filter newest;
        newest.limit = MaxRows;
        m_records = history->runs(newest);
        endResetModel();
    }
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_records.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        const RunRecord &r = m_records[index.row()];
        if (role == OutcomeKindRole)
            return RunQuery::kindName(RunQuery::kindOf(r));
        const bool finished = r.state == RunRecord::State::Finished;
        switch (index.column()) {
        case Outcome:
            if (role == Qt::DisplayRole || role == SortRole)
                return RunQuery::outcomeWords(r);
            break;
        case Started:
            if (role == Qt::DisplayRole)
                return r.started.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
            if (role == SortRole)
                return r.started.toMSecsSinceEpoch();
            break;
        case Task:
            if (role == Qt::DisplayRole || role == SortRole)
                return r.taskName;
            break;
        case Trigger:
            if (role == Qt::DisplayRole || role == SortRole)
                return r.trigger;
            break;
        case Exit:
            if (role == Qt::DisplayRole || role == SortRole) {
                if (finished && r.result.outcome == RunOutcome::Exited)
                    return r.result.exitCode;
                if (finished && r.result.signal)
                    return role == SortRole
                               ? QVariant(1000 + r.result.signal)
                               : QVariant(QStringLiteral("SIG%1").arg(r.result.signal));
                return role == SortRole ? QVariant(-1) : QVariant(QStringLiteral("-"));
            }
            break;
        case Duration:
            if (role == Qt::DisplayRole)
                return QString::number(r.result.duration.count() / 1000.0, 'f', 1);
            if (role == SortRole)
                return qint64(r.result.duration.count());
            break;
        default:
            break;
        }
        return {};
    }

private:
    QVector<RunRecord> m_records;
};

// Text matches the task, the outcome's words or the trigger; the kind narrows to one outcome.
class Filter : public QSortFilterProxyModel
{
public:
    explicit Filter(QObject *parent = nullptr)
        : QSortFilterProxyModel(parent)
    {
        setSortRole(SortRole);
    }
    QString text;
    QString kind; // empty: all

    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QAbstractItemModel *model = sourceModel();
        if (!kind.isEmpty()
            && model->index(row, 0, parent).data(OutcomeKindRole).toString() != kind)
            return false;
        if (text.isEmpty())
            return true;
        for (int column : {int(Task), int(Outcome), int(Trigger)}) {
            if (model->index(row, column, parent)
                    .data(Qt::DisplayRole)
                    .toString()
                    .contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
};

} // namespace OldPanel
