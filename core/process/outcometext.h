#pragma once

#include "runresult.h"
#include "taskrun.h"

#include <QString>

// The one place a run's state and outcome become words, for both front ends (the engine itself
// reports enums and counts). Plain functions of Qt Core, no QObject, so the CLI links them
// without Widgets. English only, as the rest of the program.
namespace OutcomeText {
// The sentence of a pane's header and a log's last note: "Exited with code 2 after 3.4 s",
// "Timed out after 10 s — 3 processes stopped", "Killed by its memory limit (512 MB) after
// 3.4 s", "Could not start: ...".
QString describe(const RunResult &result);
// A finished run in a few words, for a tab: "exited 0", "failed (exit 2)", "crashed",
// "timed out", "stopped", "killed", "memory limit", "failed to start".
QString brief(const RunResult &result);
// What the CLI says on stderr when a run ends, without its "taskrunner-cli: " prefix: the reason
// for a failed start, "timed out after 2000 ms; 3 processes stopped", "killed by its memory
// limit (512 MB)"; empty for other ends (the exit status tells them).
QString cliNotice(const RunResult &result);
QString stateName(TaskRun::State state);             // "Running"
QString seconds(std::chrono::milliseconds duration); // "3.4 s"
QString processes(int count);                        // "1 process", "3 processes"
} // namespace OutcomeText
