#include "instanceadmission.h"

#include "runmanager.h"

bool InstanceAdmission::isByHand(const QString &trigger)
{
    return trigger == RunTriggers::manual() || trigger == RunTriggers::rerun()
           || trigger == RunTriggers::commandLine() || trigger == RunTriggers::cli()
           || trigger == RunTriggers::tray() || trigger == RunTriggers::notification();
}

InstancePolicy InstanceAdmission::unansweredAsk(const QString &trigger)
{
    if (isByHand(trigger))
        return InstancePolicy::Parallel;
    if (trigger == RunTriggers::schedule())
        return InstancePolicy::Skip;
    return InstancePolicy::Queue;
}

QList<ManagedRun *> InstanceAdmission::activeRunsOf(const Task &task) const
{
    QList<ManagedRun *> active;
    if (task.id.isEmpty())
        return active;
    for (ManagedRun *each : m_runs->runs()) {
        if (!each->isFinished() && each->task().id == task.id)
            active.append(each);
    }
    return active;
}

InstanceAdmission::Decision InstanceAdmission::decide(const RunRequest &request)
{
    Decision decision;
    decision.request = request;
    InstancePolicy policy = request.instancePolicy.value_or(request.task.concurrency.whenRunning);
    if (policy == InstancePolicy::Ask)
        policy = unansweredAsk(request.trigger);
    decision.request.instancePolicy = policy;
    const QList<ManagedRun *> active = activeRunsOf(request.task);
    // A run that replaces the task's last one is shown where that one was (a window reuses
    // its tab): a restart, and a file change's run after the last one (watchexec's loop would
    // otherwise open a tab per save).
    const bool replaces = (policy == InstancePolicy::Restart && !active.isEmpty())
                          || (active.isEmpty() && request.trigger == RunTriggers::fileChange());
    if (replaces && request.rerunOf == 0 && !request.task.id.isEmpty()) {
        for (const ManagedRun *each : m_runs->runs()) { // oldest first: the last is the newest
            if (each->task().id == request.task.id)
                decision.request.rerunOf = each->id();
        }
    }
    if (active.isEmpty())
        return decision;
    switch (policy) {
    case InstancePolicy::Ask: // resolved above
    case InstancePolicy::Parallel:
        break;
    case InstancePolicy::Queue:
        for (const ManagedRun *each : active)
            decision.request.waitsFor.append(each->id());
        break;
    case InstancePolicy::Skip:
        decision.refusal = QStringLiteral("'%1' is already running: skipped (its policy)")
                               .arg(request.task.name);
        decision.recordSkip = !isByHand(request.trigger);
        decision.skipNote
            = QStringLiteral("'%1' was already running (its policy)").arg(request.task.name);
        // Held by what it would have waited for, so that it is recorded without starting.
        for (const ManagedRun *each : active)
            decision.request.waitsFor.append(each->id());
        break;
    case InstancePolicy::Restart:
        for (ManagedRun *each : active) {
            if (each->state() == ManagedRun::State::Queued) {
                m_runs->finishUnstarted(
                    each->id(), RunOutcome::Cancelled,
                    QStringLiteral("'%1' was restarted").arg(request.task.name));
            } else {
                decision.request.waitsFor.append(each->id());
                m_runs->stop(each->id());
            }
        }
        break;
    }
    return decision;
}
