// taskrunner-guardian: outlives a taskrunner program (the CLI or the desktop app) just long
// enough to kill what that program's runs left alive, when the program itself dies without
// stopping them - a SIGKILL, a crash, the OOM killer.
//
//   taskrunner-guardian --runner PID START_TIME
//
// The runner starts it (RunGuardian) with its own pid and start time (clock ticks since boot, as
// /proc/PID/stat says), in a process group of its own, its stdin one end of a socket pair. It
// reads line records from there:
//
//   cgroup <directory>          the runner's instance cgroup (the cgroup backend); replaces any
//   nocgroup                    no instance cgroup any more
//   run <marker> <pid> <start>  a run: its marker (TASKRUNNER_RUN_ID=...), its main process's
//                               pid and start time (0 0: not spawned yet); again for the same
//                               marker updates it
//   done <marker>               the run has ended: nothing of it is alive
//   bye                         a clean exit: nothing is left to kill; exits at once
//
// When the input ends without "bye", or the runner's pidfd says it has exited (the input may be
// held open by a descriptor that leaked), it kills everything recorded - the instance cgroup,
// then every process of the recorded runs (processsweep.h says which) - and exits. While it
// waits it costs nothing: one blocking poll(), no timer.
//
// Exit status: 0 after "bye"; 2 after killing what was recorded; 3 when something was still
// alive at the deadline or a cgroup could not be removed; 64 for a usage error.

#include "cgroupsweep.h"
#include "processsweep.h"
#include "procfs.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <string>
#include <unistd.h>

namespace {

constexpr size_t MaxLine = 64 * 1024;
constexpr int CgroupDeadlineMs = 2000;
constexpr int SweepDeadlineMs = 3000;
const char MarkerPrefix[] = "TASKRUNNER_RUN_ID=";

enum class Input { More, Bye, End };

struct State
{
    pid_t runnerPid = 0;
    std::map<std::string, RecordedRun> runs;
    std::string cgroup;
    std::string partial;   // a line not yet complete
    bool skipping = false; // inside an overlong line, dropped up to its newline
};

void say(const std::string &text)
{
    const std::string line = "taskrunner-guardian: " + text + '\n';
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

bool parseNumber(const std::string &text, unsigned long long *value)
{
    if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != text.npos)
        return false;
    errno = 0;
    *value = std::strtoull(text.c_str(), nullptr, 10);
    return errno == 0;
}

// A marker names one run of one runner: never an entry every process has (PATH=...).
bool isMarker(const std::string &text)
{
    const size_t prefix = sizeof MarkerPrefix - 1;
    return text.size() > prefix + 4 && text.compare(0, prefix, MarkerPrefix) == 0
           && text.find_first_of(" \t") == text.npos;
}

Input handleLine(State *state, const std::string &line)
{
    const size_t space = line.find(' ');
    const std::string verb = line.substr(0, space);
    const std::string rest = space == line.npos ? std::string() : line.substr(space + 1);
    if (verb == "bye" && rest.empty())
        return Input::Bye;
    if (verb == "run") {
        const size_t first = rest.find(' ');
        const size_t second = first == rest.npos ? rest.npos : rest.find(' ', first + 1);
        RecordedRun run;
        run.marker = rest.substr(0, first);
        unsigned long long pid = 0;
        if (second != rest.npos && isMarker(run.marker)
            && parseNumber(rest.substr(first + 1, second - first - 1), &pid)
            && parseNumber(rest.substr(second + 1), &run.leaderStart) && pid < (1ull << 31)
            && pid != 1 && pid_t(pid) != ::getpid() && pid_t(pid) != state->runnerPid) {
            run.leader = pid_t(pid);
            state->runs[run.marker] = run;
            return Input::More;
        }
    } else if (verb == "done" && isMarker(rest)) {
        state->runs.erase(rest);
        return Input::More;
    } else if (verb == "cgroup" && !rest.empty() && rest[0] == '/') {
        state->cgroup = rest;
        return Input::More;
    } else if (verb == "nocgroup" && rest.empty()) {
        state->cgroup.clear();
        return Input::More;
    }
    say("ignoring a record it does not understand: " + line.substr(0, 200));
    return Input::More;
}

// Reads what the runner has written, up to what would block. Only complete lines count: a
// record cut short by the runner's death is not acted on.
Input readInput(State *state)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Input::More;
        if (n <= 0)
            return Input::End; // EOF, or an input we cannot read (closed): the same to us
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buffer[i];
            if (c != '\n') {
                if (!state->skipping)
                    state->partial.push_back(c);
                if (state->partial.size() > MaxLine) {
                    say("ignoring a record longer than 64 KiB");
                    state->partial.clear();
                    state->skipping = true;
                }
                continue;
            }
            const std::string line = state->partial;
            const bool skipped = state->skipping;
            state->partial.clear();
            state->skipping = false;
            if (!skipped && handleLine(state, line) == Input::Bye)
                return Input::Bye;
        }
    }
}

// The runner is gone without saying goodbye: kill what it left.
int killEverything(const State &state)
{
    int status = 2;
    std::string report;
    if (!state.cgroup.empty()) {
        const CgroupSweepResult cgroup = killInstanceCgroup(state.cgroup, CgroupDeadlineMs);
        if (cgroup.wasPopulated)
            report += "killed what was left in " + state.cgroup;
        if (!cgroup.message.empty()) {
            say(cgroup.message);
            if (!cgroup.refused)
                status = 3;
        }
    }
    if (!state.runs.empty()) {
        std::vector<RecordedRun> runs;
        for (const auto &entry : state.runs)
            runs.push_back(entry.second);
        const SweepResult sweep = killRecordedRuns(runs, SweepDeadlineMs);
        if (sweep.killed > 0) {
            report += (report.empty() ? "" : "; ") + std::string("killed ")
                      + std::to_string(sweep.killed) + " process" + (sweep.killed == 1 ? "" : "es")
                      + " of " + std::to_string(runs.size()) + " run"
                      + (runs.size() == 1 ? "" : "s");
        }
        if (sweep.left > 0) {
            say(std::to_string(sweep.left) + " process(es) still alive after SIGKILL for "
                + std::to_string(SweepDeadlineMs) + " ms");
            status = 3;
        }
    }
    if (!report.empty())
        say("taskrunner (pid " + std::to_string(state.runnerPid)
            + ") ended without stopping its runs: " + report);
    return status;
}

// A pidfd of the runner, or -1 when there is none to have: the runner is already gone (then
// *gone is set), or the kernel has no pidfds (then only the end of the input tells).
int openRunnerPidfd(pid_t pid, unsigned long long startTime, bool *gone)
{
    const int pidfd = Procfs::openPidfd(pid);
    if (pidfd < 0) {
        *gone = errno == ESRCH;
        return -1;
    }
    // Pinned: if the start time is the runner's, the pidfd is the runner's.
    const std::optional<Procfs::Stat> now = Procfs::readStat(pid);
    if (!now || now->startTime != startTime || now->isZombie()) {
        ::close(pidfd);
        *gone = true;
        return -1;
    }
    return pidfd;
}

} // namespace

int main(int argc, char **argv)
{
    unsigned long long pid = 0;
    unsigned long long startTime = 0;
    if (argc != 4 || std::strcmp(argv[1], "--runner") != 0 || !parseNumber(argv[2], &pid)
        || !parseNumber(argv[3], &startTime) || pid <= 1 || pid >= (1ull << 31)) {
        std::fprintf(stderr, "usage: taskrunner-guardian --runner PID START_TIME "
                             "(started by taskrunner, not by hand)\n");
        return 64;
    }
    // Whatever would end us before the runner stops its runs - a Ctrl+C meant for the CLI, a
    // terminal hanging up - is ignored. (The runner also starts us in a process group of our
    // own, so that the terminal's signals for its foreground group do not reach us at all.)
    for (const int signal : {SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU})
        ::signal(signal, SIG_IGN);
    if (::getpgrp() != ::getpid())
        ::setpgid(0, 0);
    // Never the reason a file system cannot be unmounted while it waits.
    if (::chdir("/") != 0)
        say(std::string("chdir /: ") + std::strerror(errno));
    ::fcntl(STDIN_FILENO, F_SETFL, ::fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);

    State state;
    state.runnerPid = pid_t(pid);
    bool runnerGone = false;
    const int runnerPidfd = openRunnerPidfd(state.runnerPid, startTime, &runnerGone);

    for (;;) {
        pollfd waits[2] = {{STDIN_FILENO, POLLIN, 0}, {runnerPidfd, POLLIN, 0}};
        if (!runnerGone && ::poll(waits, runnerPidfd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            say(std::string("poll: ") + std::strerror(errno));
            runnerGone = true;
        }
        // Everything the runner wrote comes first, its "bye" included: when it exits right after
        // saying it, the pidfd and the input may wake us together.
        const Input input = readInput(&state);
        if (input == Input::Bye)
            return 0;
        if (input == Input::End || runnerGone || (runnerPidfd >= 0 && waits[1].revents != 0))
            break;
    }
    return killEverything(state);
}
