#pragma once

#include "tasklistmodel.h"

#include <QStyledItemDelegate>

// The task list's rows: the task's name, and on the right, muted, how its last run went and
// when ("exited 0 · 2 min ago · 14 s"), from the model's LastRunRole. The name stays the item's
// text, so filtering, sorting and selection by name are unchanged.
class TaskListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int LastRunRole = TaskListModel::LastRunRole;

    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};
