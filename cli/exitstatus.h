#pragma once

#include "runresult.h"

// The CLI's exit contract, shared by `run` and `run --task`:
//   the task's own code; 124 timed out; 125 the runner failed (bad arguments, bad working
//   directory, no resources); 126 not executable; 127 not found; 128+N died from signal N.
namespace ExitStatus {
constexpr int TimedOut = 124;
constexpr int RunnerFailed = 125;
constexpr int NotExecutable = 126;
constexpr int NotFound = 127;
constexpr int SignalBase = 128;

int forResult(const RunResult &result);
} // namespace ExitStatus
