#pragma once

#include <QString>
#include <QStringList>

// What the tests read for themselves about this process's cgroup v2, independently of the
// engine (/proc/self/mountinfo, /proc/self/cgroup and the cgroup's own files): what the limits
// tests expect the engine to be able to do.
namespace CgroupProbe {

// Where the cgroup2 hierarchy is mounted ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"), or empty.
QString mountPoint();

// The controllers this process's cgroup enables for its children (cgroup.subtree_control):
// those the engine's instance cgroup, made there, can enable for its runs - all it may use, as
// it writes none of that cgroup's files.
QStringList controllersForChildren();

// Whether a run may be expected to get every one of these controllers: cgroups are asked for or
// allowed (TASKRUNNER_CONTAINMENT is not "proc"), our cgroup is writable, and passes each on. Why
// not, in words, through *why.
bool limitsExpected(const QStringList &controllers, QString *why);

// Swap is on: a task past its memory.max is swapped out rather than killed.
bool swapIsOn();

} // namespace CgroupProbe
