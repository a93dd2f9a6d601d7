#include "cgroupsweep.h"

#include "procfs.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr long Cgroup2SuperMagic = 0x63677270; // linux/magic.h CGROUP2_SUPER_MAGIC

std::vector<std::string> childDirectories(const std::string &directory)
{
    std::vector<std::string> children;
    DIR *dir = ::opendir(directory.c_str());
    if (!dir)
        return children;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_type == DT_DIR && std::strcmp(entry->d_name, ".") != 0
            && std::strcmp(entry->d_name, "..") != 0)
            children.push_back(directory + '/' + entry->d_name);
    }
    ::closedir(dir);
    std::sort(children.begin(), children.end());
    return children;
}

// The directory and everything below it, deepest first: the order rmdir needs.
void subtreeDeepestFirst(const std::string &directory, std::vector<std::string> *out)
{
    for (const std::string &child : childDirectories(directory))
        subtreeDeepestFirst(child, out);
    out->push_back(directory);
}

std::vector<pid_t> processesIn(const std::string &cgroup)
{
    std::vector<pid_t> pids;
    const std::optional<std::string> text = Procfs::readFile(cgroup + "/cgroup.procs");
    if (!text)
        return pids;
    const char *p = text->c_str();
    while (*p) {
        char *end = nullptr;
        const long pid = std::strtol(p, &end, 10);
        if (end == p)
            break;
        if (pid > 0)
            pids.push_back(pid_t(pid));
        p = end;
        while (*p == '\n')
            ++p;
    }
    return pids;
}

bool isPopulated(const std::string &cgroup)
{
    const std::optional<std::string> events = Procfs::readFile(cgroup + "/cgroup.events");
    return events && events->find("populated 1") != std::string::npos;
}

bool isSameOrBelow(const std::string &path, const std::string &ancestor)
{
    return path == ancestor
           || (path.size() > ancestor.size() && path.compare(0, ancestor.size(), ancestor) == 0
               && path[ancestor.size()] == '/');
}

// Before cgroup.kill (Linux 5.14): each member through a pidfd, once the pidfd pins it and it is
// still listed in the cgroup - a pid reused in between is not there. Frozen meanwhile where the
// kernel can (5.2), so that nothing forks between two looks; always thawed again (what is left
// has SIGKILL pending and dies on waking).
void signalEach(const std::string &cgroup, long long deadline)
{
    const std::string freezeFile = cgroup + "/cgroup.freeze";
    const bool froze = Procfs::readFile(freezeFile).value_or(std::string()).rfind('0', 0) == 0
                       && Procfs::writeFile(freezeFile, "1");
    std::vector<std::string> tree;
    subtreeDeepestFirst(cgroup, &tree);
    for (;;) {
        bool any = false;
        for (const std::string &member : tree) {
            for (const pid_t pid : processesIn(member)) {
                any = true;
                if (pid <= 1 || pid == ::getpid())
                    continue;
                const int pidfd = Procfs::openPidfd(pid);
                if (pidfd < 0)
                    continue;
                const std::vector<pid_t> now = processesIn(member);
                if (std::find(now.begin(), now.end(), pid) != now.end())
                    Procfs::sendSignal(pidfd, SIGKILL);
                ::close(pidfd);
            }
        }
        if (!any || Procfs::nowMs() >= deadline)
            break;
        ::poll(nullptr, 0, 1); // killed processes leave cgroup.procs once they have exited
    }
    if (froze)
        Procfs::writeFile(freezeFile, "0");
}

// Waits, on inotify (the kernel's own notification for cgroup.events), until none of cgroups is
// populated or the deadline has passed.
bool waitUntilEmpty(const std::vector<std::string> &cgroups, long long deadline)
{
    const int inotify = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    for (const std::string &cgroup : cgroups) {
        if (inotify >= 0)
            ::inotify_add_watch(inotify, (cgroup + "/cgroup.events").c_str(), IN_MODIFY);
    }
    bool empty = false;
    for (;;) {
        empty = std::none_of(cgroups.begin(), cgroups.end(), isPopulated);
        const long long left = deadline - Procfs::nowMs();
        if (empty || left <= 0)
            break;
        pollfd wait{inotify, POLLIN, 0};
        // Without inotify, look again every 10 ms.
        ::poll(inotify >= 0 ? &wait : nullptr, inotify >= 0 ? 1 : 0,
               inotify >= 0 ? int(left) : std::min(10, int(left)));
        char events[4096];
        while (inotify >= 0 && ::read(inotify, events, sizeof events) > 0) {
        }
    }
    if (inotify >= 0)
        ::close(inotify);
    return empty;
}

} // namespace

CgroupSweepResult killInstanceCgroup(const std::string &directory, int deadlineMs)
{
    CgroupSweepResult result;
    struct statfs fs
    {
    };
    if (directory.empty() || directory[0] != '/' || ::statfs(directory.c_str(), &fs) != 0) {
        result.refused = true;
        result.message = directory + ": " + std::strerror(errno);
        return result;
    }
    if (long(fs.f_type) != Cgroup2SuperMagic
        || ::access((directory + "/cgroup.type").c_str(), F_OK) != 0) {
        result.refused = true;
        result.message = directory + " is not a cgroup v2 directory other than the root";
        return result;
    }
    const long long deadline = Procfs::nowMs() + deadlineMs;

    std::vector<std::string> tree;
    subtreeDeepestFirst(directory, &tree);
    // The cgroup we are in, if it is inside the instance, and its ancestors there: ours.
    std::vector<std::string> ownPath;
    for (const std::string &cgroup : tree) {
        const std::vector<pid_t> members = processesIn(cgroup);
        if (std::find(members.begin(), members.end(), ::getpid()) != members.end()) {
            for (const std::string &other : tree) {
                if (isSameOrBelow(cgroup, other))
                    ownPath.push_back(other);
            }
            break;
        }
    }
    const auto onOwnPath = [&](const std::string &cgroup) {
        return std::find(ownPath.begin(), ownPath.end(), cgroup) != ownPath.end();
    };
    std::vector<std::string> targets;
    if (ownPath.empty()) {
        targets.push_back(directory);
    } else {
        for (const std::string &cgroup : tree) {
            const std::string parent = cgroup.substr(0, cgroup.rfind('/'));
            if (!onOwnPath(cgroup) && onOwnPath(parent))
                targets.push_back(cgroup);
        }
    }

    result.wasPopulated = std::any_of(targets.begin(), targets.end(), isPopulated);
    for (const std::string &target : targets) {
        int error = 0;
        if (!isPopulated(target))
            continue;
        if (!Procfs::writeFile(target + "/cgroup.kill", "1", &error)) {
            if (error != ENOENT)
                result.message = target + "/cgroup.kill: " + std::strerror(error) + "; ";
            signalEach(target, deadline);
        }
    }
    result.emptied = waitUntilEmpty(targets, deadline);
    if (!result.emptied)
        result.message += "processes still in " + directory + " after SIGKILL; ";

    result.removed = true;
    for (const std::string &cgroup : tree) { // deepest first
        const bool inTarget = std::any_of(targets.begin(), targets.end(),
                                          [&](const auto &t) { return isSameOrBelow(cgroup, t); });
        if (!inTarget)
            continue;
        if (::rmdir(cgroup.c_str()) != 0 && errno != ENOENT) {
            result.removed = false;
            result.message += "cannot remove " + cgroup + ": " + std::strerror(errno) + "; ";
        }
    }
    if (!result.message.empty())
        result.message.resize(result.message.size() - 2);
    return result;
}
