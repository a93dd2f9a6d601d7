#include "libraryactions.h"

#include "namedwidget.h"
#include "rememberedfolder.h"
#include "taskeditordialog.h"
#include "tasklibrary.h"
#include "tasklistpanel.h"
#include "userprompts.h"

#include <QAction>
#include <QFile>
#include <QTimer>
#include <QWidget>

LibraryActions::LibraryActions(TaskLibrary *library, TaskListPanel *list, UserPrompts *prompts,
                               QWidget *window)
    : QObject(window)
    , m_library(library)
    , m_list(list)
    , m_prompts(prompts)
    , m_window(window)
{
    const auto action = [this](const char *name, const QString &text,
                               const QList<QKeySequence> &keys, void (LibraryActions::*slot)()) {
        QAction *created = makeAction(this, name, text, keys);
        connect(created, &QAction::triggered, this, slot);
        return created;
    };
    m_new
        = action("newTaskAction", tr("&New task…"), {QKeySequence::New}, &LibraryActions::newTask);
    m_edit = action("editTaskAction", tr("&Edit…"), {Qt::Key_F2}, &LibraryActions::editTask);
    m_duplicate = action("duplicateTaskAction", tr("D&uplicate"), {Qt::CTRL | Qt::Key_D},
                         &LibraryActions::duplicateTask);
    m_delete = action("deleteTaskAction", tr("&Delete…"), {QKeySequence::Delete},
                      &LibraryActions::deleteTask);
    m_import = action("importAction", tr("&Import tasks…"), {}, &LibraryActions::importTasks);
    m_export = action("exportAction", tr("E&xport tasks…"), {}, &LibraryActions::exportTasks);

    connect(m_list, &TaskListPanel::activated, this, &LibraryActions::runSelected);
    // Edit, Duplicate and Delete act on the current task: off while there is none.
    connect(m_list, &TaskListPanel::currentTaskChanged, this, &LibraryActions::updateActions);
    connect(m_library, &TaskLibrary::changed, this, &LibraryActions::updateActions);
    updateActions();
    connect(m_library, &TaskLibrary::saveFailed, this, &LibraryActions::sayLibraryProblem);
    connect(m_library, &TaskLibrary::fileProblem, this, &LibraryActions::sayLibraryProblem);
}

void LibraryActions::sayLibraryProblem(const QString &text)
{
    m_prompts->showError(m_window, tr("Task library"), text);
}

void LibraryActions::load()
{
    const TaskLibrary::LoadResult loaded = m_library->load();
    QString text;
    if (!loaded.ok) {
        text = loaded.error;
        if (!loaded.backupPath.isEmpty())
            text += tr("\n\nThe file was kept as %1; the library starts empty.")
                        .arg(loaded.backupPath);
        else if (loaded.problem == TaskLibrary::LoadResult::Problem::Corrupt)
            text += tr("\n\nThe file was left where it is and will not be overwritten until you "
                       "save a change.");
        else
            text += tr("\n\nThe file was left where it is and the library starts empty. Tasks "
                       "you add now cannot be saved: taskrunner will not write over a file it "
                       "did not read. Fix the file and it is read at once - unless you added "
                       "tasks here meanwhile: then start taskrunner again.");
    }
    // Set-aside tasks and duplicate names: the library loaded, but the user must know.
    for (const QString &warning : loaded.warnings)
        text += (text.isEmpty() ? QString() : QStringLiteral("\n\n")) + warning;
    if (!text.isEmpty()) {
        // Queued: the window is up and responsive behind the message.
        QTimer::singleShot(0, this, [this, text] { sayLibraryProblem(text); });
    }
    m_library->watchFile();
}

void LibraryActions::updateActions()
{
    const bool selected = selectedTask() != nullptr;
    for (QAction *action : {m_edit, m_duplicate, m_delete})
        action->setEnabled(selected);
}

const Task *LibraryActions::selectedTask() const
{
    return m_library->findById(m_list->selectedTaskId());
}

void LibraryActions::newTask()
{
    Task task;
    task.spec.useShell = true;
    editInDialog(task, QString(), tr("New task"));
}

void LibraryActions::editTask()
{
    if (const Task *task = selectedTask())
        editInDialog(*task, task->id, tr("Edit task"));
}

void LibraryActions::saveToLibrary(const Task &task)
{
    Task named = task;
    named.name = m_library->uniqueName(task.name);
    named.id.clear(); // a new task of the library
    editInDialog(named, QString(), tr("Save quick run"));
}

void LibraryActions::editInDialog(const Task &task, const QString &replaceId, const QString &title)
{
    if (m_editor)
        return; // one at a time
    TaskEditorContext context;
    for (const Task &other : m_library->tasks()) {
        if (replaceId.isEmpty() || other.id != replaceId)
            context.otherTasks.append(other);
    }
    m_editor = new TaskEditorDialog(task, m_library->takenNames(replaceId), m_prompts, m_window,
                                    context);
    m_editor->setWindowTitle(title);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    // open(), not exec(): window-modal without a nested event loop, so tests drive it freely.
    connect(m_editor, &QDialog::finished, this, [this, replaceId](int result) {
        TaskEditorDialog *editor = m_editor;
        m_editor = nullptr;
        if (result != QDialog::Accepted)
            return;
        Task edited = editor->task();
        if (replaceId.isEmpty() || !m_library->replace(replaceId, edited)) {
            // New - or the task was deleted or its name taken while the editor was open (the
            // file changed outside): added under a free name, so that nothing typed is lost.
            const QString wanted = edited.name;
            edited.name = m_library->uniqueName(wanted);
            if (!m_library->add(edited))
                return;
            if (edited.name != wanted)
                Q_EMIT statusMessage(
                    tr("Saved as \"%1\": \"%2\" was taken meanwhile.").arg(edited.name, wanted));
        }
        m_list->selectTask(edited.name);
    });
    m_editor->open();
}

void LibraryActions::duplicateTask()
{
    const Task *task = selectedTask();
    if (!task)
        return;
    Task copy = *task;
    copy.name = m_library->uniqueName(task->name + tr(" copy"));
    if (m_library->add(copy))
        m_list->selectTask(copy.name);
}

void LibraryActions::deleteTask()
{
    const Task *task = selectedTask();
    if (!task)
        return;
    const QString id = task->id; // the question lets events in: the task may be gone after it
    if (m_prompts->confirmDelete(m_window, task->name))
        m_library->remove(id);
}

void LibraryActions::runSelected()
{
    if (const Task *task = selectedTask())
        Q_EMIT runRequested(*task);
}

void LibraryActions::importTasks()
{
    // Import and Export start where task files were last read or written (else Documents or
    // home), not in the app's working folder.
    const RememberedFolder folder(QStringLiteral("dialogs/tasksDir"));
    m_prompts->chooseFile(m_window, UserPrompts::FileChoice::Open, tr("Import tasks"),
                          folder.folder(), tr("Task files (*.json)"),
                          [this, folder](const QString &path) {
                              if (importTasksFrom(path))
                                  folder.remember(path);
                          });
}

bool LibraryActions::importTasksFrom(const QString &path)
{
    QFile file(path);
    QList<Task> tasks;
    QString error;
    // fromJson refuses a file with a bad field or two tasks of the same name: nothing of it is
    // imported. A task the library has already is skipped; one whose name another task has is
    // added under a free name; the status bar sums it up.
    if (!file.open(QIODevice::ReadOnly))
        error = file.errorString();
    else if (TaskLibrary::fromJson(file.readAll(), &tasks, &error)) {
        const TaskLibrary::ImportResult result = m_library->importTasks(tasks);
        if (!result.refused) {
            Q_EMIT statusMessage(importSummary(result));
            return true;
        }
        error = tr("it has no tasks, or one without a name");
    }
    m_prompts->showError(m_window, tr("Import tasks"), tr("Cannot import %1: %2").arg(path, error));
    return false;
}

QString LibraryActions::importSummary(const TaskLibrary::ImportResult &result)
{
    const int added = int(result.added.size());
    QString text = added == 1 ? tr("Imported 1 task") : tr("Imported %1 tasks").arg(added);
    if (!result.skipped.isEmpty())
        text += tr(", skipped %1 already in the library").arg(result.skipped.size());
    if (!result.renamed.isEmpty()) {
        QStringList pairs;
        for (const auto &[wanted, given] : result.renamed)
            pairs.append(tr("\"%1\" as \"%2\"").arg(wanted, given));
        text += tr(", renamed %1 (the name was another task's: %2)")
                    .arg(QString::number(result.renamed.size()), pairs.join(QLatin1String(", ")));
    }
    return text + u'.';
}

void LibraryActions::exportTasks()
{
    // The library as it is when the file is chosen.
    const RememberedFolder folder(QStringLiteral("dialogs/tasksDir"));
    m_prompts->chooseFile(m_window, UserPrompts::FileChoice::Save, tr("Export tasks"),
                          folder.startFor(QStringLiteral("tasks.json")), tr("Task files (*.json)"),
                          [this, folder](const QString &path) {
                              if (writeFileOrSay(m_prompts, m_window, path,
                                                 TaskLibrary::toJson(m_library->tasks()),
                                                 tr("Export tasks")))
                                  folder.remember(path);
                          });
}
