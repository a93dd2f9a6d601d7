#pragma once

#include "cgroupdelegation.h"

// Where a cgroup can be delegated to the runner when its own is not writable: from the user's
// systemd (a transient scope with Delegate=yes, SystemdScope), when built with Qt D-Bus.
namespace PlatformDelegation {

// Registers ask() with ContainmentBackend. Called by each main(), before the first run.
void install();
// Moves this process into a cgroup delegated to it, or says why it cannot ("not built with
// D-Bus", "no session bus: ...", "systemd refused: ..."). Blocks a few seconds at most.
CgroupDelegation ask();

} // namespace PlatformDelegation
