#pragma once

#include "taskeditorsection.h"

class QListWidget;
class QListWidgetItem;
class QPushButton;
class QRadioButton;

// The task editor's Dependencies (page "Running"): the library's other tasks in a list, those
// ticked run before this one - in the list's order when in sequence (Move up / Move down order
// them) - and whether they run in sequence or in parallel. A cycle through the other tasks' own
// dependencies, or a name that is no longer a saved task, is a problem with the path of the
// cycle: the task cannot be saved so.
class DependenciesSection : public TaskEditorSection
{
    Q_OBJECT
public:
    DependenciesSection(const Task &task, const TaskEditorContext &context,
                        QWidget *parent = nullptr);

    void store(Task *task) const override;
    QStringList problems(const Task &task) const override;

private:
    void addItem(const QString &name, bool checked, bool known);
    void move(int by);
    void updateButtons();

    TaskEditorContext m_context;
    QListWidget *m_list;
    QRadioButton *m_sequence;
    QRadioButton *m_parallel;
    QPushButton *m_up;
    QPushButton *m_down;
};
