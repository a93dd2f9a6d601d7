#pragma once

#include "cgroupdelegation.h"
#include "runcontainment.h"

#include <QString>

#include <functional>
#include <memory>

class RunnerCgroup;
class TaskRun;

// Which containment this program's runs get, decided once, at the first run, and said in words
// for `taskrunner-cli info`, the GUI's About box and the logs:
//  - cgroup v2, when a cgroup2 directory of ours is writable (root, or a delegated subtree):
//    the runner gets an instance cgroup and each run a leaf in it (RunnerCgroup);
//  - cgroup v2 in a cgroup delegated to us on request, when ours is not writable and a
//    delegation provider is set (the user's systemd over D-Bus, see platform/): the runner moves
//    into its leaf runner/ and the runs get leaves beside it (RunnerCgroup::adopt);
//  - the /proc supervisor otherwise, or when asked: TASKRUNNER_CONTAINMENT=proc in the
//    environment, or containment/backend=proc in taskrunner.conf. (=cgroup insists: without a
//    usable cgroup the runs fail to start, saying why, rather than silently fall back.)
class ContainmentBackend
{
public:
    // The containment for a new run: a cgroup leaf, or the /proc supervisor. Should a leaf not
    // be made (a descendant limit, a cgroup removed under us) the run falls back to the /proc
    // supervisor, and the log says so. Null, with *error, only where cgroups were insisted on
    // and cannot be had.
    static std::unique_ptr<RunContainment> createFor(TaskRun *run, const QByteArray &marker,
                                                     QString *error);

    // Whether the runs can be given these limits here, without starting one (for the editor;
    // TaskRun asks it before every run with limits): false, with *why naming the first limit
    // that cannot be applied and why - the /proc supervisor enforces none; a cgroup needs the
    // limit's controller enabled for the run leaves. One line. True for no limits.
    static bool canApplyLimits(const RunLimits &limits, QString *why);

    static RunContainment::Kind active();
    // "cgroup v2 (/sys/fs/cgroup/unified/taskrunner-123-...)" or "/proc supervisor (why)".
    static QString activeDescription();
    // Several lines: the backend and why, the hierarchy found, the controllers and features.
    static QString report();
    // The runner's instance cgroup, when cgroups are in use (null otherwise).
    static RunnerCgroup *runnerCgroup();
    // What was asked for: "auto", "cgroup" or "proc", and where.
    static QString requested(QString *source = nullptr);

    // Asked, at most once, when cgroups are not asked against (proc) and our own cgroup is not
    // writable: moves this process into a cgroup delegated to it, or says why it cannot. It may
    // block for a few seconds at most. Set by main(), before the first run; none by default.
    using DelegationProvider = std::function<CgroupDelegation()>;
    static void setDelegationProvider(DelegationProvider provider);
};
