#include "cgroupeventswatcher.h"

#include "bytetext.h"
#include "cgroupfiles.h"

#include <QPointer>
#include <QSocketNotifier>

#include <algorithm>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

CgroupEventsWatcher::CgroupEventsWatcher(QObject *parent)
    : QObject(parent)
{
    m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) {
        const int saved = errno;
        m_error = QStringLiteral("cannot watch cgroups (inotify_init1: %1%2)")
                      .arg(QString::fromLocal8Bit(std::strerror(saved)),
                           saved == EMFILE ? QStringLiteral("; fs.inotify.max_user_instances "
                                                            "reached")
                                           : QString());
        qCWarning(lcCgroup).noquote() << m_error;
        return;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &CgroupEventsWatcher::readAndDispatch);
}

CgroupEventsWatcher::~CgroupEventsWatcher()
{
    delete m_notifier;
    if (m_fd >= 0)
        ::close(m_fd);
}

int CgroupEventsWatcher::watch(const QString &cgroupDirectory, Callback onChange, QString *error)
{
    if (m_fd < 0) {
        if (error)
            *error = m_error;
        return 0;
    }
    const QString file = cgroupDirectory + QLatin1String("/cgroup.events");
    const int wd = ::inotify_add_watch(m_fd, ByteText::encode(file).constData(), IN_MODIFY);
    if (wd < 0) {
        const int saved = errno;
        if (error)
            *error = QStringLiteral("cannot watch %1: %2")
                         .arg(file, QString::fromLocal8Bit(std::strerror(saved)));
        return 0;
    }
    // Watching the same file twice gives the same wd: entries, not wds, are the handles.
    Entry entry;
    entry.handle = m_nextHandle++;
    entry.wd = wd;
    entry.callback = std::move(onChange);
    m_entries.append(std::move(entry));
    return m_entries.constLast().handle;
}

void CgroupEventsWatcher::unwatch(int handle)
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).handle != handle)
            continue;
        const int wd = m_entries.at(i).wd;
        m_entries.removeAt(i);
        const bool wdStillUsed = std::any_of(m_entries.cbegin(), m_entries.cend(),
                                             [wd](const Entry &e) { return e.wd == wd; });
        if (!wdStillUsed && m_fd >= 0)
            ::inotify_rm_watch(m_fd, wd); // EINVAL if the cgroup went already: fine
        return;
    }
}

bool CgroupEventsWatcher::waitAndDispatch(int timeoutMs)
{
    if (m_fd < 0) {
        ::poll(nullptr, 0, std::min(timeoutMs, 10)); // nothing to wait on: do not spin
        return false;
    }
    pollfd pfd{m_fd, POLLIN, 0};
    int ready;
    do {
        ready = ::poll(&pfd, 1, timeoutMs);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0)
        return false;
    readAndDispatch();
    return true;
}

void CgroupEventsWatcher::readAndDispatch()
{
    // Which watches fired, each once however many events it queued.
    QVector<int> firedWds;
    QVector<int> goneWds;
    alignas(inotify_event) char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // EAGAIN: all read
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            if (event->mask & IN_IGNORED)
                goneWds.append(event->wd);
            else if (!firedWds.contains(event->wd))
                firedWds.append(event->wd);
            at += ssize_t(sizeof(inotify_event) + event->len);
        }
    }
    // A callback may watch, unwatch or delete its owner: call by handle, checking it still is.
    QVector<int> handles;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (firedWds.contains(entry.wd))
            handles.append(entry.handle);
    }
    const QPointer<CgroupEventsWatcher> alive(this); // a callback may delete us, too
    for (const int handle : handles) {
        auto it = std::find_if(m_entries.cbegin(), m_entries.cend(),
                               [handle](const Entry &e) { return e.handle == handle; });
        if (it == m_entries.cend())
            continue;
        const Callback callback = it->callback; // a copy: the entry may go while it runs
        callback();
        if (!alive)
            return;
    }
    // The cgroup is gone (rmdir), and its watch with it; its last change was told above.
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(),
                                   [&](const Entry &e) { return goneWds.contains(e.wd); }),
                    m_entries.end());
}
