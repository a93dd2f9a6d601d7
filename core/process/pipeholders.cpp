#include "pipeholders.h"

#include "processtable.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace PipeHolders {

namespace {

QByteArray readLink(const char *path)
{
    char target[256];
    const ssize_t n = ::readlink(path, target, sizeof target - 1);
    return n > 0 ? QByteArray(target, int(n)) : QByteArray();
}

bool holds(pid_t pid, const QSet<QByteArray> &links)
{
    char directory[64];
    std::snprintf(directory, sizeof directory, "/proc/%d/fd", int(pid));
    DIR *dir = ::opendir(directory);
    if (!dir)
        return false; // gone, or not ours to look at
    bool found = false;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        char path[320];
        std::snprintf(path, sizeof path, "%s/%s", directory, entry->d_name);
        if (links.contains(readLink(path))) {
            found = true;
            break;
        }
    }
    ::closedir(dir);
    return found;
}

QByteArray commOf(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/comm", int(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    char name[64];
    const ssize_t n = ::read(fd, name, sizeof name);
    ::close(fd);
    return n > 0 ? QByteArray(name, int(n)).trimmed() : QByteArray();
}

} // namespace

QByteArray linkFor(int fd, bool isPtyMaster)
{
    if (fd < 0)
        return {};
    if (isPtyMaster) {
        char name[128];
        return ::ptsname_r(fd, name, sizeof name) == 0 ? QByteArray(name) : QByteArray();
    }
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const QByteArray link = readLink(path);
    return link.startsWith("pipe:") ? link : QByteArray();
}

QVector<PipeHolder> amongst(const QVector<pid_t> &candidates, const QSet<QByteArray> &links)
{
    QVector<PipeHolder> found;
    if (links.isEmpty())
        return found;
    for (const pid_t pid : candidates) {
        const auto info = ProcessTable::readProcess(pid);
        if (!info || info->isZombie() || !holds(pid, links))
            continue;
        // Read the start time again after the fds: a pid reused in between would not match
        // the process whose descriptors we saw, and is left out.
        const auto again = ProcessTable::readProcess(pid);
        if (!again || again->startTime != info->startTime)
            continue;
        found.append({pid, info->startTime, commOf(pid)});
    }
    return found;
}

QVector<PipeHolder> anywhere(const QSet<QByteArray> &links)
{
    QVector<pid_t> all;
    const pid_t self = ::getpid();
    if (DIR *dir = ::opendir("/proc")) {
        while (const dirent *entry = ::readdir(dir)) {
            if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
                continue;
            const pid_t pid = pid_t(std::strtol(entry->d_name, nullptr, 10));
            if (pid != self)
                all.append(pid);
        }
        ::closedir(dir);
    }
    return amongst(all, links);
}

} // namespace PipeHolders
