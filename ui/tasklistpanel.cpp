#include "tasklistpanel.h"

#include "namedwidget.h"
#include "tasklistdelegate.h"
#include "tasklistmodel.h"

#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

TaskListPanel::TaskListPanel(TaskListModel *model, QWidget *parent)
    : QWidget(parent)
{
    m_filter = named(new QLineEdit, "taskFilter", tr("Filter tasks"));
    m_filter->setPlaceholderText(tr("Filter tasks"));
    m_filter->setClearButtonEnabled(true);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->sort(0);
    m_list = named(new QListView, "taskList", tr("Tasks"));
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new TaskListDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_list, &QListView::activated, this, &TaskListPanel::activated);
    // Selecting a task without moving the current item (assistive technology selects a cell,
    // a test tool too) makes it the current one: Run, Edit and Delete act on the current task,
    // and must act on the one the user chose.
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList selected = m_list->selectionModel()->selectedIndexes();
        if (selected.size() == 1 && selected.first() != m_list->currentIndex())
            m_list->selectionModel()->setCurrentIndex(selected.first(),
                                                      QItemSelectionModel::NoUpdate);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TaskListPanel::currentTaskChanged);
    m_emptyHint = named(new QLabel, "emptyTaskListHint", QString());
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setMargin(12);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    connect(m_filter, &QLineEdit::textChanged, this, &TaskListPanel::updateEmptyHint);
    // Down from the filter box goes into the list: keyboard-only use.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_list->setFocus();
        if (!m_list->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_list->setCurrentIndex(m_proxy->index(0, 0));
    });
    // The library changed (here, or its file outside): the same task stays current, found by
    // its id - a renamed one too.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_currentId = selectedTaskId(); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        const QModelIndexList kept
            = m_currentId.isEmpty()
                  ? QModelIndexList()
                  : m_proxy->match(m_proxy->index(0, 0), TaskListModel::TaskIdRole, m_currentId, 1,
                                   Qt::MatchExactly);
        if (!kept.isEmpty())
            m_list->setCurrentIndex(kept.first());
        else if (m_proxy->rowCount() > 0)
            m_list->setCurrentIndex(m_proxy->index(0, 0));
        updateEmptyHint();
        Q_EMIT currentTaskChanged(); // a reset drops the current index without a word
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(m_emptyHint, 1);
    updateEmptyHint();
}

void TaskListPanel::updateEmptyHint()
{
    const bool empty = m_proxy->rowCount() == 0;
    if (!empty) {
        m_emptyHint->hide();
        m_list->show();
        return;
    }
    // The hint is its own accessible name: a screen reader reads what to do.
    const QString text
        = m_proxy->sourceModel()->rowCount() == 0
              ? tr("No tasks yet — New task (%1) or Quick run (%2)")
                    .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText),
                         QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText))
              : tr("No task matches \"%1\"").arg(m_filter->text());
    m_emptyHint->setText(text);
    m_emptyHint->setAccessibleName(text);
    m_list->hide();
    m_emptyHint->show();
}

bool TaskListPanel::selectTask(const QString &name)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data().toString() == name) {
            m_list->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

QString TaskListPanel::selectedTaskName() const
{
    const QModelIndex index = m_list->currentIndex();
    return index.isValid() ? index.data().toString() : QString();
}

void TaskListPanel::setContextActions(const QList<QAction *> &actions)
{
    for (QAction *action : m_list->actions())
        m_list->removeAction(action);
    for (QAction *action : actions) {
        if (action)
            m_list->addAction(action);
    }
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
}

QString TaskListPanel::selectedTaskId() const
{
    const QModelIndex index = m_list->currentIndex();
    return index.isValid() ? index.data(TaskListModel::TaskIdRole).toString() : QString();
}
