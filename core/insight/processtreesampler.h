#pragma once

#include "processsnapshot.h"

#include <QObject>
#include <QPointer>

#include "managedrun.h"

// Samples the process tree of one run, once or twice a second, reading /proc on a thread of
// its own so that the window never waits for it: the run's members (its cgroup's member list,
// or what the /proc supervisor attributes to it, and their descendants), then each member's
// stat, statm and cmdline. At most one sample is in flight: a slow /proc delays the next one
// rather than queueing them.
//
// Lives on the GUI thread; sampled() is emitted there.
class ProcessTreeSampler : public QObject
{
    Q_OBJECT
public:
    explicit ProcessTreeSampler(QObject *parent = nullptr);
    ~ProcessTreeSampler() override; // stops and joins the thread

    // The run to sample (not owned), or nullptr to stop. Sampling stops by itself when the
    // run finishes, after one last (empty) snapshot.
    void watch(ManagedRun *run);
    ManagedRun *watched() const { return m_run; }
    // 1000 ms by default; at least 250.
    void setIntervalMs(int ms);
    int intervalMs() const { return m_intervalMs; }
    static constexpr int DefaultIntervalMs = 1000;

    ProcessTreeSnapshot last() const { return m_last; }

public Q_SLOTS:
    void sampleNow(); // out of turn (after a signal was sent from the panel)

Q_SIGNALS:
    void sampled(const ProcessTreeSnapshot &snapshot);

private:
    QPointer<ManagedRun> m_run;
    int m_intervalMs = DefaultIntervalMs;
    ProcessTreeSnapshot m_last;
};
