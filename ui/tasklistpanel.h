#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class TaskListModel;

// The library's side of the window: a filter box over the task list, sorted by name, keyboard
// navigable (Enter in the filter box moves into the list). The current task stays current when
// the list is refreshed; when it is gone, the first one is. An empty list says what to do instead:
// how to add a task to an empty library, or that the filter matches none.
class TaskListPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TaskListPanel(TaskListModel *model, QWidget *parent = nullptr);

    bool selectTask(const QString &name); // false if it is not shown
    QString selectedTaskName() const;     // empty when none is
    QString selectedTaskId() const;
    // What the list's context menu offers (the menu key and Shift+F10 open it too).
    void setContextActions(const QList<QAction *> &actions);

Q_SIGNALS:
    void activated();          // Enter or a double-click on a task
    void currentTaskChanged(); // another task is current, or none is

private:
    void updateEmptyHint();

    QLineEdit *m_filter = nullptr;
    QLabel *m_emptyHint = nullptr; // instead of the list while it shows no task
    QListView *m_list = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QString m_currentId; // across a refresh
};
