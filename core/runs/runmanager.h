#pragma once

#include "managedrun.h"
#include "rungate.h"
#include "runrequest.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

class OutputLog;
class RunHistory;

// Every run of the application: started here, held here until nothing needs it, recorded in
// the history, its log file kept within the user's limits, and all runs' scrollback together
// kept within one memory budget. Windows, panes and (later) queues, triggers and D-Bus act on
// runs through it by id; a view only shows a run.
//
// A run stays while something holds it. A front end that no longer needs one (its pane was
// closed) calls discardWhenFinished(): a finished run goes at once, a live one goes on "in the
// background" and is forgotten when it ends - its log and history row are what remain of it.
class RunManager : public QObject
{
    Q_OBJECT
public:
    // history: where runs are recorded; may be null or closed (nothing recorded). Not owned, it
    // must outlive the manager.
    explicit RunManager(RunHistory *history = nullptr, QObject *parent = nullptr);
    // Live runs' processes are killed (SIGKILL, without waiting): stop them and wait first where
    // the outcome matters.
    ~RunManager() override;

    // A new run: its id (never 0). runAdded() is emitted while it is still Queued; it starts at
    // once unless a gate holds it, then when none does (see addGate()).
    quint64 start(const RunRequest &request);
    // The same request again, with trigger (RunTriggers::rerun() unless said); 0 when id is
    // unknown.
    quint64 rerun(quint64 id, const QString &trigger = RunTriggers::rerun());
    void stop(quint64 id);
    void kill(quint64 id);
    void stopAll();
    void killAll();

    // Queued runs wait while any gate holds them (the manager owns the gates).
    void addGate(std::unique_ptr<RunGate> gate);
    // Starts every queued run no gate holds, oldest first; the others get their wait reason
    // (ManagedRun::waitReason()). Done when a run is added or ends; call it when something a
    // gate looks at changed (a setting, a dependency's end).
    void reconsiderQueue();
    // Ends a run that has not started (Queued) without starting it: outcome Skipped or
    // Cancelled, reason as its note and in the history. False when it is not queued.
    bool finishUnstarted(quint64 id, RunOutcome outcome, const QString &reason);
    int queuedCount() const;

    ManagedRun *run(quint64 id) const;
    ManagedRun *runRecordedAs(qint64 recordId) const;   // by its history row
    QList<ManagedRun *> runs() const { return m_runs; } // oldest first
    int liveCount() const;

    // Nothing shows the run any more: forget it now if it has finished, else once it does.
    void discardWhenFinished(quint64 id);
    // Wanted again (reopened from the history): kept after it finishes.
    void keep(quint64 id);
    // Live runs nothing shows.
    int backgroundCount() const;

    // All runs' scrollback together (each is capped on its own, but thirty runs are thirty
    // caps): finished runs nothing shows give their lines back, oldest first, while the total
    // is above it. Checked when a run ends or stops being shown.
    void setMemoryBudget(qint64 bytes);
    qint64 memoryBudget() const { return m_memoryBudget; }
    qint64 memoryInUse() const;
    // A log the manager does not own (a past run opened from the history) counted in the budget
    // while it exists; never released by the manager.
    void countMemoryOf(OutputLog *log);
    // A log file shown by something other than a run of ours (a past run's tab): never pruned
    // while holder exists.
    void keepLogWhileOpen(const QString &path, QObject *holder);
    void enforceMemoryBudget();
    static constexpr qint64 DefaultMemoryBudget = qint64(400) * 1024 * 1024;
    // The setting memory/budgetMB's range (1 MB .. 1 TB); out of it, the default is used.
    static constexpr qint64 MaxMemoryBudgetMB = qint64(1024) * 1024;

    // Keeps the logs directory within the settings' limits (logs/maxTotalMB, logs/maxAgeDays),
    // off this thread; the logs of the runs held here are kept whatever their age. Done after
    // every run; call it once at start too.
    void pruneLogs();

Q_SIGNALS:
    void runAdded(ManagedRun *run);
    void runChanged(ManagedRun *run);  // its state changed
    void runFinished(ManagedRun *run); // once per run, after its outcome is in its log
    void runRemoved(quint64 id);       // forgotten; the object is deleted later
    void liveCountChanged(int live);
    // The log settings have problems (or no longer do): told once per distinct set. file is
    // the settings file they are in.
    void logSettingsProblemsChanged(const QStringList &problems, const QString &file);

private:
    void onRunStateChanged(ManagedRun *run);
    void remove(ManagedRun *run);
    void scheduleMemoryCheck(int delayMs = 0);

    RunHistory *m_history;
    QList<ManagedRun *> m_runs; // children
    QList<QPointer<OutputLog>> m_countedLogs;
    QList<QPair<QPointer<QObject>, QString>> m_openLogs;
    quint64 m_nextId = 1;
    int m_lastLiveCount = 0;
    qint64 m_memoryBudget = DefaultMemoryBudget;
    QTimer m_memoryCheck;
    QStringList m_logSettingsProblems;
    std::vector<std::unique_ptr<RunGate>> m_gates;
    bool m_reconsidering = false;
    bool m_reconsiderAgain = false;
};
