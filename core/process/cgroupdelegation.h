#pragma once

#include <QString>

// A cgroup handed to this process whole, with the process already inside it - a transient
// systemd scope with Delegate=yes - or why none could be had. What a delegation provider
// (ContainmentBackend::setDelegationProvider) answers.
struct CgroupDelegation
{
    QString directory;   // the cgroup in the cgroup2 mount; empty when none was had
    QString path;        // the same as /proc/self/cgroup shows it
    QString description; // how it was had: "delegated scope app-taskrunner-....scope from the
                         // user's systemd"
    QString error;       // why none: "no session bus: ...", "systemd refused: ..."

    bool ok() const { return !directory.isEmpty() && error.isEmpty(); }
};
