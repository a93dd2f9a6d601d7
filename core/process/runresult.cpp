#include "runresult.h"

const char *outcomeName(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Exited:
        return "exited";
    case RunOutcome::Crashed:
        return "crashed";
    case RunOutcome::TimedOut:
        return "timed out";
    case RunOutcome::Stopped:
        return "stopped";
    case RunOutcome::Killed:
        return "killed";
    case RunOutcome::FailedToStart:
        return "failed to start";
    }
    return "unknown";
}
