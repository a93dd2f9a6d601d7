#pragma once

#include "runresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// One run as the history keeps it: a plain value, written when the run starts and completed
// when it ends.
struct RunRecord
{
    enum class State { Running, Finished, Interrupted };

    qint64 id = 0;       // the run's id: stable, unique in the history (its row id)
    QString taskId;      // the library task's id, when it ran one (empty for quick runs)
    QString taskName;    // the name at the time
    QByteArray specJson; // a snapshot of what it ran with
    QString trigger;     // what started it: "manual", "cli", "rerun", ...
    QDateTime started;
    QDateTime ended; // invalid while running
    State state = State::Running;
    RunResult result; // complete once Finished
    qint64 stdoutBytes = 0;
    qint64 stderrBytes = 0;
    qint64 stdoutLines = 0;
    qint64 stderrLines = 0;
    QString logPath; // where its raw output is, if anywhere
    // CPU time (user + system) and peak memory of the whole run (RunResult::usage: a cgroup's
    // memory.peak, or the most resident memory of its processes seen at once); -1 when unknown.
    qint64 cpuMs = -1;
    qint64 maxRssKb = -1;
    // The group it ran in (RunRequest::groupId): the same for a task's run and its
    // dependencies' runs; empty for a run on its own.
    QString groupId;
};
