#pragma once

#include "task.h"
#include "tasklibrary.h"

#include <QObject>

class QAction;
class QWidget;
class TaskEditorDialog;
class TaskLibrary;
class TaskListPanel;
class UserPrompts;

// What the user does with the task library: New, Edit, Duplicate, Delete, Import and Export -
// the actions, for the window to place in its menus and toolbar - the editor dialog, saving a
// quick run's task, and loading the library with its messages. The task acted on is the list's
// current one; the window runs what runRequested() asks for. Questions and files go through the
// prompts; errors about the library file (a failed save, a file changed outside that cannot be
// read) are shown as they come.
class LibraryActions : public QObject
{
    Q_OBJECT
public:
    // library, list and prompts are not owned and outlive this; window is the dialogs' parent
    // and this object's.
    LibraryActions(TaskLibrary *library, TaskListPanel *list, UserPrompts *prompts,
                   QWidget *window);

    QAction *newAction() const { return m_new; }
    QAction *editAction() const { return m_edit; }
    QAction *duplicateAction() const { return m_duplicate; }
    QAction *deleteAction() const { return m_delete; }
    QAction *importAction() const { return m_import; }
    QAction *exportAction() const { return m_export; }
    TaskEditorDialog *openEditor() const { return m_editor; } // null when none is open
    // "Imported 3 tasks, skipped 2 already in the library, renamed 1 (...)."
    static QString importSummary(const TaskLibrary::ImportResult &result);

public Q_SLOTS:
    // Loads the library and says what was wrong with it once the window is up; from then on
    // its file is watched for changes made outside.
    void load();
    void newTask();
    void editTask();
    void duplicateTask();
    void deleteTask(); // asks first
    // A task that is not in the library (a quick run's) in the editor, under a name not taken.
    void saveToLibrary(const Task &task);
    void importTasks();                        // asks for a file
    bool importTasksFrom(const QString &path); // false (and the user told) if refused
    void exportTasks();                        // asks for a file
    void runSelected();                        // runRequested(the current task), if any

Q_SIGNALS:
    void runRequested(const Task &task);
    void statusMessage(const QString &text); // for the status bar: what an import did

private:
    // One editor at a time; replaceId: the task it edits, empty for a new one; title: what the
    // dialog does ("New task", "Edit task", "Save quick run").
    void editInDialog(const Task &task, const QString &replaceId, const QString &title);
    void updateActions(); // enabled when there is a task to act on
    const Task *selectedTask() const;
    void sayLibraryProblem(const QString &text); // a message box titled "Task library"

    TaskLibrary *m_library;
    TaskListPanel *m_list;
    UserPrompts *m_prompts;
    QWidget *m_window;
    TaskEditorDialog *m_editor = nullptr;
    QAction *m_new = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_import = nullptr;
    QAction *m_export = nullptr;
};
