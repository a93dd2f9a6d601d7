#pragma once

#include "rungate.h"

// A queued run waits until the runs it names (RunRequest::waitsFor: the task's earlier runs
// it queues behind, the run a restart replaces) have ended - a run ends once its whole process
// tree is gone.
class RunsBeforeGate : public RunGate
{
public:
    QString holds(const ManagedRun &run, const RunManager &manager) const override;
};
