#pragma once

#include "runrecord.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <chrono>
#include <optional>

class RunHistory;

// How a task's last runs went, from the history: each run's duration, outcome and start, and
// the figures over them - how many succeeded and failed, the average duration of the successful
// runs, the slowest run and when it started. A plain value; ui/ turns it into words and charts.
//
// What counts (say it where the figures are shown):
// - Succeeded: exited 0.
// - Failed: exited with another code, crashed (a signal nobody of ours sent, the OOM killer's
//   too), timed out, failed to start.
// - Stopped: the user's Stop or Kill. A server ended by hand did not fail; these runs are
//   finished, so they count in the rate's denominator, never in its numerator.
// - Not counted in the rate: a run still going (Running), one whose program died under it
//   (Interrupted: its end is unknown) and one that never started (Skipped, Cancelled -
//   RunHistory::lastRunsOfTask leaves those out; given here anyway, they are counted apart).
// failureRate = failed / (succeeded + failed + stopped).
struct TaskTrends
{
    static constexpr int DefaultRunCount = 20;

    enum class Verdict { Succeeded, Failed, Stopped, Running, Interrupted, NotStarted };

    struct Run
    {
        qint64 recordId = 0;
        QDateTime started; // UTC, as the history keeps it
        // How long it ran; empty while it runs, and for a run interrupted or never started.
        std::optional<std::chrono::milliseconds> duration;
        Verdict verdict = Verdict::NotStarted;
        // What the colours and words are made from (OutcomeColors::forRecord, OutcomeText).
        RunRecord::State state = RunRecord::State::Running;
        RunResult result;
    };

    QString taskId;
    int asked = DefaultRunCount; // the N of "the last N runs"
    QVector<Run> runs;           // oldest first (a chart reads left to right)

    int succeeded = 0;
    int failed = 0;
    int stopped = 0;
    int running = 0;
    int interrupted = 0;
    int notStarted = 0;

    // Of the succeeded runs; empty when none succeeded.
    std::optional<std::chrono::milliseconds> averageSuccess;
    // The longest finished run (of any verdict but NotStarted); its index in runs, or -1.
    int slowestIndex = -1;

    bool isEmpty() const { return runs.isEmpty(); }
    int finished() const { return succeeded + failed + stopped; }
    // failed / finished(), 0 to 1; empty when no run has finished.
    std::optional<double> failureRate() const;
    const Run *slowest() const { return slowestIndex >= 0 ? &runs.at(slowestIndex) : nullptr; }
    // The longest duration shown (for a chart's scale): the slowest's, or 0.
    std::chrono::milliseconds longest() const;

    static Verdict verdictOf(const RunRecord &record);
    // From records in any order (sorted here, oldest first); records of other tasks are not
    // filtered out - pass one task's.
    static TaskTrends fromRecords(const QString &taskId, QVector<RunRecord> records,
                                  int asked = DefaultRunCount);
    // The task's last count runs from the history (RunHistory::lastRunsOfTask).
    static TaskTrends ofTask(const RunHistory &history, const QString &taskId,
                             int count = DefaultRunCount);
};
