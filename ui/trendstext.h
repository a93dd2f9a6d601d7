#pragma once

#include "tasktrends.h"

#include <QColor>
#include <QDateTime>
#include <QString>

// A task's trends in words and in a line of blocks, for the task list's tooltip and the Trends
// dialog: "Last 20 runs: 17 succeeded, 3 failed (15 %) · average 12.4 s · slowest 41 s
// (Tue 14:02)". The words say everything on their own (a screen reader reads them); the
// sparkline only draws it again.
namespace TrendsText {
// The line above ("1 run: ..." for a task run once), or "No runs yet". The stopped, running and
// interrupted runs are named after the failed ones when there are any ("…, 1 stopped").
QString summary(const TaskTrends &trends);
// When a run started, short: "Tue 14:02" within the last week, else "3 Nov 14:02" (local time).
QString when(const QDateTime &started, const QDateTime &now = QDateTime::currentDateTime());
// What counts as failed, for the dialog: a sentence.
QString whatCounts();
// A run's verdict in a word: "succeeded", "failed", "stopped", "running", "interrupted",
// "not started".
QString verdictName(TaskTrends::Verdict verdict);
// The runs as blocks (▁▂▃▄▅▆▇█), oldest first, each as tall as its duration against the
// slowest; "·" for a run without a duration (running, interrupted).
QString sparkline(const TaskTrends &trends);
// The same, each block in its outcome's colour: rich text for a tooltip.
QString sparklineHtml(const TaskTrends &trends);
// A run's colour: OutcomeColors' for its state and outcome.
QColor colourOf(const TaskTrends::Run &run);
// The tooltip's section, rich text: the summary, then the sparkline.
QString toolTipSection(const TaskTrends &trends);
} // namespace TrendsText
