#include "cgroupkiller.h"

#include "cgroupfiles.h"
#include "processsignaller.h"

#include <QDeadlineTimer>
#include <QSet>

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace CgroupKiller {

namespace {

// How long SignalEach keeps at it before it says what is left.
constexpr int SignalEachDeadlineMs = 1000;

bool isSameOrBelow(const QString &path, const QString &ancestor)
{
    if (ancestor.isEmpty())
        return false; // no path, no proof: never signal on it
    if (ancestor == QLatin1String("/"))
        return true;
    return path == ancestor
           || (path.startsWith(ancestor) && path.at(ancestor.size()) == QLatin1Char('/'));
}

// SIGKILL to pid if it is (still) in the subtree at path. The pidfd pins the process before
// its cgroup is read: if the pid was reused by then, the stranger is not in our cgroup.
bool killMember(pid_t pid, const QString &path)
{
    if (pid <= 1 || pid == ::getpid())
        return false;
    const int pidfd = ProcessSignaller::openPidfd(pid);
    if (pidfd < 0)
        return false; // gone (ESRCH), or a kernel without pidfds: not signalled blind
    bool sent = false;
    const std::optional<QString> now = CgroupFiles::cgroupPathOf(pid);
    if (now && isSameOrBelow(*now, path)) {
#ifdef SYS_pidfd_send_signal
        sent = ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) == 0;
#endif
    }
    ::close(pidfd);
    return sent;
}

bool signalEach(const QString &directory, const QString &path, QString *error, int *signalled)
{
    const QString freezeFile = directory + QLatin1String("/cgroup.freeze");
    bool froze = false;
    if (CgroupFiles::read(freezeFile).value_or(QByteArray()).trimmed() == "0")
        froze = CgroupFiles::write(freezeFile, "1", nullptr);

    QSet<pid_t> signalledPids;
    QDeadlineTimer deadline(SignalEachDeadlineMs);
    QVector<pid_t> left;
    for (;;) {
        left = treeMembers(directory);
        if (left.isEmpty() || deadline.hasExpired())
            break;
        for (const pid_t pid : left) {
            if (killMember(pid, path))
                signalledPids.insert(pid);
        }
        // Killed processes leave cgroup.procs once they have exited; give them a moment.
        ::poll(nullptr, 0, 1);
    }
    if (froze)
        CgroupFiles::write(freezeFile, "0", nullptr); // never leave it frozen: what is left
                                                      // has SIGKILL pending and dies on waking
    if (signalled)
        *signalled = int(signalledPids.size());
    if (!left.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 process(es) still in %2 after SIGKILL for %3 ms")
                         .arg(left.size())
                         .arg(directory)
                         .arg(SignalEachDeadlineMs);
        return false;
    }
    return true;
}

} // namespace

QVector<pid_t> treeMembers(const QString &directory)
{
    QVector<pid_t> pids;
    for (const QString &cgroup : CgroupFiles::subtreeDeepestFirst(directory)) {
        pids += CgroupFiles::parsePids(
            CgroupFiles::read(cgroup + QLatin1String("/cgroup.procs")).value_or(QByteArray()));
    }
    return pids;
}

bool killTree(const QString &directory, const QString &path, CgroupKillMethod method,
              QString *error, int *signalled)
{
    if (signalled)
        *signalled = 0;
    const QString killFile = directory + QLatin1String("/cgroup.kill");
    if (method == CgroupKillMethod::Auto)
        method = CgroupFiles::exists(killFile) ? CgroupKillMethod::KillFile
                                               : CgroupKillMethod::SignalEach;
    if (method == CgroupKillMethod::KillFile)
        return CgroupFiles::write(killFile, "1", error);
    return signalEach(directory, path, error, signalled);
}

} // namespace CgroupKiller
