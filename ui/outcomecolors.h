#pragma once

#include "runrecord.h"
#include "runresult.h"

#include <QColor>
#include <QIcon>

// The window's colour for how a run ended - one table for the tabs and the history: green
// exited 0, red failed or crashed, yellow timed out, purple stopped or killed, brown failed to
// start; and for a live one: blue running, light blue paused, orange stopping; teal
// queued. (The words are
// OutcomeText's, shared with the CLI.)
//
// On a dark application palette each colour is lightened, where it must be, to reach 3:1 (WCAG's
// minimum for graphics) on the palette's Base and Window - a killed run's dark purple would
// vanish on a dark background; on a light one the familiar colours stay, and the dot's ring is
// what reaches 3:1 there.
namespace OutcomeColors {
QColor forResult(const RunResult &result);
// A recorded run: its outcome's colour once finished, running()'s while it runs, else unknown().
QColor forRecord(const RunRecord &record);
QColor running();
QColor paused(); // every process frozen (TaskRun::pause()): running's blue, faded
QColor stopping();
QColor queued();  // waiting in the queue for its turn: teal, neither running nor ended
QColor unknown(); // not started, interrupted
QIcon dot(const QColor &color);
// The dot's ring: color, darkened (light palette) or lightened (dark) until it reaches 3:1 on
// both the application palette's Base and Window.
QColor ring(const QColor &color);
} // namespace OutcomeColors
