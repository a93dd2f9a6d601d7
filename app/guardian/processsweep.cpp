#include "processsweep.h"

#include "procfs.h"

#include <csignal>
#include <poll.h>
#include <set>
#include <unistd.h>
#include <unordered_set>
#include <utility>

namespace {

// How long a process waits, once signalled, before the next look for forks made meanwhile.
constexpr int ExitWaitMs = 20;
// A look that finds nothing is repeated once after this long: /proc hides a process's
// environment while it is in the middle of execve(), so one look can miss a marked process.
constexpr int ConfirmMs = 10;

// The sessions and groups whose members are ours: those of every recorded leader whose pid is
// not now another process's. A leader that is gone leaves its number reserved for as long as
// anything is still in its session or group, so a member found there is the run's. (The one
// case this trusts too much - the session emptied, the number was reused and a new session made
// with it - needs the pid space to wrap around between a run's last process ending and the
// runner saying "done" for it, a second later.)
std::unordered_set<pid_t> trustedLeaders(const std::vector<RecordedRun> &runs)
{
    std::unordered_set<pid_t> leaders;
    for (const RecordedRun &run : runs) {
        if (run.leader <= 1)
            continue;
        const std::optional<Procfs::Stat> now = Procfs::readStat(run.leader);
        if (!now || now->startTime == run.leaderStart)
            leaders.insert(run.leader);
    }
    return leaders;
}

} // namespace

SweepResult killRecordedRuns(const std::vector<RecordedRun> &runs, int deadlineMs)
{
    SweepResult result;
    std::unordered_set<std::string> markers;
    for (const RecordedRun &run : runs)
        markers.insert(run.marker);
    const pid_t self = ::getpid();
    const uid_t user = ::geteuid();
    const long long deadline = Procfs::nowMs() + deadlineMs;
    std::set<std::pair<pid_t, unsigned long long>> signalled;
    int quietLooks = 0;

    for (;;) {
        const std::unordered_set<pid_t> leaders = trustedLeaders(runs);
        std::vector<Procfs::Stat> found;
        for (const pid_t pid : Procfs::allPids()) {
            if (pid <= 1 || pid == self)
                continue;
            const std::optional<Procfs::Stat> stat = Procfs::readStat(pid);
            if (!stat || stat->isZombie())
                continue;
            const std::optional<uid_t> owner = Procfs::ownerOf(pid);
            if (!owner || *owner != user)
                continue; // only ever our own user's processes
            if (leaders.count(stat->sid) || leaders.count(stat->pgid)
                || Procfs::environmentHasAny(pid, markers))
                found.push_back(*stat);
        }

        std::vector<int> pidfds;
        for (const Procfs::Stat &process : found) {
            const int pidfd = Procfs::openPidfd(process.pid);
            if (pidfd < 0)
                continue; // gone already
            // Pinned now: the start time says whether it is still the process we saw.
            const std::optional<Procfs::Stat> now = Procfs::readStat(process.pid);
            if (now && now->startTime == process.startTime && !now->isZombie()
                && Procfs::sendSignal(pidfd, SIGKILL)) {
                signalled.insert({process.pid, process.startTime});
                pidfds.push_back(pidfd);
            } else {
                ::close(pidfd);
            }
        }

        const bool expired = Procfs::nowMs() >= deadline;
        if (pidfds.empty()) {
            if (++quietLooks >= 2 || expired)
                break;
            ::poll(nullptr, 0, ConfirmMs);
            continue;
        }
        quietLooks = 0;
        if (expired) {
            result.left = int(pidfds.size());
            for (const int pidfd : pidfds)
                ::close(pidfd);
            break;
        }
        // Wait for them to go (not a fixed sleep: on their pidfds), then look again for anything
        // they forked before the signal landed.
        Procfs::waitForExits(pidfds, ExitWaitMs);
        for (const int pidfd : pidfds)
            ::close(pidfd);
    }
    result.killed = int(signalled.size());
    return result;
}
