#pragma once

#include <QObject>
#include <QString>
#include <QVector>

#include <functional>

class QSocketNotifier;

// Tells when a cgroup's cgroup.events changes - its "populated" (a live process in it or below)
// or its "frozen". The kernel raises inotify IN_MODIFY on the file for each change: its own "this
// tree is now empty" notification, so nothing here polls.
//
// One inotify instance for all the cgroups watched, read through a QSocketNotifier: a user gets
// 128 inotify instances (fs.inotify.max_user_instances), so one per run would run out. Not
// QFileSystemWatcher: it does see cgroup.events change (checked on Linux 6.18), but where it
// cannot get an inotify watch it falls back, silently, to comparing stat() every second, and
// cgroupfs never changes a control file's mtime or size - that fallback would never fire.
class CgroupEventsWatcher : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void()>;

    explicit CgroupEventsWatcher(QObject *parent = nullptr);
    ~CgroupEventsWatcher() override;

    bool isValid() const { return m_fd >= 0; }
    QString errorString() const { return m_error; }

    // Calls onChange, on this object's thread, each time cgroupDirectory's cgroup.events is
    // modified. Notifications coalesce: read the file for the state. Returns a handle for
    // unwatch(), or 0 with *error set. The watch ends by itself when the cgroup is removed.
    int watch(const QString &cgroupDirectory, Callback onChange, QString *error);
    void unwatch(int handle);

    // Waits up to timeoutMs for notifications and calls their callbacks, without the event loop:
    // for a destructor waiting for a cgroup to empty. False when none came in time.
    bool waitAndDispatch(int timeoutMs);

private:
    struct Entry
    {
        int handle = 0;
        int wd = -1;
        Callback callback;
    };

    void readAndDispatch();

    int m_fd = -1;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
    QVector<Entry> m_entries;
    int m_nextHandle = 1;
};
