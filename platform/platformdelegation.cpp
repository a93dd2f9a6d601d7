#include "platformdelegation.h"

#include "cgrouphierarchy.h"
#include "containmentbackend.h"

#if TASKRUNNER_WITH_SYSTEMD
#include "systemdscope.h"
#endif

void PlatformDelegation::install()
{
    ContainmentBackend::setDelegationProvider(&PlatformDelegation::ask);
}

CgroupDelegation PlatformDelegation::ask()
{
    CgroupDelegation delegation;
#if TASKRUNNER_WITH_SYSTEMD
    const SystemdScope::Result scope = SystemdScope::moveThisProcess();
    if (!scope.error.isEmpty()) {
        delegation.error = scope.error;
        return delegation;
    }
    // The scope in the cgroup2 mount, and whether it is ours to write now.
    const CgroupHierarchy now = CgroupHierarchy::detect();
    if (!now.hasDirectory() || now.ownPath != scope.path) {
        delegation.error = QStringLiteral("systemd put us in %1, but it is not to be found in the "
                                          "cgroup2 mount: %2")
                               .arg(scope.path, now.problem);
        return delegation;
    }
    delegation.directory = now.ownDirectory;
    delegation.path = now.ownPath;
    delegation.description
        = QStringLiteral("delegated scope %1 from the user's systemd").arg(scope.unit);
#else
    delegation.error = QStringLiteral("not built with D-Bus (Qt6::DBus was not found when "
                                      "taskrunner was built), so the user's systemd was not "
                                      "asked for a delegated scope");
#endif
    return delegation;
}
