#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

class ManagedRun;

// The one line a run's header always shows: its state or outcome in words with the time it
// has run and the countdowns under way ("Running — 12.3 s · times out in 47 s"), and the
// colour of the dot beside it (OutcomeColors', as on its tab).
class RunSummary
{
    Q_DECLARE_TR_FUNCTIONS(RunSummary)
public:
    static QString text(const ManagedRun *run);
    static QColor color(const ManagedRun *run);
    // The restart policy at work, for a run of a task that has one: "3", "3 — restarting in
    // 4.0 s", "5 — Gave up after 5 restarts in 10 min"; empty for a task without one.
    static QString restarts(const ManagedRun *run);
};
