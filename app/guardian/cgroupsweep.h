#pragma once

#include <string>

struct CgroupSweepResult
{
    bool refused = false;      // not a cgroup2 directory we may kill: nothing was done
    bool wasPopulated = false; // something was alive in it
    bool emptied = false;      // nothing alive in what we killed, by the deadline
    bool removed = false;      // every cgroup we may remove is gone
    std::string message;       // what went wrong, in words
};

// The cgroup backend's kill, once the runner is dead: every process of the runner's instance
// cgroup at directory.
//
// The instance made by RunnerCgroup::create() holds only runs: one "1" to its cgroup.kill
// (Linux 5.14; before it, each member through a pidfd, frozen meanwhile where cgroup.freeze
// exists), a wait on cgroup.events for "populated 0", then rmdir of its leaves and of itself.
// An instance we are in ourselves - RunnerCgroup::adopt()'s scope, where the runner and so the
// guardian it started live in <scope>/runner - is killed leaf by leaf, every cgroup but the
// ones on our own path, and only those are removed: the scope is its owner's to remove.
//
// Refuses what is not a non-root cgroup2 directory: the root cgroup holds the whole system.
CgroupSweepResult killInstanceCgroup(const std::string &directory, int deadlineMs);
