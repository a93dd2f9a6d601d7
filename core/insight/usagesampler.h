#pragma once

#include "usageseries.h"

#include <QElapsedTimer>
#include <QHash>

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <utility>

class ManagedRun;
class RunHistory;
class RunManager;
class TaskRun;

// The resource curves of every run: one timer for the whole application (not one per run)
// reads each live run's usage (TaskRun::usage(): its cgroup's files or the /proc supervisor's
// figures) once a second, and once soon after its start so that a short run has a curve too,
// and appends it to that run's UsageSeries. CPU % is the growth of user + system time over the
// wall time between two samples. A restarted service keeps one curve across its attempts (the
// time between them reads as nothing running). When a run ends its last figures are appended
// and the curve is written to the history with the run's row (RunHistory::recordSamples()).
//
// The curves are kept while their runs exist (the manager's), so that a pane can show a
// finished run's too. Lives on the GUI thread; cheap - a few small file reads per live run a
// second - and nothing runs while no run is live.
class UsageSampler : public QObject
{
    Q_OBJECT
public:
    // Follows every run runs has now and will have; history (may be null or closed) keeps the
    // curves of those recorded. Neither is owned; both must outlive the sampler.
    UsageSampler(RunManager *runs, RunHistory *history, QObject *parent = nullptr);
    ~UsageSampler() override;

    static constexpr int DefaultIntervalMs = 1000;
    static constexpr int FirstSampleMs = 250;
    void setIntervalMs(int ms); // at least 50
    int intervalMs() const { return m_timer.interval(); }
    // Off: no sampling at all (what the benchmark compares with); the curves stay as they are.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    // The run's curve (by ManagedRun::id()); null when it has none (not started yet, or
    // forgotten by the manager). Read it at once: it may move when another run is added.
    const UsageSeries *series(quint64 runId) const;

public Q_SLOTS:
    void sampleNow(); // every live run, now

Q_SIGNALS:
    // The run's series changed: a point appended, its last point took a sample, or the series
    // halved its resolution (compare the number of points).
    void seriesChanged(quint64 runId);
    // Its curve is in the history (recordId: the run's row).
    void recorded(quint64 runId, qint64 recordId);

private:
    struct Entry
    {
        QPointer<ManagedRun> run;
        UsageSeries series;
        QElapsedTimer clock;       // from the run's start
        QPointer<TaskRun> attempt; // whose CPU time lastCpuMs is
        std::optional<qint64> lastCpuMs;
        qint64 lastMs = 0; // run time of the last sample
    };
    void follow(ManagedRun *run);
    void onStateChanged(quint64 id);
    void onFinished(quint64 id);
    bool sample(Entry &entry, bool final); // true: the series changed
    void updateTimer();
    void refreshProcScans();

    RunHistory *m_history;
    QHash<quint64, Entry> m_entries;
    QTimer m_timer;
    bool m_enabled = true;
};
