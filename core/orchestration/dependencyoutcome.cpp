#include "dependencyoutcome.h"

namespace DependencyOutcome {

bool succeeded(const RunResult &result)
{
    return result.outcome == RunOutcome::Exited && result.exitCode == 0;
}

QString failure(const QString &taskName, const RunResult &result)
{
    const QString name = QLatin1Char('\'') + taskName + QLatin1Char('\'');
    switch (result.outcome) {
    case RunOutcome::Exited:
        return QStringLiteral("%1 exited with code %2").arg(name).arg(result.exitCode);
    case RunOutcome::Crashed:
        return QStringLiteral("%1 crashed (signal %2)").arg(name).arg(result.signal);
    case RunOutcome::TimedOut:
        return QStringLiteral("%1 timed out").arg(name);
    case RunOutcome::Stopped:
        return QStringLiteral("%1 was stopped").arg(name);
    case RunOutcome::Killed:
        return QStringLiteral("%1 was killed").arg(name);
    case RunOutcome::FailedToStart:
        return QStringLiteral("%1 could not start: %2").arg(name, result.errorText);
    case RunOutcome::Skipped:
        return QStringLiteral("%1 was skipped").arg(name);
    case RunOutcome::Cancelled:
        return QStringLiteral("%1 was cancelled").arg(name);
    }
    return QStringLiteral("%1 failed").arg(name);
}

} // namespace DependencyOutcome
