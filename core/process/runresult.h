#pragma once

#include "resourceusage.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// Why a run ended. OutcomeText (outcometext.h) turns it into words for both front ends, the CLI's
// ExitStatus into exit codes.
enum class RunOutcome {
    Exited,        // the main process exited on its own; exitCode holds its status
    Crashed,       // the main process died from a signal nobody of ours sent; see signal
    TimedOut,      // the spec's timeout fired and the run was stopped
    Stopped,       // the user asked for a graceful stop (TERM, then KILL after the grace period)
    Killed,        // the user asked for SIGKILL at once
    FailedToStart, // see startFailure and errorText
    // Never started, on purpose (errorText says why): Skipped by the application (a dependency
    // failed, the task's policy when it is already running), Cancelled by the user while queued.
    Skipped,
    Cancelled,
};

enum class StartFailure {
    None,
    ProgramNotFound,
    NotExecutable,
    BadWorkingDirectory,
    Other, // resources, pipes, a failing child set-up step: errorText says which
};

struct RunResult
{
    RunOutcome outcome = RunOutcome::FailedToStart;
    int exitCode = -1; // the main process's exit status when it exited normally, else -1
    int signal = 0;    // the signal that ended the main process, if one did
    StartFailure startFailure = StartFailure::None;
    QString errorText; // a readable sentence for FailedToStart
    std::chrono::milliseconds duration{0};
    int processesSignalled = 0;        // distinct processes of the task we sent a signal to
    int leftoversFound = 0;            // processes still alive when the main process exited
    bool leftoversLeftRunning = false; // ... and left so on request (TaskSpec::leaveLeftovers)
    int escapeesFound = 0; // processes that had left the task's session or process group
    // Processes not of this run ("pid 4242 (sleep)") that still held its output when the run
    // stopped waiting for the end of it: the run ended without their part of the output.
    QStringList outputHolders;
    // CPU time, memory and processes of the whole run (see RunContainment::usage()).
    ResourceUsage usage;
    // Which containment held it: "cgroup" or "proc".
    QString containment;
    // The memory limit the run had (TaskSpec::limits), and the processes of the run the kernel's
    // OOM killer killed because the run reached it (memory.events of its cgroup: oom_kill, with
    // oom > 0). 0 also where it cannot be known: without the memory controller there is no
    // limit to reach.
    std::optional<quint64> memoryLimitBytes;
    int memoryLimitKills = 0;
};
