#include "libraryactions.h"

#include "namedwidget.h"
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

const Task *LibraryActions::selectedTask() const
{
    return m_library->findById(m_list->selectedTaskId());
}

void LibraryActions::newTask()
{
    Task task;
    task.spec.useShell = true;
    editInDialog(task, QString());
}

void LibraryActions::editTask()
{
    if (const Task *task = selectedTask())
        editInDialog(*task, task->id);
}

void LibraryActions::saveToLibrary(const Task &task)
{
    Task named = task;
    named.name = m_library->uniqueName(task.name);
    editInDialog(named, QString());
}

void LibraryActions::editInDialog(const Task &task, const QString &replaceId)
{
    if (m_editor)
        return; // one at a time
    m_editor = new TaskEditorDialog(task, m_library->takenNames(replaceId), m_prompts, m_window);
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
    m_prompts->chooseFile(m_window, UserPrompts::FileChoice::Open, tr("Import tasks"), QString(),
                          tr("Task files (*.json)"),
                          [this](const QString &path) { importTasksFrom(path); });
}

bool LibraryActions::importTasksFrom(const QString &path)
{
    QFile file(path);
    QList<Task> tasks;
    QString error;
    // fromJson refuses a file with a bad field or two tasks of the same name: nothing of it is
    // imported. A name the library has already gets a " (2)" suffix, and the status bar says so.
    if (!file.open(QIODevice::ReadOnly))
        error = file.errorString();
    else if (TaskLibrary::fromJson(file.readAll(), &tasks, &error)) {
        const QStringList given = m_library->importTasks(tasks);
        QStringList renamed;
        for (int i = 0; i < given.size(); ++i) {
            if (given.at(i) != tasks.at(i).name)
                renamed.append(tr("\"%1\" as \"%2\"").arg(tasks.at(i).name, given.at(i)));
        }
        Q_EMIT statusMessage(
            renamed.isEmpty()
                ? tr("Imported %n task(s).", nullptr, int(given.size()))
                : tr("Imported %n task(s); names taken already: %1.", nullptr, int(given.size()))
                      .arg(renamed.join(QLatin1String(", "))));
        return true;
    }
    m_prompts->showError(m_window, tr("Import tasks"), tr("Cannot import %1: %2").arg(path, error));
    return false;
}

void LibraryActions::exportTasks()
{
    // The library as it is when the file is chosen.
    m_prompts->chooseFile(
        m_window, UserPrompts::FileChoice::Save, tr("Export tasks"), QStringLiteral("tasks.json"),
        tr("Task files (*.json)"), [this](const QString &path) {
            writeFileOrSay(m_prompts, m_window, path, TaskLibrary::toJson(m_library->tasks()),
                           tr("Export tasks"));
        });
}
