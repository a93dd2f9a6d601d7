#pragma once

#include "task.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The user's saved tasks: a versioned JSON file, written atomically with mode 0600.
class TaskLibrary
{
public:
    static constexpr int FormatVersion = 1;

    struct LoadResult
    {
        bool ok = true;
        QString error;      // what was wrong with the file, for the user
        QString backupPath; // where the unreadable file was kept, when it was moved aside
    };

    // The library file under the XDG config dir: $XDG_CONFIG_HOME/taskrunner/tasks.json.
    static QString defaultPath();

    // Loads path. A missing file is an empty library. A corrupt or unreadable one is never
    // overwritten: it is moved aside as a backup (path.corrupt-<timestamp>) and the result says
    // what was wrong; the library is then empty.
    // Read-only users (the CLI) pass keepBackup = false and leave the file where it is.
    LoadResult load(const QString &path, bool keepBackup = true);
    // Saves atomically (QSaveFile) with mode 0600; false with *error set on failure.
    bool save(const QString &path, QString *error) const;

    static QByteArray toJson(const QList<Task> &tasks);
    // Reads tasks from JSON (a library file or an export); false with *error on bad input.
    static bool fromJson(const QByteArray &json, QList<Task> *tasks, QString *error);

    const QList<Task> &tasks() const { return m_tasks; }
    QStringList names() const;
    const Task *find(const QString &name) const;
    int indexOf(const QString &name) const;
    void add(const Task &task) { m_tasks.append(task); }
    void replace(int index, const Task &task) { m_tasks[index] = task; }
    void remove(int index) { m_tasks.removeAt(index); }
    // A name not yet taken: "name", "name (2)", ...
    QString uniqueName(const QString &wanted) const;

private:
    QList<Task> m_tasks;
};
