#pragma once

#include "taskspec.h"

#include <QString>
#include <QStringList>

#include <optional>

// `taskrunner-cli watch ...` parsed, or a one-line error naming what is wrong:
//   watch [OPTIONS] --task NAME [PATH...]
//   watch [OPTIONS] PATH... (-- PROGRAM [ARGS...] | --shell SCRIPT)
struct WatchArguments
{
    TaskSpec spec;    // an ad hoc command (without --task)
    QString taskName; // --task NAME: the command and the watch come from the saved task
    QStringList paths;
    QStringList include;
    QStringList ignore;
    std::optional<int> debounceMs;
    std::optional<std::chrono::milliseconds> grace;
    bool noRestart = false;   // a change while it runs waits for the run to end
    bool noRecursive = false; // directories are watched without their subdirectories
    QString error;
    bool helpRequested = false;
};

// arguments: everything after the word "watch".
WatchArguments parseWatchArguments(const QStringList &arguments);

QString watchUsage();
