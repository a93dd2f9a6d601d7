#include "historymodel.h"

#include "outcomecolors.h"
#include "outcometext.h"
#include "runhistory.h"

#include <algorithm>

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_countLater.setSingleShot(true);
    m_countLater.setInterval(0);
    connect(&m_countLater, &QTimer::timeout, this, [this] {
        countMatching();
        Q_EMIT matchingRunsChanged();
    });
}

void HistoryModel::reload(RunHistory *history)
{
    m_history = history;
    requery(int(m_records.size()));
}

void HistoryModel::setFilters(const RunQuery &filters)
{
    m_query.taskName = filters.taskName;
    m_query.kind = filters.kind;
    m_query.text = filters.text;
    requery(PageSize);
}

void HistoryModel::requery(int rows, bool keepCount)
{
    const qint64 known = m_matching;
    RunPage page;
    if (m_history && m_history->isOpen()) {
        RunQuery query = m_query;
        query.limit = std::max(rows, PageSize);
        page = m_history->page(query);
    }
    beginResetModel();
    m_records = std::move(page.runs);
    m_more = page.more;
    m_next = page.next;
    // A page that is not full holds every match; otherwise they are counted - which reads
    // them all - after the rows are painted.
    m_matching = m_records.size();
    m_counting = page.more;
    if (m_counting && keepCount) { // the same runs in another order: counted already
        m_counting = false;
        m_matching = std::max<qint64>(known, m_records.size());
    }
    endResetModel();
    if (m_counting)
        m_countLater.start();
    else
        Q_EMIT matchingRunsChanged();
}

qint64 HistoryModel::matchingRuns() const
{
    countMatching();
    return m_matching;
}

void HistoryModel::countMatching() const
{
    if (!m_counting)
        return;
    m_counting = false;
    const qint64 counted = m_history && m_history->isOpen() ? m_history->count(m_query) : -1;
    // Runs recorded since the page only add; a failed count (-1) leaves what was read.
    m_matching = std::max<qint64>(counted, m_records.size());
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_more || !m_history || !m_history->isOpen())
        return;
    RunQuery query = m_query;
    query.limit = PageSize;
    query.after = m_next;
    RunPage page = m_history->page(query);
    if (page.runs.isEmpty()) {
        m_more = false;
        return;
    }
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(page.runs.size()) - 1);
    m_records += page.runs;
    m_more = page.more;
    m_next = page.next;
    endInsertRows();
}

void HistoryModel::sort(int column, Qt::SortOrder order)
{
    RunQuery::SortKey key = RunQuery::SortKey::Started;
    switch (column) {
    case Outcome:
        key = RunQuery::SortKey::Outcome;
        break;
    case Task:
        key = RunQuery::SortKey::Task;
        break;
    case Trigger:
        key = RunQuery::SortKey::Trigger;
        break;
    case Exit:
        key = RunQuery::SortKey::ExitCode;
        break;
    case Duration:
        key = RunQuery::SortKey::Duration;
        break;
    default:
        break;
    }
    if (key == m_query.sort && order == m_query.order)
        return;
    m_query.sort = key;
    m_query.order = order;
    requery(PageSize, !m_counting);
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
    return RunQuery::kindName(RunQuery::kindOf(r));
}

QString HistoryModel::outcomeWords(const RunRecord &r)
{
    return RunQuery::outcomeWords(r);
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
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
            return outcomeWords(*r);
        if (role == Qt::DecorationRole)
            return OutcomeColors::dot(OutcomeColors::forRecord(*r));
        if (role == Qt::ToolTipRole && finished)
            return OutcomeText::describe(r->result);
        break;
    case Started:
        if (role == Qt::DisplayRole)
            return r->started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
        break;
    case Task:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return r->taskName;
        break;
    case Trigger:
        // A run of a group (a task run with its dependencies) says which group: the same short
        // id on the task's row and on each of its dependencies' rows, next to one another.
        if (role == Qt::DisplayRole)
            return r->groupId.isEmpty() ? r->trigger
                                        : tr("%1 · group %2").arg(r->trigger, r->groupId.left(8));
        if (role == Qt::ToolTipRole && !r->groupId.isEmpty())
            return tr("Run in a group: a task with its dependencies, all of them marked group "
                      "%1")
                .arg(r->groupId.left(8));
        break;
    case Exit:
        if (role == Qt::DisplayRole) {
            if (finished && r->result.outcome == RunOutcome::Exited)
                return r->result.exitCode;
            if (finished && r->result.signal)
                return QStringLiteral("SIG%1").arg(r->result.signal);
            return QStringLiteral("—");
        }
        break;
    case Duration:
        if (role == Qt::DisplayRole)
            return finished ? OutcomeText::seconds(r->result.duration) : QStringLiteral("—");
        break;
    default:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    // A header's first click: the newest and the longest first, words from A.
    if (role == Qt::InitialSortOrderRole)
        return int(section == Started || section == Duration ? Qt::DescendingOrder
                                                             : Qt::AscendingOrder);
    if (role != Qt::DisplayRole)
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
