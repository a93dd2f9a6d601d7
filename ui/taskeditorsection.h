#pragma once

#include "task.h"

#include <QList>
#include <QStringList>
#include <QWidget>

// What a section of the task editor knows besides the task it edits: the library's other tasks
// (a dependency names one; a cycle goes through them).
struct TaskEditorContext
{
    QList<Task> otherTasks; // the library's tasks but the one edited
};

// One part of the task editor beyond the command: concurrency, dependencies, restarts, triggers,
// parameters. It shows its own fields of the task (filled in its constructor), writes them back,
// and names their problems; the dialog places it on a page and checks the whole task again on
// changed(). A section of its own per concern keeps the dialog from being one class that knows
// every field.
class TaskEditorSection : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Writes its fields into task (the rest of the task is the dialog's).
    virtual void store(Task *task) const = 0;
    // Why the task cannot be saved as it is, as far as this section's fields go: one sentence
    // each, naming the field. task is the whole task as the dialog has it now.
    virtual QStringList problems(const Task &task) const
    {
        Q_UNUSED(task)
        return {};
    }

Q_SIGNALS:
    void changed();
};
