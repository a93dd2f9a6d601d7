#include "restartbackoff.h"

#include <algorithm>

namespace {

RestartBackoff::Timing &testTiming()
{
    static RestartBackoff::Timing timing;
    return timing;
}

} // namespace

RestartBackoff::RestartBackoff(const RestartPolicy &policy, const Timing &timing)
    : m_policy(policy)
    , m_timing(timing)
{}

bool RestartBackoff::wantsRestart(const RestartPolicy &policy, const RunResult &result)
{
    if (result.outcome == RunOutcome::Stopped || result.outcome == RunOutcome::Killed)
        return false; // the user's: ends the policy
    switch (policy.when) {
    case RestartPolicy::When::Never:
        return false;
    case RestartPolicy::When::OnFailure:
        return !(result.outcome == RunOutcome::Exited && result.exitCode == 0);
    case RestartPolicy::When::Always:
        return true;
    }
    return false;
}

RestartBackoff::Decision RestartBackoff::attemptEnded(qint64 startedMs, qint64 endedMs,
                                                      const RunResult &result)
{
    Decision decision;
    if (!wantsRestart(m_policy, result))
        return decision;
    const qint64 window = qint64(m_policy.withinMinutes) * 60 * 1000;
    m_restartTimes.erase(std::remove_if(m_restartTimes.begin(), m_restartTimes.end(),
                                        [&](qint64 at) { return at <= endedMs - window; }),
                         m_restartTimes.end());
    if (m_restartTimes.size() >= m_policy.maxRestarts) {
        decision.gaveUp = true;
        decision.inWindow = int(m_restartTimes.size());
        return decision;
    }
    if (endedMs - startedMs >= m_timing.stableAfter.count())
        m_quickFailures = 0;
    // base * 2^n, without overflowing for a long row of failures
    qint64 delay = m_timing.base.count();
    for (int i = 0; i < m_quickFailures && delay < m_timing.cap.count(); ++i)
        delay *= 2;
    delay = std::min<qint64>(delay, m_timing.cap.count());
    ++m_quickFailures;
    ++m_total;
    m_restartTimes.append(endedMs);
    decision.restart = true;
    decision.delay = std::chrono::milliseconds(delay);
    decision.inWindow = int(m_restartTimes.size());
    return decision;
}

RestartBackoff::Timing RestartBackoff::defaultTiming()
{
    return testTiming();
}

void RestartBackoff::setDefaultTimingForTesting(const Timing &timing)
{
    testTiming() = timing;
}
