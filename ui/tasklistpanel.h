#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class TaskListModel;

// The library's side of the window: a filter box over the task list, sorted by name, keyboard
// navigable (Enter in the filter box moves into the list). The current task stays current when
// the list is refreshed; when it is gone, the first one is.
class TaskListPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TaskListPanel(TaskListModel *model, QWidget *parent = nullptr);

    bool selectTask(const QString &name); // false if it is not shown
    QString selectedTaskName() const;     // empty when none is
    QString selectedTaskId() const;

Q_SIGNALS:
    void activated(); // Enter or a double-click on a task

private:
    QLineEdit *m_filter = nullptr;
    QListView *m_list = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QString m_currentId; // across a refresh
};
