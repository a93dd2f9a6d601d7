#include "historymodel.h"

#include "outcomecolors.h"
#include "outcometext.h"
#include "runhistory.h"

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryModel::reload(RunHistory *history)
{
    beginResetModel();
    m_records.clear();
    if (history && history->isOpen()) {
        RunHistory::Filter newest;
        newest.limit = MaxRows;
        m_records = history->runs(newest);
    }
    endResetModel();
}

const RunRecord *HistoryModel::record(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records[row] : nullptr;
}

int HistoryModel::rowOfRun(qint64 id) const
{
    for (int row = 0; row < m_records.size(); ++row) {
        if (m_records[row].id == id)
            return row;
    }
    return -1;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::outcomeKind(const RunRecord &r)
{
    switch (r.state) {
    case RunRecord::State::Running:
        return QStringLiteral("running");
    case RunRecord::State::Interrupted:
        return QStringLiteral("interrupted");
    case RunRecord::State::Finished:
        break;
    }
    switch (r.result.outcome) {
    case RunOutcome::Exited:
        return r.result.exitCode == 0 ? QStringLiteral("succeeded") : QStringLiteral("failed");
    case RunOutcome::Crashed:
    case RunOutcome::FailedToStart:
        return QStringLiteral("failed");
    case RunOutcome::TimedOut:
        return QStringLiteral("timed out");
    case RunOutcome::Stopped:
    case RunOutcome::Killed:
        return QStringLiteral("stopped");
    }
    return QString();
}

QString HistoryModel::outcomeWords(const RunRecord &r)
{
    switch (r.state) {
    case RunRecord::State::Running:
        return tr("running");
    case RunRecord::State::Interrupted:
        return tr("interrupted");
    case RunRecord::State::Finished:
        break;
    }
    return OutcomeText::brief(r.result);
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    const RunRecord *r = record(index.row());
    if (!r)
        return {};
    if (role == RunIdRole)
        return r->id;
    if (role == OutcomeKindRole)
        return outcomeKind(*r);
    const bool finished = r->state == RunRecord::State::Finished;
    switch (index.column()) {
    case Outcome:
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole || role == SortRole)
            return outcomeWords(*r);
        if (role == Qt::DecorationRole)
            return OutcomeColors::dot(OutcomeColors::forRecord(*r));
        if (role == Qt::ToolTipRole && finished)
            return OutcomeText::describe(r->result);
        break;
    case Started:
        if (role == Qt::DisplayRole)
            return r->started.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
        if (role == SortRole)
            return r->started.toMSecsSinceEpoch();
        break;
    case Task:
        if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole)
            return r->taskName;
        break;
    case Trigger:
        if (role == Qt::DisplayRole || role == SortRole)
            return r->trigger;
        break;
    case Exit:
        if (role == Qt::DisplayRole || role == SortRole) {
            if (finished && r->result.outcome == RunOutcome::Exited)
                return r->result.exitCode;
            if (finished && r->result.signal)
                return role == SortRole ? QVariant(1000 + r->result.signal)
                                        : QVariant(QStringLiteral("SIG%1").arg(r->result.signal));
            return role == SortRole ? QVariant(-1) : QVariant(QStringLiteral("—"));
        }
        break;
    case Duration:
        if (role == Qt::DisplayRole)
            return finished ? OutcomeText::seconds(r->result.duration) : QStringLiteral("—");
        if (role == SortRole)
            return qint64(r->result.duration.count());
        break;
    default:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Outcome:
        return tr("Outcome");
    case Started:
        return tr("Started");
    case Task:
        return tr("Task");
    case Trigger:
        return tr("Trigger");
    case Exit:
        return tr("Exit");
    case Duration:
        return tr("Duration");
    default:
        return {};
    }
}
