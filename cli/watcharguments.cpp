#include "watcharguments.h"

#include "commandoption.h"
#include "durationparser.h"

QString watchUsage()
{
    return QStringLiteral(
        "Usage: taskrunner-cli watch [OPTIONS] PATH... -- PROGRAM [ARGS...]\n"
        "       taskrunner-cli watch [OPTIONS] PATH... --shell SCRIPT\n"
        "       taskrunner-cli watch [OPTIONS] --task NAME [PATH...]\n"
        "\n"
        "Runs the program, and runs it again whenever something changes under the PATHs\n"
        "(files or directories, watched with their subdirectories). A change while it\n"
        "runs restarts it: the run is stopped - SIGTERM, then SIGKILL after the grace -\n"
        "and every process it started is gone before the next run starts. A burst of\n"
        "changes is one restart. With --task, the saved task's command and its watch\n"
        "(paths, globs, debounce, restart) are used; PATHs given replace its paths.\n"
        "\n"
        "Options:\n"
        "  --include GLOB    only changes to paths matching GLOB count (repeatable)\n"
        "  --ignore GLOB     changes to paths matching GLOB never count, and ignored\n"
        "                    directories are not watched (repeatable; wins over\n"
        "                    --include)\n"
        "  --debounce DUR    how long changes must be quiet before a run (default 300ms)\n"
        "  --grace DUR       time between SIGTERM and SIGKILL when stopping a run\n"
        "                    (default 5s; 0 kills at once)\n"
        "  --no-restart      a change while the program runs does not stop it: it runs\n"
        "                    again once it has ended\n"
        "  --no-recursive    watch the directories given, not their subdirectories\n"
        "  --shell SCRIPT    run SCRIPT with /bin/bash -c\n"
        "  --task NAME       the saved task NAME (see `list`)\n"
        "  -h, --help        show this help\n"
        "\n"
        "Globs are matched against the path relative to the watched directory. One\n"
        "without '/' matches the name at any depth (*.cpp); one with '/' the whole\n"
        "relative path (src/*.h). * and ? do not match '/', ** matches anything\n"
        "(build/** is build and everything under it), [a-z] and [!a-z] are sets.\n"
        "\n"
        "A path that does not exist (or disappears) is said on stderr and watched again\n"
        "once it appears. Running out of inotify watches is said on stderr, with the\n"
        "limit: raise fs.inotify.max_user_watches.\n"
        "\n"
        "Exit status: runs until interrupted; then 128+N for the signal N (130 SIGINT,\n"
        "143 SIGTERM), after the current run is stopped (a second signal kills it at\n"
        "once). 125: bad arguments, or a saved task that cannot be used.\n");
}

WatchArguments parseWatchArguments(const QStringList &arguments)
{
    WatchArguments parsed;
    bool haveShell = false;
    int i = 0;
    auto fail = [&parsed](const QString &message) {
        parsed.error = message;
        return parsed;
    };
    QStringList command;
    bool haveCommand = false;
    for (; i < arguments.size(); ++i) {
        const CommandOption option(arguments.at(i));
        const QString &arg = option.name;
        auto take = [&](QString *value) { return option.takeValue(arguments, &i, value); };
        QString value;
        if (arg == QLatin1String("--")) {
            command = arguments.mid(i + 1);
            haveCommand = true;
            break;
        }
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            parsed.helpRequested = true;
            return parsed;
        }
        if (arg == QLatin1String("--include") || arg == QLatin1String("--ignore")) {
            if (!take(&value) || value.isEmpty())
                return fail(QStringLiteral("%1 needs a glob").arg(arg));
            (arg == QLatin1String("--include") ? parsed.include : parsed.ignore).append(value);
        } else if (arg == QLatin1String("--debounce") || arg == QLatin1String("--grace")) {
            if (!take(&value))
                return fail(QStringLiteral("%1 needs a duration").arg(arg));
            QString why;
            const auto duration = parseDuration(value, &why);
            if (!duration)
                return fail(QStringLiteral("%1: '%2' is %3 (try 500ms, 2s)")
                                .arg(arg, value,
                                     why == QLatin1String("not a duration")
                                         ? QStringLiteral("not a duration")
                                         : why));
            if (arg == QLatin1String("--grace")) {
                parsed.grace = *duration;
            } else {
                if (duration->count() > 3600 * 1000)
                    return fail(QStringLiteral("--debounce: '%1' is more than an hour").arg(value));
                parsed.debounceMs = int(duration->count());
            }
        } else if (arg == QLatin1String("--no-restart")) {
            parsed.noRestart = true;
        } else if (arg == QLatin1String("--no-recursive")) {
            parsed.noRecursive = true;
        } else if (arg == QLatin1String("--shell")) {
            if (!take(&value))
                return fail(QStringLiteral("--shell needs a script"));
            parsed.spec.useShell = true;
            parsed.spec.shellScript = value;
            haveShell = true;
        } else if (arg == QLatin1String("--task")) {
            if (!take(&value))
                return fail(QStringLiteral("--task needs a task name"));
            parsed.taskName = value;
        } else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            return fail(QStringLiteral("unknown option %1 (see watch --help)").arg(arg));
        } else {
            if (arg.isEmpty())
                return fail(QStringLiteral("a path to watch is empty"));
            parsed.paths.append(arg);
        }
    }
    if (haveCommand && command.isEmpty())
        return fail(QStringLiteral("nothing after --: give the program to run"));
    const int sources
        = (haveShell ? 1 : 0) + (haveCommand ? 1 : 0) + (parsed.taskName.isEmpty() ? 0 : 1);
    if (sources == 0)
        return fail(QStringLiteral(
            "nothing to run: give -- PROGRAM [ARGS...], --shell SCRIPT or --task NAME"));
    if (sources > 1)
        return fail(QStringLiteral("give only one of --task NAME, --shell SCRIPT and -- PROGRAM"));
    if (parsed.taskName.isEmpty() && parsed.paths.isEmpty())
        return fail(QStringLiteral("nothing to watch: give one PATH or more before the command"));
    if (haveCommand) {
        parsed.spec.program = command.first();
        parsed.spec.arguments = command.mid(1);
    }
    return parsed;
}
