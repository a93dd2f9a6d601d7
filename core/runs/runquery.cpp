#include "runquery.h"

#include "outcometext.h"

RunQuery::Kind RunQuery::kindOf(const RunRecord &r)
{
    // RunHistory's KindSql says the same of a row's columns; tst_runhistory checks they agree.
    switch (r.state) {
    case RunRecord::State::Running:
        return Kind::Running;
    case RunRecord::State::Interrupted:
        return Kind::Interrupted;
    case RunRecord::State::Finished:
        break;
    }
    switch (r.result.outcome) {
    case RunOutcome::Exited:
        return r.result.exitCode == 0 ? Kind::Succeeded : Kind::Failed;
    case RunOutcome::Crashed:
    case RunOutcome::FailedToStart:
        return Kind::Failed;
    case RunOutcome::TimedOut:
        return Kind::TimedOut;
    case RunOutcome::Stopped:
    case RunOutcome::Killed:
    case RunOutcome::Skipped: // never ran: as a stopped run, not a failure of its own
    case RunOutcome::Cancelled:
        return Kind::Stopped;
    }
    return Kind::Failed;
}

QString RunQuery::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Succeeded:
        return QStringLiteral("succeeded");
    case Kind::Failed:
        return QStringLiteral("failed");
    case Kind::TimedOut:
        return QStringLiteral("timed out");
    case Kind::Stopped:
        return QStringLiteral("stopped");
    case Kind::Interrupted:
        return QStringLiteral("interrupted");
    case Kind::Running:
        return QStringLiteral("running");
    }
    return QString();
}

std::optional<RunQuery::Kind> RunQuery::kindFromName(const QString &name)
{
    for (Kind kind : {Kind::Succeeded, Kind::Failed, Kind::TimedOut, Kind::Stopped,
                      Kind::Interrupted, Kind::Running}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString RunQuery::outcomeWords(const RunRecord &r)
{
    switch (r.state) {
    case RunRecord::State::Running:
        return QStringLiteral("running");
    case RunRecord::State::Interrupted:
        return QStringLiteral("interrupted");
    case RunRecord::State::Finished:
        break;
    }
    return OutcomeText::brief(r.result);
}
