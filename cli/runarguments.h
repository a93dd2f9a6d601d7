#pragma once

#include "taskspec.h"

#include <QMap>
#include <QString>
#include <QStringList>

// `taskrunner-cli run ...` parsed into a TaskSpec, or a one-line error naming what is wrong.
struct RunArguments
{
    TaskSpec spec;
    QString taskName; // --task NAME: the spec comes from the task library instead
    // "--timeout", "--grace", "--cwd", "--env", "--memory-max", "--cpu-max", "--pids-max": to
    // override a saved task (--pty is spec.usePty, a flag)
    QStringList optionsGiven;
    // --param NAME=VALUE: the saved task's parameters (${input:NAME}), by name
    QMap<QString, QString> inputValues;
    QString error;
    bool helpRequested = false;
    bool recordHistory = true; // --no-history: leave this run out of the run history
    bool printStats = false;   // --stats: what the run used, one line on stderr at the end
    bool prefixLines = true;   // --no-prefix: a group's output lines without "[task] "
};

// arguments: everything after the word "run".
RunArguments parseRunArguments(const QStringList &arguments);

// The saved task's spec with the options given on the command line laid over it.
TaskSpec applyOverrides(TaskSpec saved, const RunArguments &parsed);

QString runUsage();
