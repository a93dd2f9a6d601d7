#pragma once

#include "task.h"

#include <QString>

// What to run and what asked for it: all RunManager::start() needs, kept with the run so that a
// rerun starts from the same request.
struct RunRequest
{
    // The task as it was when started: a library task (with its id), or a quick run (no id;
    // recorded under its command line, as the CLI records its runs).
    Task task;
    // What started it, as the history records it: "manual", "rerun", "cli", later triggers.
    QString trigger = QStringLiteral("manual");
    // The manager's id of the run this one repeats (RunManager::rerun()), 0 for none: a window
    // shows the rerun where it showed that run.
    quint64 rerunOf = 0;

    // The name the history keeps for it.
    QString recordedName() const { return task.id.isEmpty() ? task.commandLine() : task.name; }
};
