#pragma once

#include <QString>

class ManagedRun;
class RunManager;

// Something a queued run may have to wait for before it starts: a limit on concurrent runs, an
// exclusive group, the task's own run before it, its dependencies. RunManager asks every gate
// before it starts a queued run, in queue order, and asks again whenever a run ends or a gate
// says its answer may have changed (RunManager::reconsiderQueue()).
class RunGate
{
public:
    virtual ~RunGate() = default;
    // Why run must wait now, for the user ("4 runs are running, the limit"), or empty when this
    // gate lets it start. Runs the manager has just admitted in this same pass are already
    // Starting, so a limit counts them.
    virtual QString holds(const ManagedRun &run, const RunManager &manager) const = 0;
};
