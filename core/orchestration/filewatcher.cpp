#include "filewatcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcWatch, "taskrunner.core.watch")

namespace {

constexpr quint32 DirectoryMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM
                                  | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF
                                  | IN_ONLYDIR | IN_EXCL_UNLINK;
constexpr quint32 ChangeMask
    = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB;

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

bool isUnder(const QString &path, const QString &dir)
{
    if (dir == QLatin1String("/"))
        return path.startsWith(dir) && path.size() > 1;
    return path.size() > dir.size() && path.startsWith(dir)
           && path.at(dir.size()) == QLatin1Char('/');
}

// Whether a directory certainly has no subdirectory, without reading it: on the file systems
// that keep a directory's link count as 2 + its subdirectories (ext2/3/4, XFS, tmpfs), a count
// of 2 says so. Elsewhere (btrfs counts 1, network file systems guess) it is never certain.
// Arming a tree of 50,000 files in 526 directories took 82 ms with every directory read, 21 ms
// with its leaves left unread (bench_watch).
bool hasNoSubdirectories(const QByteArray &dir)
{
    constexpr long Ext = 0xEF53, Xfs = 0x58465342, Tmpfs = 0x01021994;
    struct statfs fs;
    struct stat st;
    if (::statfs(dir.constData(), &fs) != 0 || ::stat(dir.constData(), &st) != 0)
        return false;
    const long type = long(fs.f_type);
    return (type == Ext || type == Xfs || type == Tmpfs) && st.st_nlink == 2;
}

QString join(const QString &dir, const QString &name)
{
    return dir.endsWith(QLatin1Char('/')) ? QString(dir + name)
                                          : QString(dir + QLatin1Char('/') + name);
}

} // namespace

QString FileWatcher::Root::base() const
{
    return isFile ? parentOf(path) : path;
}

FileWatcher::FileWatcher(QObject *parent)
    : QObject(parent)
{
    m_pollTimer.setInterval(RootPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &FileWatcher::pollRoots);
}

FileWatcher::~FileWatcher()
{
    disarm();
}

int FileWatcher::systemWatchLimit()
{
    QFile file(QStringLiteral("/proc/sys/fs/inotify/max_user_watches"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toInt();
}

void FileWatcher::disarm()
{
    m_notifier.reset();
    if (m_fd >= 0)
        ::close(m_fd); // frees every watch at once
    m_fd = -1;
    m_pathOfWd.clear();
    m_wdOfPath.clear();
    m_roots.clear();
    m_pollTimer.stop();
    m_armed = false;
    m_limitReached = false;
    m_limitSeen = 0;
    m_unwatchable.clear();
    m_globProblem.clear();
    if (!m_problem.isEmpty()) {
        m_problem.clear();
        Q_EMIT problemChanged(m_problem);
    }
}

bool FileWatcher::arm(const Options &options)
{
    // Armed again: the problem it had stays until the new one is known, so that a path still
    // missing is not told as gone and back (updateProblem() tells only a change).
    const QString problem = m_problem;
    m_problem.clear();
    disarm();
    m_problem = problem;
    m_options = options;
    QString why;
    m_filter = WatchFilter::compile(options.include, options.ignore, &why);
    if (!m_filter) {
        m_globProblem = why + QLatin1Char('.');
        updateProblem();
        return false;
    }
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) {
        m_globProblem = QStringLiteral("cannot use inotify: %1.")
                            .arg(QString::fromLocal8Bit(std::strerror(errno)));
        updateProblem();
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &FileWatcher::readEvents);
    for (const QString &path : options.paths) {
        Root root;
        root.path = QDir::cleanPath(path);
        m_roots.append(root);
    }
    for (Root &root : m_roots)
        armRoot(&root, false);
    updateProblem();
    return m_armed;
}

void FileWatcher::armRoot(Root *root, bool announce)
{
    const QFileInfo info(root->path);
    if (!info.exists()) {
        root->present = false;
        return;
    }
    root->isFile = !info.isDir();
    if (root->isFile)
        root->present = addWatch(root->base(), true);
    else
        addTree(root->path, *root, false);
    root->present = m_wdOfPath.contains(root->base());
    if (announce && root->present)
        report(root->path);
}

void FileWatcher::addTree(const QString &top, const Root &root, bool announce)
{
    QStringList pending{top};
    while (!pending.isEmpty()) {
        const QString dir = pending.takeLast();
        if (!addWatch(dir, dir == root.path)) {
            if (m_limitReached)
                return; // no more watches to be had: said in problem()
            continue;
        }
        if (!m_options.recursive && !announce)
            continue;
        // Read after the watch is on: whatever is made from now on is an event, and what was
        // made before is found here.
        const QByteArray encoded = QFile::encodeName(dir);
        if (!announce && hasNoSubdirectories(encoded))
            continue; // a leaf: nothing to find in it (most of a big tree's directories)
        DIR *stream = ::opendir(encoded.constData());
        if (!stream)
            continue;
        while (const dirent *entry = ::readdir(stream)) {
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            bool isDir = entry->d_type == DT_DIR;
            if (entry->d_type == DT_UNKNOWN) {
                struct stat st;
                isDir = ::fstatat(dirfd(stream), name, &st, AT_SYMLINK_NOFOLLOW) == 0
                        && S_ISDIR(st.st_mode);
            }
            const QString path = join(dir, QFile::decodeName(name));
            const QString relative = path.mid(root.path.size() + 1);
            if (isDir && m_options.recursive) {
                if (!m_filter->prunes(relative))
                    pending.append(path);
            } else if (announce && m_filter->counts(relative)) {
                report(path);
            }
        }
        ::closedir(stream);
    }
}

bool FileWatcher::addWatch(const QString &dir, bool isRootBase)
{
    if (m_wdOfPath.contains(dir))
        return true;
    if (m_limitReached)
        return false;
    if (m_options.maxWatches > 0 && m_pathOfWd.size() >= m_options.maxWatches) {
        m_limitReached = true;
        m_limitSeen = m_options.maxWatches;
        return false;
    }
    // A root may be a symbolic link to a directory; below it, links are not followed (a link
    // back up would be a loop).
    const quint32 mask = DirectoryMask | (isRootBase ? 0 : IN_DONT_FOLLOW);
    const int wd = inotify_add_watch(m_fd, QFile::encodeName(dir).constData(), mask);
    if (wd < 0) {
        const int error = errno;
        if (error == ENOSPC) {
            m_limitReached = true;
            m_limitSeen = systemWatchLimit();
        } else if (error != ENOENT && error != ENOTDIR) { // gone already: its parent says so
            m_unwatchable.append(
                QStringLiteral("%1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(error))));
        }
        return false;
    }
    if (!m_pathOfWd.contains(wd)) // the same directory reached twice (a linked root) keeps one
        m_pathOfWd.insert(wd, dir);
    m_wdOfPath.insert(dir, wd);
    return true;
}

void FileWatcher::dropTree(const QString &dir)
{
    for (auto it = m_wdOfPath.begin(); it != m_wdOfPath.end();) {
        if (it.key() == dir || isUnder(it.key(), dir)) {
            if (m_pathOfWd.value(it.value()) == it.key()) {
                inotify_rm_watch(m_fd, it.value());
                m_pathOfWd.remove(it.value());
            }
            it = m_wdOfPath.erase(it);
        } else {
            ++it;
        }
    }
}

void FileWatcher::readEvents()
{
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = ::read(m_fd, buffer, sizeof buffer);
        if (got <= 0) {
            if (got < 0 && errno == EINTR)
                continue;
            break; // EAGAIN: all read
        }
        if (!handleBuffer(buffer, got))
            return;
    }
}

bool FileWatcher::handleBuffer(const char *buffer, qsizetype size)
{
    for (qsizetype at = 0; at + qsizetype(sizeof(inotify_event)) <= size;) {
        const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
        at += qsizetype(sizeof(inotify_event) + event->len);
        if (event->mask & IN_Q_OVERFLOW) {
            // Events were lost - among them maybe directories made: nothing short of watching
            // everything afresh is sure. Not from in here: arm() closes m_fd.
            qCWarning(lcWatch) << "inotify queue overflowed; watching afresh";
            if (m_notifier)
                m_notifier->setEnabled(false);
            QMetaObject::invokeMethod(
                this,
                [this] {
                    const Options options = m_options;
                    arm(options);
                    if (!m_roots.isEmpty())
                        Q_EMIT changed(m_roots.first().path);
                },
                Qt::QueuedConnection);
            return false;
        }
        const QString name = event->len ? QFile::decodeName(event->name) : QString();
        handleEvent(event->wd, event->mask, name);
    }
    return true;
}

void FileWatcher::handleEvent(int wd, quint32 mask, const QString &name)
{
    const auto found = m_pathOfWd.constFind(wd);
    if (found == m_pathOfWd.cend())
        return; // a watch let go of already
    const QString dir = *found;
    const bool isRootBase = std::any_of(m_roots.cbegin(), m_roots.cend(), [&dir](const Root &r) {
        return r.present && r.base() == dir;
    });
    if (mask & IN_IGNORED) {
        m_pathOfWd.remove(wd);
        if (m_wdOfPath.value(dir) == wd)
            m_wdOfPath.remove(dir);
        if (isRootBase)
            rootGone(dir);
        return;
    }
    if (mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        // A directory under a root: its parent's IN_DELETE / IN_MOVED_FROM lets it go.
        if (isRootBase)
            rootGone(dir);
        return;
    }
    if (name.isEmpty())
        return;
    const QString path = join(dir, name);
    if (mask & IN_ISDIR) {
        if (mask & (IN_DELETE | IN_MOVED_FROM)) {
            dropTree(path);
        } else if ((mask & (IN_CREATE | IN_MOVED_TO)) && m_options.recursive) {
            for (const Root &root : std::as_const(m_roots)) {
                if (root.isFile || !root.present || (dir != root.path && !isUnder(dir, root.path)))
                    continue;
                if (!m_filter->prunes(path.mid(root.path.size() + 1)))
                    addTree(path, root, true);
                break;
            }
            if (m_limitReached)
                updateProblem();
        }
    }
    if ((mask & ChangeMask) && counts(path))
        report(path);
}

bool FileWatcher::counts(const QString &path) const
{
    for (const Root &root : m_roots) {
        if (root.isFile) {
            if (path == root.path)
                return true;
            continue;
        }
        if (!isUnder(path, root.path))
            continue;
        const QString relative = path.mid(root.path.size() + 1);
        if (!m_options.recursive && relative.contains(QLatin1Char('/')))
            continue;
        if (m_filter->counts(relative))
            return true;
    }
    return false;
}

void FileWatcher::report(const QString &path)
{
    for (const Root &root : std::as_const(m_roots)) {
        if (root.isFile && root.path == path) {
            updateProblem(); // a file root made or removed
            break;
        }
    }
    Q_EMIT changed(path);
}

void FileWatcher::rootGone(const QString &base)
{
    bool any = false;
    for (Root &root : m_roots) {
        if (!root.present || root.base() != base)
            continue;
        root.present = false;
        any = true;
    }
    if (!any)
        return;
    dropTree(base);
    m_armed
        = std::any_of(m_roots.cbegin(), m_roots.cend(), [](const Root &r) { return r.present; });
    updateProblem();
    for (const Root &root : std::as_const(m_roots)) {
        if (root.base() == base)
            Q_EMIT changed(root.path); // a tree removed is a change too
    }
}

void FileWatcher::pollRoots()
{
    bool back = false;
    for (Root &root : m_roots) {
        if (root.present || !QFileInfo::exists(root.path))
            continue;
        armRoot(&root, true);
        back = back || root.present;
    }
    if (back) {
        m_armed = true;
        updateProblem();
    }
}

void FileWatcher::updateProblem()
{
    QStringList sentences;
    if (!m_globProblem.isEmpty())
        sentences.append(m_globProblem);
    bool missing = false;
    for (const Root &root : std::as_const(m_roots)) {
        if (!root.present || (root.isFile && !QFileInfo::exists(root.path))) {
            sentences.append(
                QStringLiteral("%1 does not exist (watched once it appears).").arg(root.path));
            missing = missing || !root.present;
        }
    }
    if (m_limitReached) {
        sentences.append(
            QStringLiteral("inotify watch limit reached (%1): raise "
                           "fs.inotify.max_user_watches. Still watching %2 "
                           "director%3; changes in the others are missed.")
                .arg(m_limitSeen > 0 ? QString::number(m_limitSeen) : QStringLiteral("unknown"))
                .arg(m_pathOfWd.size())
                .arg(m_pathOfWd.size() == 1 ? QStringLiteral("y") : QStringLiteral("ies")));
    }
    if (!m_unwatchable.isEmpty()) {
        sentences.append(
            QStringLiteral("%1 director%2 could not be watched (%3).")
                .arg(m_unwatchable.size())
                .arg(m_unwatchable.size() == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
                .arg(m_unwatchable.first()));
    }
    if (missing && m_fd >= 0)
        m_pollTimer.start();
    else
        m_pollTimer.stop();
    m_armed = m_fd >= 0 && std::any_of(m_roots.cbegin(), m_roots.cend(), [](const Root &r) {
                  return r.present;
              });
    const QString problem = sentences.join(QLatin1Char(' '));
    if (problem != m_problem) {
        m_problem = problem;
        Q_EMIT problemChanged(m_problem);
    }
}
