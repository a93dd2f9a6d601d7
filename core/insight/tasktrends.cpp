#include "tasktrends.h"

#include "runhistory.h"
#include "runquery.h"

#include <algorithm>

TaskTrends::Verdict TaskTrends::verdictOf(const RunRecord &record)
{
    // The history panel's kinds, with one difference: a run that never started (Skipped,
    // Cancelled) is there a stopped one, here not a run at all.
    if (record.state == RunRecord::State::Finished
        && (record.result.outcome == RunOutcome::Skipped
            || record.result.outcome == RunOutcome::Cancelled))
        return Verdict::NotStarted;
    switch (RunQuery::kindOf(record)) {
    case RunQuery::Kind::Succeeded:
        return Verdict::Succeeded;
    case RunQuery::Kind::Failed:
    case RunQuery::Kind::TimedOut:
        return Verdict::Failed;
    case RunQuery::Kind::Stopped:
        return Verdict::Stopped;
    case RunQuery::Kind::Interrupted:
        return Verdict::Interrupted;
    case RunQuery::Kind::Running:
        return Verdict::Running;
    }
    return Verdict::Failed;
}

std::optional<double> TaskTrends::failureRate() const
{
    if (finished() == 0)
        return std::nullopt;
    return double(failed) / double(finished());
}

std::chrono::milliseconds TaskTrends::longest() const
{
    const Run *run = slowest();
    return run && run->duration ? *run->duration : std::chrono::milliseconds(0);
}

TaskTrends TaskTrends::fromRecords(const QString &taskId, QVector<RunRecord> records, int asked)
{
    TaskTrends trends;
    trends.taskId = taskId;
    trends.asked = asked;
    // Oldest first; the id breaks ties of a clock that stood still (ids grow with each run).
    std::sort(records.begin(), records.end(), [](const RunRecord &a, const RunRecord &b) {
        return a.started != b.started ? a.started < b.started : a.id < b.id;
    });
    std::chrono::milliseconds successTotal{0};
    for (const RunRecord &record : std::as_const(records)) {
        Run run;
        run.recordId = record.id;
        run.started = record.started;
        run.verdict = verdictOf(record);
        run.state = record.state;
        run.result = record.result;
        switch (run.verdict) {
        case Verdict::Succeeded:
            ++trends.succeeded;
            successTotal += record.result.duration;
            break;
        case Verdict::Failed:
            ++trends.failed;
            break;
        case Verdict::Stopped:
            ++trends.stopped;
            break;
        case Verdict::Running:
            ++trends.running;
            break;
        case Verdict::Interrupted:
            ++trends.interrupted;
            break;
        case Verdict::NotStarted:
            ++trends.notStarted;
            break;
        }
        const bool ran
            = record.state == RunRecord::State::Finished && run.verdict != Verdict::NotStarted;
        if (ran) {
            // A negative duration is a damaged row, not a run that ended before it began.
            run.duration = std::max(record.result.duration, std::chrono::milliseconds(0));
        }
        trends.runs.append(run);
        // The first of equals stays the slowest: the earlier run was first to take that long.
        if (ran
            && (trends.slowestIndex < 0
                || *run.duration > *trends.runs.at(trends.slowestIndex).duration))
            trends.slowestIndex = int(trends.runs.size()) - 1;
    }
    if (trends.succeeded > 0)
        trends.averageSuccess = successTotal / trends.succeeded;
    return trends;
}

TaskTrends TaskTrends::ofTask(const RunHistory &history, const QString &taskId, int count)
{
    return fromRecords(taskId, history.lastRunsOfTask(taskId, count), count);
}
