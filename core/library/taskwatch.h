#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// A task's file-change trigger: run the task when something changes under its paths. Off while
// paths is empty (every task written before triggers existed).
//
// Paths are files or directories; a relative one is taken from the task's working directory
// (the home directory when it has none), "~/" from the home directory. Globs (WatchGlob) are
// matched against the path relative to the watched directory: without a '/' against the name
// alone, at any depth ("*.cpp"); with one, against the whole relative path ("build/**",
// "src/*.h"). A path matching an ignore glob never counts (and an ignored directory is not
// watched at all); with include globs, only a path matching one of them counts.
struct TaskWatch
{
    QStringList paths;
    QStringList include; // empty: every file counts
    QStringList ignore;
    bool recursive = true;
    int debounceMs = DefaultDebounceMs; // a burst of changes closer than this is one fire
    bool restartOnChange = true;        // a change while the task runs stops it and starts again

    static constexpr int DefaultDebounceMs = 300;
    static constexpr int MaxDebounceMs = 3600 * 1000;

    bool isOn() const { return !paths.isEmpty(); }
    bool operator==(const TaskWatch &other) const;
    bool operator!=(const TaskWatch &other) const { return !(*this == other); }
};

// The task's "watch" object into/out of a task's JSON object. Written only when the watch is on,
// so a task without one is written as before. readTaskWatch returns the problem (naming the key,
// "\"watch\".\"debounceMs\" is ...") or an empty string; without the key the watch stays off.
void writeTaskWatch(const TaskWatch &watch, QJsonObject *task);
QString readTaskWatch(const QJsonObject &task, TaskWatch *watch);

// Why the watch cannot be saved as it is, one sentence per problem naming the field: an empty
// path, an empty or malformed glob, a debounce out of range. A path that does not exist is not
// one of them: the trigger says so in the task list, and waits for it to appear.
QStringList validateTaskWatch(const TaskWatch &watch);

// Where a watch path points: absolute and clean. "~" and "~/..." are the home directory's;
// a relative path is taken from baseDirectory (the task's working directory; home when empty).
QString resolveWatchPath(const QString &path, const QString &baseDirectory);
