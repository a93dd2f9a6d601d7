#include "procfs.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace Procfs {

std::optional<std::string> readFile(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0)
            break;
        text.append(buffer, size_t(n));
        if (text.size() > (16u << 20))
            break; // an environment is at most a few MiB; never read without bound
    }
    ::close(fd);
    return text;
}

bool writeFile(const std::string &path, const std::string &data, int *error)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0;
    if (ok) {
        ssize_t n;
        do {
            n = ::write(fd, data.data(), data.size());
        } while (n < 0 && errno == EINTR);
        ok = n == ssize_t(data.size());
    }
    if (!ok && error)
        *error = errno;
    if (fd >= 0)
        ::close(fd);
    return ok;
}

std::optional<Stat> readStat(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    const std::optional<std::string> text = readFile(path);
    if (!text)
        return std::nullopt;
    // "pid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    //  cutime cstime priority nice threads itrealvalue starttime ..." - comm may hold spaces and
    // parentheses, so the fields are counted from the last ')'.
    const size_t close = text->rfind(')');
    if (close == std::string::npos || close + 3 >= text->size())
        return std::nullopt;
    Stat stat;
    stat.pid = pid;
    stat.state = (*text)[close + 2];
    const char *p = text->c_str() + close + 3;
    unsigned long long fields[20] = {};
    for (int i = 1; i < 20; ++i) { // field 0 is the state, taken above
        while (*p == ' ')
            ++p;
        char *end = nullptr;
        fields[i] = std::strtoull(p, &end, 10);
        if (end == p)
            return std::nullopt;
        p = end;
    }
    stat.ppid = pid_t(fields[1]);
    stat.pgid = pid_t(fields[2]);
    stat.sid = pid_t(fields[3]);
    stat.startTime = fields[19];
    return stat;
}

std::optional<uid_t> ownerOf(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d", int(pid));
    struct stat info
    {
    };
    if (::stat(path, &info) != 0)
        return std::nullopt;
    return info.st_uid;
}

bool environmentHasAny(pid_t pid, const std::unordered_set<std::string> &entries)
{
    if (entries.empty())
        return false;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/environ", int(pid));
    const std::optional<std::string> environment = readFile(path);
    if (!environment)
        return false;
    size_t start = 0;
    while (start < environment->size()) {
        size_t end = environment->find('\0', start);
        if (end == std::string::npos)
            end = environment->size();
        if (entries.count(environment->substr(start, end - start)))
            return true;
        start = end + 1;
    }
    return false;
}

std::vector<pid_t> allPids()
{
    std::vector<pid_t> pids;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return pids;
    while (const dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (end != entry->d_name && *end == '\0' && pid > 0)
            pids.push_back(pid_t(pid));
    }
    ::closedir(proc);
    return pids;
}

int openPidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return int(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

bool sendSignal(int pidfd, int signal)
{
#ifdef SYS_pidfd_send_signal
    return ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) == 0;
#else
    (void)pidfd;
    (void)signal;
    errno = ENOSYS;
    return false;
#endif
}

void waitForExits(const std::vector<int> &pidfds, int timeoutMs)
{
    std::vector<pollfd> waiting;
    for (const int fd : pidfds)
        waiting.push_back(pollfd{fd, POLLIN, 0});
    const long long deadline = nowMs() + timeoutMs;
    while (!waiting.empty()) {
        const long long left = deadline - nowMs();
        if (left <= 0)
            return;
        const int ready = ::poll(waiting.data(), waiting.size(), int(left));
        if (ready < 0 && errno != EINTR)
            return;
        for (size_t i = waiting.size(); i-- > 0;) {
            if (waiting[i].revents != 0)
                waiting.erase(waiting.begin() + long(i));
        }
    }
}

long long nowMs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1'000'000;
}

} // namespace Procfs
