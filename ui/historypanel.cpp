#include "historypanel.h"

#include "historymodel.h"
#include "namedwidget.h"
#include "specsnapshot.h"
#include "task.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// Text matches the task or the outcome's words; the outcome box narrows to one kind.
class HistoryFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString text;
    QString kind; // empty: all

    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QAbstractItemModel *model = sourceModel();
        if (!kind.isEmpty()
            && model->index(row, 0, parent).data(HistoryModel::OutcomeKindRole).toString() != kind)
            return false;
        if (text.isEmpty())
            return true;
        for (int column :
             {int(HistoryModel::Task), int(HistoryModel::Outcome), int(HistoryModel::Trigger)}) {
            if (model->index(row, column, parent)
                    .data(Qt::DisplayRole)
                    .toString()
                    .contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
};

} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("historyPanel"));
    m_model = new HistoryModel(this);
    auto *filter = new HistoryFilter(this);
    m_proxy = filter;
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryModel::SortRole);

    m_filter = named(new QLineEdit, "historyFilter", tr("Filter runs"));
    m_filter->setPlaceholderText(tr("Filter runs by task or outcome"));
    m_filter->setClearButtonEnabled(true);
    m_outcome = named(new QComboBox, "historyOutcome", tr("Outcome filter"));
    m_outcome->addItem(tr("All outcomes"), QString());
    for (const char *kind :
         {"succeeded", "failed", "timed out", "stopped", "interrupted", "running"})
        m_outcome->addItem(QString::fromLatin1(kind), QString::fromLatin1(kind));
    connect(m_filter, &QLineEdit::textChanged, this, &HistoryPanel::applyFilters);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::applyFilters);

    m_view = named(new QTableView, "historyView", tr("Run history"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HistoryModel::Started, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Column widths from the first rows, not all of thousands.
    m_view->horizontalHeader()->setResizeContentsPrecision(50);
    m_view->setWordWrap(false);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT openRequested(index.data(HistoryModel::RunIdRole).toLongLong());
    });

    auto *open = named(new QPushButton(tr("Open")), "historyOpenButton", tr("Open the run's log"));
    auto *rerun = named(new QPushButton(tr("Rerun")), "historyRerunButton", tr("Run it again"));
    auto *remove = named(new QPushButton(tr("Delete")), "historyDeleteButton",
                         tr("Delete the runs and their logs"));
    auto *copy = named(new QPushButton(tr("Copy command")), "historyCopyButton",
                       tr("Copy the run's command"));
    connect(open, &QPushButton::clicked, this, [this] {
        for (qint64 id : selectedRuns())
            Q_EMIT openRequested(id);
    });
    connect(rerun, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRuns();
        if (!ids.isEmpty())
            Q_EMIT rerunRequested(ids.first());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRuns();
        if (!ids.isEmpty())
            Q_EMIT deleteRequested(ids);
    });
    connect(copy, &QPushButton::clicked, this, &HistoryPanel::copyCommand);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_outcome);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {open, rerun, remove, copy})
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
}

void HistoryPanel::setHistory(RunHistory *history)
{
    m_history = history;
    // After the window is up: a long history must not delay it.
    QMetaObject::invokeMethod(this, &HistoryPanel::reload, Qt::QueuedConnection);
}

void HistoryPanel::reload()
{
    const QList<qint64> selected = selectedRuns();
    m_model->reload(m_history);
    m_view->resizeColumnsToContents();
    for (qint64 id : selected) { // keep the user's place
        const int row = m_model->rowOfRun(id);
        if (row >= 0)
            m_view->selectionModel()->select(m_proxy->mapFromSource(m_model->index(row, 0)),
                                             QItemSelectionModel::Select
                                                 | QItemSelectionModel::Rows);
    }
}

void HistoryPanel::applyFilters()
{
    auto *filter = static_cast<HistoryFilter *>(m_proxy);
    filter->text = m_filter->text().trimmed();
    filter->kind = m_outcome->currentData().toString();
    filter->refilter();
}

int HistoryPanel::visibleRuns() const
{
    return m_proxy->rowCount();
}

QList<qint64> HistoryPanel::selectedRuns() const
{
    QList<qint64> ids;
    if (!m_view->selectionModel())
        return ids;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids.append(index.data(HistoryModel::RunIdRole).toLongLong());
    if (ids.isEmpty() && m_view->currentIndex().isValid())
        ids.append(m_view->currentIndex().data(HistoryModel::RunIdRole).toLongLong());
    return ids;
}

const RunRecord *HistoryPanel::recordOf(qint64 id) const
{
    return m_model->record(m_model->rowOfRun(id));
}

void HistoryPanel::copyCommand()
{
    QStringList commands;
    for (qint64 id : selectedRuns()) {
        const RunRecord *record = recordOf(id);
        if (!record)
            continue;
        Task task;
        if (const auto spec = SpecSnapshot::fromJson(record->specJson))
            task.spec = *spec;
        commands.append(task.commandLine());
    }
    if (!commands.isEmpty())
        QApplication::clipboard()->setText(commands.join(QLatin1Char('\n')));
}
