#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <unordered_set>
#include <vector>

// The little of /proc, pidfds and files the guardian needs, in plain POSIX: the guardian links
// no Qt, so that it starts in a millisecond and has nothing in it that can fail at exit.
namespace Procfs {

// One process as /proc/PID/stat shows it. (pid, startTime) names a process for good.
struct Stat
{
    pid_t pid = 0;
    pid_t ppid = 0;
    pid_t pgid = 0;
    pid_t sid = 0;
    unsigned long long startTime = 0; // clock ticks since boot
    char state = '?';

    bool isZombie() const { return state == 'Z' || state == 'X'; }
};

// A whole (small) file; nothing when it cannot be read.
std::optional<std::string> readFile(const std::string &path);
// Writes data in one write() - cgroupfs takes each write as one command.
bool writeFile(const std::string &path, const std::string &data, int *error = nullptr);

std::optional<Stat> readStat(pid_t pid);
// The owner of /proc/PID: the process's effective uid (root for a non-dumpable one).
std::optional<uid_t> ownerOf(pid_t pid);
// True when the environment of pid holds one of entries (NAME=VALUE) exactly. A process whose
// environment cannot be read (gone, in the middle of execve(), another user's) holds none.
bool environmentHasAny(pid_t pid, const std::unordered_set<std::string> &entries);
// Every pid in /proc.
std::vector<pid_t> allPids();

// pidfd_open(pid, 0): close-on-exec; -1 when the process is gone or the kernel has none.
int openPidfd(pid_t pid);
bool sendSignal(int pidfd, int signal);
// Waits until every one of pidfds says its process has ended, or timeoutMs has passed.
void waitForExits(const std::vector<int> &pidfds, int timeoutMs);

// Milliseconds on the monotonic clock.
long long nowMs();

} // namespace Procfs
