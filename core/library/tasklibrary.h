#pragma once

#include "task.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

class QFileSystemWatcher;

// The user's saved tasks: a versioned JSON file, written atomically with mode 0600, and the one
// object both front ends read it through (the desktop app changes it too; the CLI only reads).
//
// Every field of every task is type-checked when read. A task with a bad field is set aside:
// the others load, the result says which task and which field, and the set-aside task's JSON
// is kept as it was and written back with the library, so nothing the user wrote is lost.
//
// The file itself is read only when it is safe to trust, as OpenSSH checks authorized_keys: a
// regular file (a symlink is followed; the checks are on the file it leads to), owned by the
// user, not writable by group or others. Otherwise it is refused, left where it is, and saving
// is refused too until the file has been read - an empty library must never be saved over a
// file that was not read. Nothing is saved before the first load().
//
// Changes: add(), importTasks(), replace() and remove() change the tasks in memory, save the
// file at once and emit changed() once - there are no unsaved edits to lose at a crash. A change
// that is refused (an unknown id, a name that is empty or taken) changes nothing and emits
// nothing. A save that fails or is refused keeps the change in memory (the window goes on with
// it) and says why through saveFailed().
//
// Watching (watchFile(), the desktop app): a change made to the file from outside - the user's
// editor, another instance - is read back and emits changed(); our own saves are not, as the
// file is compared with what was last read or written. A file read back is never moved aside,
// and what is in memory is never given up for a file that cannot be taken: one that is damaged,
// unsafe or unreadable keeps what was loaded, is not saved over until it reads well again, and
// fileProblem() says why; so does a file changed outside while a change made here is not in it
// (a failed save): then neither is lost - the file is not reloaded and not saved over.
class TaskLibrary : public QObject
{
    Q_OBJECT
public:
    static constexpr int FormatVersion = 1;
    // A library file bigger than this is refused rather than read into memory.
    static constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;
    // How long a watched file must be quiet before it is read back (an editor's writes come
    // in bursts), and how long a file that reads badly is given to be finished before that is
    // said (an editor writing in place was caught half-way).
    static constexpr int SettleMs = 200;
    static constexpr int ConfirmMs = 1000;

    struct LoadResult
    {
        enum class Problem {
            None,
            Corrupt,    // not valid JSON or not a library: moved aside as a backup
            Unsafe,     // not a regular file, not the user's, writable by others: refused
            Unreadable, // cannot be opened or read (permission denied, I/O error): refused
        };
        bool ok = true;
        Problem problem = Problem::None;
        QString error;      // what was wrong with the file, for the user
        QString backupPath; // where the corrupt file was kept, when it was moved aside
        // The file loaded, but: tasks set aside (bad fields), names used more than once.
        QStringList warnings;
    };

    // A task that could not be read, kept as it was in the file.
    struct SetAsideTask
    {
        int index = 0; // 0-based position in the file's "tasks" list
        QString name;  // when it had a readable one
        QString problem;
        QJsonValue json;
    };

    // The library file under the XDG config dir: $XDG_CONFIG_HOME/taskrunner/tasks.json.
    static QString defaultPath();

    // The library of the file at path; empty, and not saved, until load().
    explicit TaskLibrary(const QString &path, QObject *parent = nullptr);
    ~TaskLibrary() override;
    QString path() const { return m_path; }

    // Loads the file and emits changed(). A missing file is an empty library. A corrupt one
    // (bad JSON, not a library) is never overwritten: it is moved aside as a backup
    // (path.corrupt-<timestamp>) and the result says what was wrong; the library is then empty.
    // A file refused as unsafe or unreadable is left where it is (never renamed), the library
    // is empty, and save() refuses until the file has been read. The file is never written by
    // load(). A FIFO or device never blocks it. Read-only users (the CLI) pass keepBackup =
    // false: nothing is moved.
    LoadResult load(bool keepBackup = true);
    // Saves atomically (QSaveFile) with mode 0600, set-aside tasks included as they were; false
    // with *error set on failure, and when it refuses (see saveRefusal()). Every change saves
    // itself; this is for a caller that wants to know.
    bool save(QString *error = nullptr);
    // Why save() refuses, empty when it does not.
    QString saveRefusal() const { return m_saveRefusal; }

    // From now on, a change made to the file outside this object is read back (see above).
    void watchFile();

    static QByteArray toJson(const QList<Task> &tasks,
                             const QList<SetAsideTask> &setAside = QList<SetAsideTask>());
    // Reads tasks from JSON strictly (an export to import): false with *error when the input
    // is not a library, when any task has a bad field, or when two tasks share a name.
    static bool fromJson(const QByteArray &json, QList<Task> *tasks, QString *error);

    const QList<Task> &tasks() const { return m_tasks; }
    const QList<SetAsideTask> &setAsideTasks() const { return m_setAside; }
    QStringList names() const;
    const Task *find(const QString &name) const;
    // What the app says, wherever it is asked, when find(name) finds none.
    static QString noSuchTaskMessage(const QString &name);
    const Task *findById(const QString &id) const;
    int indexOf(const QString &name) const;
    int count(const QString &name) const; // how many tasks have this name
    // Names used by more than one task, each once, in order of first use.
    static QStringList duplicateNames(const QList<Task> &tasks);
    // The names a task may not take: every other task's (all but the one of exceptId) and the
    // set-aside tasks', which keep theirs for when they are fixed.
    QStringList takenNames(const QString &exceptId = QString()) const;
    // A name not yet taken: "name", "name (2)", ...
    QString uniqueName(const QString &wanted) const;

    // The changes (see above): each emits changed() once and saves, or refuses and does nothing.
    // Adds task; it gets a fresh id when it has none or one another task has (a duplicate, an
    // import). Refused when its name is empty or taken.
    bool add(const Task &task);
    // What an import did, task by task, for the user's summary.
    struct ImportResult
    {
        bool refused = false; // no task, or one without a name: nothing was imported
        QStringList added;    // the names the added tasks were given, in order
        // Tasks the library has already, the same in every field but the id (under the same
        // name, or that name with a " (N)" a former import gave it): not added again.
        QStringList skipped;
        // Tasks whose name another, different task has: added under a free name.
        QList<QPair<QString, QString>> renamed; // (name in the file, name given)
    };
    // Adds tasks as one change (an import): a task the library has already is skipped, one
    // whose name is taken by another task gets a free name (uniqueName()). Refused when there
    // are none, or one has no name. Nothing to add is no change: nothing emitted or saved.
    ImportResult importTasks(const QList<Task> &tasks);
    // The same task but for its name and id: every field of what it runs compared.
    static bool sameTask(const Task &a, const Task &b);
    // Replaces the task with this id; the replacement keeps the id. Refused when no task has the
    // id (any more), or the new name is empty or another task's. A new name is carried into the
    // other tasks' dependencies on it.
    bool replace(const QString &id, const Task &task);
    // Removes the task with this id; refused when there is none.
    bool remove(const QString &id);

Q_SIGNALS:
    void changed(); // the tasks are other than they were: load(), a change, the file read back
    // A change made here is in memory but not in the file: it could not be written, or saving
    // is refused (saveRefusal()). error says which.
    void saveFailed(const QString &error);
    // The watched file changed outside and cannot be taken as it is (what is in memory is kept,
    // and not saved over it), or it was read back with warnings (a task set aside, a name used
    // twice). text says what, for the user.
    void fileProblem(const QString &text);

private:
    QStringList loadWarnings() const; // set-aside tasks, duplicate names
    bool nameFree(const QString &name, const QString &exceptId) const;
    int indexOfId(const QString &id) const;
    void append(Task task); // with a fresh id when it has none or a taken one
    // A change made in memory: saved, then told.
    void changeMade();
    // The watch: look again at the file; confirmBad waits ConfirmMs before a bad file counts.
    void checkFile(bool confirmBad);
    void rearmWatch();

    QString m_path;
    QList<Task> m_tasks;
    QList<SetAsideTask> m_setAside;
    QString m_saveRefusal;
    // The file as last read or written (a digest of its bytes, or how it was refused, or that
    // it was missing): what the watch compares with, so that our own saves are not read back.
    QByteArray m_fileState;
    QByteArray m_badStateSeen; // a bad file seen once, waiting for ConfirmMs to count
    bool m_unsaved = false;    // a change made here is not in the file
    std::unique_ptr<QFileSystemWatcher> m_watcher; // only once watchFile() is called
    QTimer m_settle;
};
