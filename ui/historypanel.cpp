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
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("historyPanel"));
    m_model = new HistoryModel(this);

    m_filter = named(new QLineEdit, "historyFilter", tr("Filter runs"));
    m_filter->setPlaceholderText(tr("Filter runs by task, command, trigger or outcome"));
    m_filter->setClearButtonEnabled(true);
    m_outcome = named(new QComboBox, "historyOutcome", tr("Outcome filter"));
    m_outcome->addItem(tr("All outcomes"), QString());
    for (RunQuery::Kind kind :
         {RunQuery::Kind::Succeeded, RunQuery::Kind::Failed, RunQuery::Kind::TimedOut,
          RunQuery::Kind::Stopped, RunQuery::Kind::Interrupted, RunQuery::Kind::Running})
        m_outcome->addItem(RunQuery::kindName(kind), RunQuery::kindName(kind));
    // Each key would read the whole history: wait for a pause in the typing (Enter: at once).
    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(FilterDelayMs);
    connect(&m_filterDelay, &QTimer::timeout, this, &HistoryPanel::applyFilters);
    connect(m_filter, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        applyFilters();
        m_view->setFocus();
    });
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::applyFilters);

    m_view = named(new QTableView, "historyView", tr("Run history"));
    m_view->setModel(m_model);
    // A header click asks the model to sort: SQLite orders the whole history.
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HistoryModel::Started, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Column widths from the first rows, not all of them.
    m_view->horizontalHeader()->setResizeContentsPrecision(50);
    m_view->setWordWrap(false);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT openRequested(index.data(HistoryModel::RunIdRole).toLongLong());
    });

    m_count = named(new QLabel, "historyCount", tr("Matching runs"));
    connect(m_model, &HistoryModel::matchingRunsChanged, this, &HistoryPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &HistoryPanel::updateCount);
    updateCount();

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
    buttons->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
}

void HistoryPanel::setHistory(RunHistory *history)
{
    m_history = history;
    m_stale = true;
    // After the window is up: the first page is quick, but a window waits for nothing.
    QMetaObject::invokeMethod(this, &HistoryPanel::reload, Qt::QueuedConnection);
}

void HistoryPanel::reload()
{
    // The window calls this every few seconds while the panel shows, and whenever runs end.
    const RunHistory::ChangeStamp stamp
        = m_history ? m_history->changeStamp() : RunHistory::ChangeStamp();
    if (!m_stale && stamp == m_read)
        return;
    m_stale = false;
    m_read = stamp;
    // Keep the user's place: the selection and the current row by run id, the scroll position
    // (the model reads as many rows as it had).
    const QList<qint64> selected = selectedRuns();
    const qint64 current = m_view->currentIndex().data(HistoryModel::RunIdRole).toLongLong();
    const int scroll = m_view->verticalScrollBar()->value();
    const bool wasEmpty = m_model->rowCount() == 0;
    m_model->reload(m_history);
    if (wasEmpty)
        m_view->resizeColumnsToContents();
    QItemSelectionModel *selection = m_view->selectionModel();
    const int currentRow = m_model->rowOfRun(current);
    if (currentRow >= 0)
        selection->setCurrentIndex(m_model->index(currentRow, 0), QItemSelectionModel::NoUpdate);
    for (qint64 id : selected) {
        const int row = m_model->rowOfRun(id);
        if (row >= 0)
            selection->select(m_model->index(row, 0),
                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    m_view->verticalScrollBar()->setValue(scroll);
}

void HistoryPanel::applyFilters()
{
    m_filterDelay.stop();
    RunQuery filters;
    filters.text = m_filter->text().trimmed();
    filters.kind = RunQuery::kindFromName(m_outcome->currentData().toString());
    m_model->setFilters(filters);
}

void HistoryPanel::updateCount()
{
    const qint64 matching = m_model->matchingRuns();
    const int read = m_model->rowCount();
    const QLocale locale;
    const bool filtered = !m_model->query().text.isEmpty() || m_model->query().kind;
    QString text;
    if (matching == 0)
        text = filtered ? tr("No runs match") : tr("No runs yet");
    else if (read >= matching)
        text = matching == 1 ? tr("1 run") : tr("%1 runs").arg(locale.toString(matching));
    else
        text = tr("showing %1 of %2 runs").arg(locale.toString(read), locale.toString(matching));
    m_count->setText(text);
    m_count->setAccessibleName(text); // what a screen reader says of it
}

int HistoryPanel::visibleRuns() const
{
    return int(m_model->matchingRuns());
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
