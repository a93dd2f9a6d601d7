#pragma once

#include "watchglob.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

class QSocketNotifier;

// Watches files and directory trees with inotify, itself: QFileSystemWatcher is not recursive,
// and adding a watch per directory through it is slow on a big tree. One inotify watch per
// directory (a watched file is watched through its directory, so that an editor's save by
// rename is seen); changed() per change that counts for the filter - callers debounce.
//
// It keeps up with the tree: a directory created (or moved in) is watched and read at once, so
// that files made in it before its watch was added still count; one removed or moved away is
// let go. A root that vanishes (or a file root's directory) is said in problem() and looked
// for every RootPollMs until it is back, then watched again - its return is a change. A lost
// queue (IN_Q_OVERFLOW) is a change, and everything is watched afresh. Running out of inotify
// watches (ENOSPC; fs.inotify.max_user_watches) is never silent: problem() says so, with how many
// directories are still watched.
class FileWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int RootPollMs = 1000;

    struct Options
    {
        QStringList paths; // absolute files or directories
        QStringList include;
        QStringList ignore;
        bool recursive = true;
        // For tests: act as if the system allowed this many watches (0: the system's limit).
        int maxWatches = 0;
    };

    explicit FileWatcher(QObject *parent = nullptr);
    ~FileWatcher() override;

    // Starts watching (again, from scratch). False when nothing at all could be watched; the
    // reason is problem(). Bad globs are a problem too, and nothing is watched then.
    bool arm(const Options &options);
    void disarm();

    bool isArmed() const { return m_armed; }
    // Empty when every path is watched whole; else sentences: what is missing, what could not
    // be watched and why, the watch limit.
    QString problem() const { return m_problem; }
    int watchCount() const { return int(m_pathOfWd.size()); }

    // For tests: handles buffer as if read from inotify (struct inotify_event records) - the
    // way to show it a queue overflow, which cannot be made on demand without touching the
    // system-wide fs.inotify.max_queued_events.
    void injectEvents(const QByteArray &buffer) { handleBuffer(buffer.constData(), buffer.size()); }

    // The system's limit on inotify watches per user (fs.inotify.max_user_watches), 0 unknown.
    static int systemWatchLimit();

Q_SIGNALS:
    // Something at path changed that counts for the filter (path is the root itself when a
    // root came back, or when events were lost).
    void changed(const QString &path);
    void problemChanged(const QString &problem);

private:
    struct Root
    {
        QString path;
        bool isFile = false;
        bool present = false; // its watch base (itself, or a file root's directory) is watched
        QString base() const;
    };

    void readEvents();
    // False when it stopped at an overflow (everything is watched afresh, later).
    bool handleBuffer(const char *buffer, qsizetype size);
    void handleEvent(int wd, quint32 mask, const QString &name);
    void armRoot(Root *root, bool announce);
    // Adds a watch on dir and, recursively, on every directory under it that is not pruned.
    // announce: report every file found that counts (a directory new to the tree).
    void addTree(const QString &dir, const Root &root, bool announce);
    bool addWatch(const QString &dir, bool isRootBase);
    void dropTree(const QString &dir);
    void rootGone(const QString &base);
    void pollRoots();
    void updateProblem();
    void report(const QString &path);
    // The roots path belongs to (a file under a directory root, a file root itself).
    bool counts(const QString &path) const;
    bool underDirectoryRoot(const QString &dir) const;

    Options m_options;
    std::optional<WatchFilter> m_filter;
    QList<Root> m_roots;
    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QHash<int, QString> m_pathOfWd;
    QHash<QString, int> m_wdOfPath;
    QTimer m_pollTimer;
    QString m_problem;
    QString m_globProblem;
    bool m_armed = false;
    bool m_limitReached = false;
    int m_limitSeen = 0;
    QStringList m_unwatchable; // "path: reason" for directories inotify refused (not the limit)
};
