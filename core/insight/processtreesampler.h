#pragma once

#include "processsnapshot.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <memory>

#include "managedrun.h"

class ProcessTreeReader;
struct ProcessTreeRequest;

// Samples the process tree of one run, once or twice a second, reading /proc on a thread of
// its own so that the window never waits for it: the run's members (its cgroup's member list,
// or what the /proc supervisor attributes to it, and their descendants), then each member's
// stat and, once per process and exec, its cmdline (ProcessTreeReader). At most one sample is
// in flight: a slow /proc delays the next one rather than queueing them.
//
// Lives on the GUI thread; sampled() is emitted there, always from the event loop (never from
// within watch() or sampleNow()).
class ProcessTreeSampler : public QObject
{
    Q_OBJECT
public:
    explicit ProcessTreeSampler(QObject *parent = nullptr);
    ~ProcessTreeSampler() override; // stops and joins the thread

    // The run to sample (not owned), or nullptr to stop. A live run is sampled at once, then
    // every intervalMs(). Sampling stops by itself when the run finishes, after one last
    // (empty) snapshot; a run that has finished already gets that one snapshot only.
    void watch(ManagedRun *run);
    ManagedRun *watched() const { return m_run; }
    // 1000 ms by default; at least 250.
    void setIntervalMs(int ms);
    int intervalMs() const { return m_intervalMs; }
    static constexpr int DefaultIntervalMs = 1000;
    static constexpr int MinimumIntervalMs = 250;

    ProcessTreeSnapshot last() const { return m_last; }

    // What the sampling has cost so far (for the benchmark and the logs): CPU time of the
    // reading thread spent in samples, and of the GUI thread spent preparing them and taking
    // their results (not what the receivers of sampled() spend).
    struct Cost
    {
        int samples = 0;
        qint64 readerCpuNs = 0;
        qint64 guiCpuNs = 0;
    };
    Cost cost() const { return m_cost; }

public Q_SLOTS:
    // Out of turn (after a signal was sent from the panel). While a sample is in flight, one
    // more follows it as soon as it is done (it may have read /proc before the signal). Does
    // nothing while no run is watched.
    void sampleNow();

Q_SIGNALS:
    void sampled(const ProcessTreeSnapshot &snapshot);

private:
    void startSample();
    ProcessTreeRequest requestFor(ManagedRun *run) const;
    void onRead(const ProcessTreeSnapshot &snapshot, quint64 generation, qint64 readerCpuNs);
    void onRunStateChanged();
    void finishWatching();

    QPointer<ManagedRun> m_run;
    int m_intervalMs = DefaultIntervalMs;
    ProcessTreeSnapshot m_last;
    QTimer m_timer;
    // The reading thread: m_worker lives there (the context its work is queued to, deleted
    // with the thread); m_reader is used there only, one sample at a time.
    QThread m_thread;
    QObject *m_worker = nullptr;
    std::unique_ptr<ProcessTreeReader> m_reader;
    quint64 m_generation = 1; // a new one per watched run: a late result of another is dropped
    bool m_inFlight = false;
    bool m_again = false; // sampleNow() while in flight
    Cost m_cost;
};
