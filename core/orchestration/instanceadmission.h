#pragma once

#include "runrequest.h"

#include <QList>

class ManagedRun;
class RunManager;

// What a launch does when its task already has a run that is live or queued (the task's
// instance policy, or the user's answer in the request): start beside it, queue behind it,
// skip, or restart it. Quick runs (no task id) have no policy: they always start.
//
// Ask, when nobody answered it: a person's launch (the window, a rerun, the command line,
// the CLI, the tray, a notification) runs another beside it - the window asks before it
// launches, so this is only what a front end that cannot ask gets, and it is today's behaviour.
// A schedule skips: its next fire time comes anyway, and runs piling up behind a slow one is the
// overlap cron users guard against with flock. Any other trigger (a file change, D-Bus, a
// dependency) queues: what it asked for is not lost, and never overlaps the run before it.
class InstanceAdmission
{
public:
    explicit InstanceAdmission(RunManager *runs)
        : m_runs(runs)
    {}

    struct Decision
    {
        RunRequest request; // as it must start: its policy resolved, what it waits for
        QString refusal;    // nothing may start (skip): why, for the user
        // A trigger was skipped: a run that never starts (outcome Skipped) is recorded, so the
        // history shows that it fired.
        bool recordSkip = false;
        QString skipNote; // that run's reason, after "Skipped: "
    };
    // For restart, the task's live runs are stopped here (their grace period) and its queued
    // ones cancelled; the new run waits for the stopped ones to end.
    Decision decide(const RunRequest &request);

    // The task's runs that are live or queued, oldest first.
    QList<ManagedRun *> activeRunsOf(const Task &task) const;
    // What Ask means for a launch nobody answered (see the class comment).
    static InstancePolicy unansweredAsk(const QString &trigger);
    // Whether a launch with this trigger is a person's (the window asks them).
    static bool isByHand(const QString &trigger);

private:
    RunManager *m_runs;
};
