#include "runsummary.h"

#include "managedrun.h"
#include "outcomecolors.h"
#include "outcometext.h"
#include "taskrun.h"

#include <chrono>

namespace {

QString secondsFromMs(qint64 ms)
{
    return OutcomeText::seconds(std::chrono::milliseconds(ms));
}

} // namespace

QString RunSummary::text(const ManagedRun *run)
{
    if (!run)
        return tr("No run");
    if (run->isFinished()) {
        const QString outcome = OutcomeText::describe(run->result());
        return run->gaveUp() ? run->task().restart.giveUpText() + QStringLiteral(" — ") + outcome
                             : outcome;
    }
    if (run->state() == ManagedRun::State::Restarting)
        return tr("Restarting in %1 · restarts: %2")
            .arg(secondsFromMs(run->restartRemainingMs()))
            .arg(run->restartCount());
    const TaskRun *process = run->taskRun();
    if (run->state() == ManagedRun::State::Queued || !process)
        return tr("Queued");
    if (process->state() == TaskRun::State::NotStarted)
        return OutcomeText::stateName(TaskRun::State::NotStarted);
    QString text = OutcomeText::stateName(process->state());
    if (process->isLive())
        text += QStringLiteral(" — ") + OutcomeText::seconds(process->elapsed());
    const qint64 grace = process->graceRemainingMs();
    if (process->state() == TaskRun::State::Stopping && grace >= 0)
        text += tr(" · SIGKILL in %1").arg(secondsFromMs(grace));
    const qint64 timeout = process->timeoutRemainingMs();
    if (timeout >= 0)
        text += process->state() == TaskRun::State::Paused
                    ? tr(" · times out %1 after it resumes").arg(secondsFromMs(timeout))
                    : tr(" · times out in %1").arg(secondsFromMs(timeout));
    if (run->restartCount() > 0)
        text += tr(" · restarts: %1").arg(run->restartCount());
    return text;
}

QColor RunSummary::color(const ManagedRun *run)
{
    if (!run)
        return OutcomeColors::unknown();
    if (run->isFinished())
        return OutcomeColors::forResult(run->result());
    switch (run->state()) {
    case ManagedRun::State::Running:
    case ManagedRun::State::Starting:
        return OutcomeColors::running();
    case ManagedRun::State::Paused:
        return OutcomeColors::paused();
    case ManagedRun::State::Stopping:
        return OutcomeColors::stopping();
    case ManagedRun::State::Restarting: // no process, but one is coming
        return OutcomeColors::paused();
    default:
        return OutcomeColors::unknown();
    }
}

QString RunSummary::restarts(const ManagedRun *run)
{
    if (!run || !run->task().restart.isOn())
        return QString();
    const QString count = QString::number(run->restartCount());
    if (run->state() == ManagedRun::State::Restarting)
        return tr("%1 — restarting in %2").arg(count, secondsFromMs(run->restartRemainingMs()));
    if (run->gaveUp())
        return tr("%1 — %2").arg(count, run->task().restart.giveUpText());
    return count;
}
