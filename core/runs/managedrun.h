#pragma once

#include "restartbackoff.h"
#include "runrequest.h"
#include "runresult.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

class OutputLog;
class RunHistory;
class RunRecorder;
class TaskRun;

// One run as the application holds it: the request it came from, the process side (TaskRun),
// its output (OutputLog with its log file) and its history row, under one id that stays the
// same for the run's whole life. Made and owned by RunManager; views show it, never own it.
class ManagedRun : public QObject
{
    Q_OBJECT
public:
    // Queued is a run the manager holds but has not started yet (a gate holds it: see
    // waitReason()); Paused has every process of the run frozen (TaskRun::pause()). A run may
    // go from Queued to Finished without starting (RunOutcome::Skipped, Cancelled). Restarting
    // is a service between two attempts (the task's RestartPolicy): the last attempt's
    // processes are all gone, the next starts when the backoff delay is over
    // (restartRemainingMs()).
    enum class State { Queued, Starting, Running, Paused, Stopping, Restarting, Finished };
    Q_ENUM(State)

    ManagedRun(quint64 id, RunRequest request, QObject *parent = nullptr);
    ~ManagedRun() override;

    quint64 id() const { return m_id; }
    const RunRequest &request() const { return m_request; }
    const Task &task() const { return m_request.task; }
    State state() const { return m_state; }
    bool isLive() const
    {
        return m_state == State::Starting || m_state == State::Running || m_state == State::Paused
               || m_state == State::Stopping || m_state == State::Restarting;
    }
    bool isFinished() const { return m_state == State::Finished; }
    // The processes (pid, elapsed time, grace period, stdin) of the current attempt, or of the
    // last one while Restarting; null while queued. A restart replaces it (the previous one is
    // deleted later): read it when needed, do not keep it.
    TaskRun *taskRun() const { return m_run; }
    OutputLog *log() const { return m_log; }
    const RunResult &result() const; // complete once finished
    // Why a queued run waits ("the limit of 4 runs is reached"), empty when it does not.
    QString waitReason() const { return m_waitReason; }
    // Its place in the manager's queue while queued: 1 is the next to start; 0 when not queued.
    int queuePosition() const { return m_queuePosition; }
    QDateTime startedAt() const { return m_startedAt; }
    // Its row in the history, 0 when not recorded (no history, or history off).
    qint64 recordId() const { return m_recordId; }
    // Its raw log file, empty when none is written; and what to say about it: the path, why
    // it is not written, or that its limit was reached.
    QString logPath() const { return m_logPath; }
    QString logStatus() const { return m_logStatus; }
    // "[Exited with code 0 after 1.2 s]": the runner's last line under the output, once finished.
    QString outcomeNote() const { return m_outcomeNote; }

    // The task's restart policy at work: restarts made so far (the pane's "Restarts: 3"), the
    // time left before the next attempt while Restarting (-1 otherwise), and whether the policy
    // gave up (its limit of restarts was reached; the log says so).
    int restartCount() const { return m_backoff.restartCount(); }
    qint64 restartRemainingMs() const;
    bool gaveUp() const { return m_gaveUp; }

    // Whether a view shows it now (counted: two views may). A shown run that gave its lines
    // back reads them again from its log file; a hidden one may give them back.
    void addViewer();
    void removeViewer();
    bool isViewed() const { return m_viewers > 0; }

    // A finished run that nothing shows gives its lines' memory back; they are read again from
    // its log file (its last MemoryReloadBytes) when it is shown. Returns the bytes freed, or
    // -1 when it will be able to once its log file is written out.
    qint64 releaseMemory();
    bool isReleased() const { return m_released; }
    static constexpr qint64 MemoryReloadBytes = 16 * 1024 * 1024;

    // A queued run is cancelled by either (it never starts). The user's Stop and Kill end the
    // restart policy too: no attempt after this one (also while waiting for one: the run then
    // finishes as stopped or killed).
    void stop();
    void kill();
    void pause();
    void resume();
    // The task's stdin (the GUI's runs have a pipe): closed for good, whichever view did it.
    void closeStdin();
    bool isStdinOpen() const { return m_stdinOpen && !isFinished(); }

Q_SIGNALS:
    void stateChanged(ManagedRun::State state); // once per transition; Finished once, last
    void finished(const RunResult &result);     // once, after the outcome is in the log
    void logStatusChanged(const QString &status);
    void viewedChanged(bool viewed);
    void restartsChanged(int count);         // a restart was decided (state Restarting follows)
    void queuePositionChanged(int position); // moved, or a run before it left the queue
    void waitReasonChanged(const QString &reason);

private:
    friend class RunManager;
    // Starts the processes (state Starting); the history row is written first, so a crash of
    // the app leaves it "running" and the next start says it was interrupted.
    void start(RunHistory *history, qint64 logLimitBytes);
    // Finished without starting: the reason is its note and its result's errorText, and the
    // history has a row for it (a run skipped is a run that was asked for).
    void finishUnstarted(RunHistory *history, RunOutcome outcome, const QString &reason);
    bool setWaitReason(const QString &reason); // true when it changed
    void setState(State state);
    void startAttempt();
    void onAttemptFinished(const RunResult &result);
    void endPolicyWhileWaiting(RunOutcome outcome);
    void onFinished(const RunResult &result);
    void setLogStatus(const QString &status);
    void reloadFromLog();

    const quint64 m_id;
    const RunRequest m_request;
    State m_state = State::Queued;
    TaskRun *m_run = nullptr;          // child
    OutputLog *m_log = nullptr;        // child
    RunRecorder *m_recorder = nullptr; // child, when recorded
    RunHistory *m_history = nullptr;   // RunManager's, for a run cancelled while queued
    RunResult m_unstartedResult;       // the result of a run that never started
    QString m_waitReason;
    int m_queuePosition = 0; // RunManager's
    QDateTime m_startedAt;
    qint64 m_recordId = 0;
    QString m_logPath;
    QString m_logStatus;
    QString m_outcomeNote;
    int m_viewers = 0;
    bool m_released = false;
    bool m_stdinOpen = true;
    bool m_discardWhenFinished = false; // RunManager's: nothing shows it (a background run)
    // The restart policy: a steady clock for the attempts' times, the wait between them.
    RestartBackoff m_backoff;
    QElapsedTimer m_clock;
    qint64 m_attemptStartedMs = 0;
    QTimer m_restartTimer;
    bool m_policyEnded = false; // the user stopped or killed it
    bool m_gaveUp = false;
    std::optional<RunResult> m_ownResult; // stopped while no attempt ran
};
