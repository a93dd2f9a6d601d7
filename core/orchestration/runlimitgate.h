#pragma once

#include "rungate.h"

// The global limit on concurrent runs (the setting runs/maxConcurrent): a queued run waits
// while that many runs are live (starting, running, paused or stopping). 0 is no limit.
class RunLimitGate : public RunGate
{
public:
    void setLimit(int limit) { m_limit = limit > 0 ? limit : 0; }
    int limit() const { return m_limit; }

    QString holds(const ManagedRun &run, const RunManager &manager) const override;

private:
    int m_limit = 0;
};
