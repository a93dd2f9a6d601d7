#include "processtable.h"

#include <QByteArrayView>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace {

// Reads a small /proc file into buf, NUL-terminated; returns the length or -1.
ssize_t readSmallFile(const char *path, char *buf, size_t size)
{
    const ssize_t total = ProcessTable::readFile(path, buf, size - 1);
    buf[total < 0 ? 0 : total] = '\0';
    return total;
}

std::optional<ProcessInfo> parseStat(pid_t pid, const char *text, ProcessImage *image)
{
    // "pid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
    //  stime cutime cstime priority nice threads itrealvalue starttime ..." - comm may hold
    // spaces and parentheses, so fields are counted from the last ')'.
    const char *close = std::strrchr(text, ')');
    if (!close || close[1] != ' ')
        return std::nullopt;
    ProcessInfo info;
    info.pid = pid;
    info.state = close[2];
    const char *p = close + 3;
    unsigned long long fields[22] = {};
    for (int i = 1; i < 22; ++i) { // field 0 is the state, already taken
        while (*p == ' ')
            ++p;
        char *end = nullptr;
        fields[i] = std::strtoull(p, &end, 10);
        if (end == p)
            return std::nullopt;
        p = end;
    }
    info.ppid = pid_t(fields[1]);
    info.pgid = pid_t(fields[2]);
    info.sid = pid_t(fields[3]);
    info.userTicks = fields[11] + fields[13];   // utime + cutime
    info.systemTicks = fields[12] + fields[14]; // stime + cstime
    info.startTime = fields[19];
    info.residentPages = fields[21];
    info.ownUserTicks = fields[11];
    info.ownSystemTicks = fields[12];
    info.threads = int(fields[17]);
    if (image) {
        const char *open = std::strchr(text, '(');
        image->comm = open && open < close ? QByteArray(open + 1, close - open - 1) : QByteArray();
        // Fields 48 and 49, arg_start and arg_end (Linux 3.5), after 23 others, unused here.
        unsigned long long more[25] = {};
        int parsed = 0;
        for (; parsed < 25; ++parsed) {
            while (*p == ' ')
                ++p;
            char *end = nullptr;
            more[parsed] = std::strtoull(p, &end, 10);
            if (end == p)
                break;
            p = end;
        }
        image->argStart = parsed == 25 ? more[23] : 0;
        image->argEnd = parsed == 25 ? more[24] : 0;
    }
    return info;
}

} // namespace

ssize_t ProcessTable::readFile(const char *path, char *buf, size_t size)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t total = 0;
    while (total < size) {
        const ssize_t n = ::read(fd, buf + total, size - total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += size_t(n);
    }
    ::close(fd);
    return ssize_t(total);
}

std::optional<ProcessInfo> ProcessTable::readProcess(pid_t pid, ProcessImage *image)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    char buf[1024];
    if (readSmallFile(path, buf, sizeof buf) <= 0)
        return std::nullopt;
    return parseStat(pid, buf, image);
}

std::optional<QByteArray> ProcessTable::readWholeFile(const char *path, qsizetype cap)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    QByteArray data;
    char buf[16384];
    bool failed = false;
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        failed = n < 0;
        if (n <= 0)
            break;
        data.append(buf, n);
        if (cap >= 0 && data.size() > cap)
            break;
    }
    ::close(fd);
    if (failed)
        return std::nullopt;
    return data;
}

QByteArray ProcessTable::readEnvironment(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/environ", int(pid));
    // The environment can be large; read it whole but bounded (ARG_MAX-sized envs exist).
    return readWholeFile(path, 8 * 1024 * 1024).value_or(QByteArray());
}

bool ProcessTable::environmentHas(const QByteArray &data, const QByteArray &entry)
{
    qsizetype from = 0;
    while (from < data.size()) {
        qsizetype end = data.indexOf('\0', from);
        if (end < 0)
            end = data.size();
        if (QByteArrayView(data.constData() + from, end - from) == QByteArrayView(entry))
            return true;
        from = end + 1;
    }
    return false;
}

ProcessTable ProcessTable::descendantsOf(pid_t root)
{
    QVector<ProcessInfo> all;
    QHash<pid_t, QVector<int>> childrenOf;
    if (DIR *dir = ::opendir("/proc")) {
        while (const dirent *entry = ::readdir(dir)) {
            const char *name = entry->d_name;
            if (name[0] < '1' || name[0] > '9')
                continue;
            const pid_t pid = pid_t(std::strtol(name, nullptr, 10));
            if (const auto info = readProcess(pid)) {
                childrenOf[info->ppid].append(all.size());
                all.append(*info);
            }
        }
        ::closedir(dir);
    }

    ProcessTable table;
    QVector<pid_t> pending{root};
    while (!pending.isEmpty()) {
        const pid_t parent = pending.takeLast();
        const auto it = childrenOf.constFind(parent);
        if (it == childrenOf.constEnd())
            continue;
        for (const int index : *it) {
            const ProcessInfo &child = all[index];
            if (table.m_indexByPid.contains(child.pid))
                continue; // a pid that changed parent between two reads
            table.m_indexByPid.insert(child.pid, table.m_processes.size());
            table.m_processes.append(child);
            pending.append(child.pid);
        }
    }
    return table;
}

const ProcessInfo *ProcessTable::find(pid_t pid) const
{
    const auto it = m_indexByPid.constFind(pid);
    return it == m_indexByPid.constEnd() ? nullptr : &m_processes[*it];
}
