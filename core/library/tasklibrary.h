#pragma once

#include "task.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// The user's saved tasks: a versioned JSON file, written atomically with mode 0600.
//
// Every field of every task is type-checked when read. A task with a bad field is set aside:
// the others load, the result says which task and which field, and the set-aside task's JSON
// is kept as it was and written back with the library, so nothing the user wrote is lost.
//
// The file itself is read only when it is safe to trust, as OpenSSH checks authorized_keys: a
// regular file (a symlink is followed; the checks are on the file it leads to), owned by the
// user, not writable by group or others. Otherwise it is refused, left where it is, and saving
// is refused too until the program is restarted with the file fixed - an empty library must
// never be saved over a file that was not read.
class TaskLibrary
{
public:
    static constexpr int FormatVersion = 1;
    // A library file bigger than this is refused rather than read into memory.
    static constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;

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

    // Loads path. A missing file is an empty library. A corrupt one (bad JSON, not a library) is
    // never overwritten: it is moved aside as a backup (path.corrupt-<timestamp>) and the
    // result says what was wrong; the library is then empty. A file refused as unsafe or
    // unreadable is left where it is (never renamed), the library is empty, and save() refuses
    // until a later load() succeeds. The file is never written by load(). A FIFO or device
    // never blocks it. Read-only users (the CLI) pass keepBackup = false: nothing is moved.
    LoadResult load(const QString &path, bool keepBackup = true);
    // Saves atomically (QSaveFile) with mode 0600, set-aside tasks included as they were;
    // false with *error set on failure, and when the last load() refused the file.
    bool save(const QString &path, QString *error) const;
    // Why save() refuses, empty when it does not.
    QString saveRefusal() const { return m_saveRefusal; }

    static QByteArray toJson(const QList<Task> &tasks,
                             const QList<SetAsideTask> &setAside = QList<SetAsideTask>());
    // Reads tasks from JSON strictly (an export to import): false with *error when the input
    // is not a library, when any task has a bad field, or when two tasks share a name.
    static bool fromJson(const QByteArray &json, QList<Task> *tasks, QString *error);

    const QList<Task> &tasks() const { return m_tasks; }
    const QList<SetAsideTask> &setAsideTasks() const { return m_setAside; }
    QStringList names() const;
    const Task *find(const QString &name) const;
    int indexOf(const QString &name) const;
    int count(const QString &name) const; // how many tasks have this name
    // Names used by more than one task, each once, in order of first use.
    static QStringList duplicateNames(const QList<Task> &tasks);
    // Adds task; it gets a fresh id when it has none or one another task has (a duplicate, an
    // import).
    void add(const Task &task);
    // Replaces the task at index; the replacement keeps that task's id.
    void replace(int index, const Task &task);
    const Task *findById(const QString &id) const;
    void remove(int index) { m_tasks.removeAt(index); }
    // A name not yet taken: "name", "name (2)", ...
    QString uniqueName(const QString &wanted) const;

private:
    QList<Task> m_tasks;
    QList<SetAsideTask> m_setAside;
    QString m_saveRefusal;
};
