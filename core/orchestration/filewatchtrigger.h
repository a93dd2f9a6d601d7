#pragma once

#include "debouncer.h"
#include "filewatcher.h"
#include "taskwatch.h"

#include <QObject>
#include <QString>

// A task's file-change trigger: its TaskWatch armed on a FileWatcher, a burst of changes
// debounced into one fired(). Whoever owns it (the window's triggers, taskrunner-cli watch)
// starts the task on fired(); restartOnChange says whether a run still going is restarted.
//
// isArmed() while at least one path is watched; problem() says what is not (a path that does
// not exist, the inotify watch limit, bad globs) - both can hold at once.
class FileWatchTrigger : public QObject
{
    Q_OBJECT
public:
    // baseDirectory: where relative paths are taken from (the task's working directory).
    FileWatchTrigger(const TaskWatch &watch, const QString &baseDirectory,
                     QObject *parent = nullptr);

    // For tests: at most this many inotify watches (FileWatcher::Options::maxWatches).
    void setMaxWatches(int count) { m_maxWatches = count; }

    bool arm();
    void disarm();
    bool isArmed() const { return m_watcher.isArmed(); }
    QString problem() const { return m_watcher.problem(); }
    const TaskWatch &watch() const { return m_watch; }
    QStringList resolvedPaths() const { return m_paths; }
    // The first path that changed in the burst that fired last.
    QString lastChange() const { return m_lastChange; }
    int changesInLastBurst() const { return m_changesInLastBurst; }

    FileWatcher *watcher() { return &m_watcher; }
    Debouncer *debouncer() { return &m_debouncer; }

Q_SIGNALS:
    void fired();
    void problemChanged(const QString &problem);

private:
    TaskWatch m_watch;
    QStringList m_paths;
    FileWatcher m_watcher;
    Debouncer m_debouncer;
    int m_maxWatches = 0;
    QString m_burstFirst;
    int m_burstCount = 0;
    QString m_lastChange;
    int m_changesInLastBurst = 0;
};
