#include "exitstatus.h"

#include <csignal>

namespace ExitStatus {

int forResult(const RunResult &result)
{
    switch (result.outcome) {
    case RunOutcome::Exited:
        return result.exitCode;
    case RunOutcome::Crashed:
        return SignalBase + result.signal;
    case RunOutcome::TimedOut:
        return TimedOut;
    case RunOutcome::Stopped:
        return SignalBase + SIGTERM;
    case RunOutcome::Killed:
        return SignalBase + SIGKILL;
    case RunOutcome::Skipped:
    case RunOutcome::Cancelled:
        return RunnerFailed; // it never ran: the runner's own refusal, as GNU timeout's 125
    case RunOutcome::FailedToStart:
        switch (result.startFailure) {
        case StartFailure::ProgramNotFound:
            return NotFound;
        case StartFailure::NotExecutable:
            return NotExecutable;
        case StartFailure::None:
        case StartFailure::BadWorkingDirectory:
        case StartFailure::Other:
            return RunnerFailed;
        }
    }
    return RunnerFailed;
}

} // namespace ExitStatus
