#pragma once

#include "restartpolicy.h"
#include "runresult.h"

#include <QList>

#include <chrono>

// The arithmetic of a restart policy, without a clock or a timer of its own: told when each
// attempt started and ended (milliseconds on any steady clock), it says whether to restart, in
// how long, or to give up. ManagedRun waits with a QTimer for the delay it gives; tests feed
// it times and never sleep.
//
// Delays double from the base (1 s, 2 s, 4 s ...) up to the cap (60 s). An attempt that stayed
// up at least stableAfter (60 s) starts the doubling again from the base: a service that
// crashes once a day after hours of work is restarted within a second each time, not at the
// cap for ever because of crashes long past. Giving up is separate and by the clock: when
// maxRestarts restarts already came within the last withinMinutes, the next one is not made.
class RestartBackoff
{
public:
    struct Timing
    {
        std::chrono::milliseconds base{1000};
        std::chrono::milliseconds cap{60000};
        std::chrono::milliseconds stableAfter{60000};
    };

    struct Decision
    {
        bool restart = false; // false: no restart (the policy does not want one, or gave up)
        bool gaveUp = false;  // the policy wanted one, but the limit is reached
        std::chrono::milliseconds delay{0};
        int inWindow = 0; // restarts within the window, this one included ("Restart 2 of 5")
    };

    explicit RestartBackoff(const RestartPolicy &policy, const Timing &timing = defaultTiming());

    // Whether the policy restarts after this end at all: never after the user's Stop or Kill;
    // "on failure" not after exit code 0.
    static bool wantsRestart(const RestartPolicy &policy, const RunResult &result);

    // An attempt that started at startedMs ended at endedMs with result: the decision. A
    // restart it decides counts from endedMs on (for the window).
    Decision attemptEnded(qint64 startedMs, qint64 endedMs, const RunResult &result);
    // Restarts decided so far, all of them (the pane's "Restarts: 3").
    int restartCount() const { return m_total; }

    // What ManagedRun uses; tests make it short so that real processes restart at once.
    static Timing defaultTiming();
    static void setDefaultTimingForTesting(const Timing &timing);

private:
    RestartPolicy m_policy;
    Timing m_timing;
    QList<qint64> m_restartTimes; // within the window (older ones are dropped as it moves)
    int m_quickFailures = 0;      // restarts since the last attempt that stayed up long enough
    int m_total = 0;
};
