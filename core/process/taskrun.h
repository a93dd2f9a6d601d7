#pragma once

#include "outputchannel.h"
#include "processtable.h"
#include "runcontainment.h"
#include "runresult.h"
#include "taskspec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QSet>
#include <QTimer>

#include <memory>

class ExecPlan;
class OutputPipe;

// One run of a task: spawns it in a session of its own, streams its output, enforces the
// timeout, and stops everything it started - its process group, the processes that left the
// group, and those left behind when the main process exits - before it reports finished().
class TaskRun : public QObject
{
    Q_OBJECT
public:
    // Paused: every process of the run frozen (cgroup.freeze, or SIGSTOP to each); see pause().
    enum class State { NotStarted, Starting, Running, Paused, Stopping, Finished };
    Q_ENUM(State)

    explicit TaskRun(TaskSpec spec, QObject *parent = nullptr);
    // Destroying a live run kills everything it started (SIGKILL) without waiting for it:
    // stop() or kill() and wait for finished() first where the output or outcome matters.
    ~TaskRun() override;

    const TaskSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    bool isLive() const
    {
        return m_state == State::Starting || m_state == State::Running || m_state == State::Paused
               || m_state == State::Stopping;
    }
    pid_t processId() const { return m_leaderPid; }      // also the session and group id
    const RunResult &result() const { return m_result; } // complete once finished()
    std::chrono::milliseconds elapsed() const;
    // Being stopped because its timeout fired (state Stopping, or Finished as TimedOut).
    bool isTimingOut() const { return m_stopReason == StopReason::Timeout; }
    // The remaining grace period while a graceful stop waits, or -1 when none does.
    qint64 graceRemainingMs() const;
    // What is left of the timeout (while paused too: frozen where it was), or -1 when none runs.
    qint64 timeoutRemainingMs() const;
    // How long the output may stay open once nothing of the run is alive, and how often the
    // processes below us are searched for a holder of it meanwhile.
    static constexpr int DrainDeadlineMs = 2000;
    static constexpr int HolderLookIntervalMs = 100;

    // NAME=VALUE this run puts in its task's environment to recognise its processes.
    QByteArray markerEntry() const { return m_marker; }

    // Sends signal to every process of the run now, without any state change: for
    // stopAllNow(), when no event loop will run again.
    void signalNow(int signal);
    // What the run has used so far (complete in result() once finished).
    ResourceUsage usage() const;
    // Which containment holds it (valid once started).
    RunContainment::Kind containmentKind() const;
    // For looking inside the run without disturbing it (the process tree): the processes its
    // /proc supervisor attributed to it at its last scan, read without a scan (nothing with a
    // cgroup); and its cgroup's member list, a file to read from any thread (empty without one).
    QVector<ProcessInfo> lastSeenMembers() const;
    QString memberListPath() const;

    // The last resort for a program that is ending without its event loop - exit() called by a
    // library (Qt's xcb plugin does so when the display connection is lost) - with runs still
    // live: SIGTERM and SIGCONT to every process of every run, up to graceMs for them to go,
    // then SIGKILL until nothing is left. Blocks (it has to: nothing will run after it).
    static void stopAllNow(int graceMs);
    // Calls stopAllNow() from an atexit handler. Call once, early in main(), after the
    // QCoreApplication exists.
    static void stopAllAtExit();
    static constexpr int AtExitGraceMs = 3000;

public Q_SLOTS:
    void start();
    // SIGTERM (and SIGCONT) to everything of the run, SIGKILL after the grace period.
    void stop();
    // SIGKILL to everything of the run, now, and again until nothing is left.
    void kill();
    // Freezes every process of the run where it stands (cgroup.freeze; without it SIGSTOP to
    // each member) and pauses its timeout: paused time does not count toward it, as the task
    // makes no progress meanwhile (it does count in the run's duration). Running runs only.
    void pause();
    // Thaws it (SIGCONT to each without cgroups) and lets the timeout run on from where it was.
    void resume();
    bool isPaused() const { return m_state == State::Paused; }
    void writeStdin(const QByteArray &data); // StdinMode::Pipe only
    // Back-pressure: while paused, the task's output waits in its pipes (and the task blocks
    // once they are full) instead of piling up in memory.
    void setOutputPaused(bool paused);
    void closeStdin();

Q_SIGNALS:
    void started();                          // Starting -> Running
    void stateChanged(TaskRun::State state); // any transition
    void outputReceived(OutputChannel channel, const QByteArray &data);
    void stdinBytesWritten(qint64 bytes);
    void finished(const RunResult &result); // any -> Finished, exactly once

private:
    enum class StopReason { None, Timeout, User, UserKill, Leftovers };
    enum class StopPhase { None, Terminating, Killing };

    void setState(State state);
    void thaw(); // undoes pause(), whatever the state
    void failToStart(StartFailure failure, const QString &text);
    bool openPty(int *slave);
    void onLeaderStarted();
    void onLeaderFailedToStart();
    void onLeaderFinished(int exitCode, QProcess::ExitStatus status);
    void beginStop(StopReason reason, bool graceful);
    void escalateToKill();
    // members: a scan made just now, or nullptr to scan first.
    void signalEverything(int signal, const QVector<ProcessInfo> *members = nullptr);
    void onScanned();
    void checkFinished();
    void finish();
    QVector<ProcessInfo> membersNow(); // the last scan if it settles it, else a new one
    int aliveOthers(const QVector<ProcessInfo> &members) const;
    // The output is still open while nothing known of the run lives: find who holds it.
    void lookForOutputHolders();
    void onDrainDeadline();
    QSet<QByteArray> outputLinks() const;
    bool outputPaused() const;

    TaskSpec m_spec;
    std::unique_ptr<RunContainment> m_containment; // from start() to the end of the run
    State m_state = State::NotStarted;
    RunResult m_result;
    QByteArray m_marker;
    std::unique_ptr<ExecPlan> m_exec;
    QString m_program; // for messages

    QProcess *m_process = nullptr; // child; deleted only once it is NotRunning
    OutputPipe *m_stdout = nullptr;
    OutputPipe *m_stderr = nullptr;
    pid_t m_leaderPid = 0;
    int m_leaderPidfd = -1;
    bool m_leaderFinished = false;

    QElapsedTimer m_clock;
    QTimer m_timeoutTimer;
    QTimer m_graceTimer;
    // Started when nothing of the run is alive but its output is still open (held by a process
    // that is not ours): how long we still wait for EOF before closing our ends.
    QTimer m_drainTimer;
    QElapsedTimer m_holderLookClock;
    qint64 m_timeoutLeftMs = -1; // while paused: what was left of the timeout, -1 for none
    bool m_frozenByCgroup = false;
    StopReason m_stopReason = StopReason::None;
    StopPhase m_stopPhase = StopPhase::None;
    QSet<QPair<pid_t, quint64>> m_signalled;
    QSet<QPair<pid_t, quint64>> m_escapees;
    bool m_finishQueued = false;
};
