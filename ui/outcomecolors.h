#pragma once

#include "runrecord.h"
#include "runresult.h"

#include <QColor>
#include <QIcon>

// The window's colour for how a run ended - one table for the tabs and the history: green
// exited 0, red failed or crashed, yellow timed out, purple stopped or killed, brown failed to
// start; and for a live one: blue running, light blue paused, orange stopping. (The words are
// OutcomeText's, shared with the CLI.)
namespace OutcomeColors {
QColor forResult(const RunResult &result);
// A recorded run: its outcome's colour once finished, running()'s while it runs, else unknown().
QColor forRecord(const RunRecord &record);
QColor running();
QColor paused(); // every process frozen (TaskRun::pause()): running's blue, faded
QColor stopping();
QColor unknown(); // not started, interrupted
QIcon dot(const QColor &color);
} // namespace OutcomeColors
