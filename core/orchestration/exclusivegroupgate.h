#pragma once

#include "rungate.h"

// Runs of tasks in the same exclusive group ("gpu", "deploy") never overlap: a queued run
// waits while a run of its group is live.
class ExclusiveGroupGate : public RunGate
{
public:
    QString holds(const ManagedRun &run, const RunManager &manager) const override;
};
