#include "runarguments.h"

#include "commandoption.h"
#include "durationparser.h"
#include "limitparser.h"
#include "task.h"

QString runUsage()
{
    return QStringLiteral(
        "Usage: taskrunner-cli run [OPTIONS] (--shell SCRIPT | --task NAME | [--] PROGRAM "
        "[ARGS...])\n"
        "       taskrunner-cli list\n"
        "\n"
        "Runs a task in a session and process group of its own, streams its stdout and\n"
        "stderr here byte for byte, forwards this standard input to it, and makes sure no\n"
        "process it started is left alive when taskrunner-cli exits - including processes\n"
        "that left its process group (setsid, double-forked daemons) and processes still\n"
        "running when its main process exits.\n"
        "\n"
        "Options:\n"
        "  --shell SCRIPT     run SCRIPT with /bin/bash -c\n"
        "  --task NAME        run the saved task NAME of the library (see `list`); the\n"
        "                     options below, when given, override its saved values.\n"
        "                     Its dependencies run first, in sequence or in parallel as\n"
        "                     saved (they run as saved: the options change only NAME)\n"
        "  --param NAME=VALUE the value of the saved task's parameter NAME, used where the\n"
        "                     task says ${input:NAME} (repeatable); a parameter not given\n"
        "                     takes its default - one without a default, or a NAME the\n"
        "                     task does not have, is an error (125)\n"
        "  --timeout DUR      stop the task after DUR (SIGTERM, then SIGKILL after the grace)\n"
        "  --grace DUR        time between SIGTERM and SIGKILL when stopping (default 5s;\n"
        "                     0 kills at once)\n"
        "  --cwd DIR          working directory of the task\n"
        "  --env NAME=VALUE   set a variable in the task's environment (repeatable)\n"
        "  --memory-max SIZE  the most memory the task may use, all its processes together,\n"
        "                     e.g. 512M, 1.5G (K, M, G, T are KiB, MiB...; a bare number is\n"
        "                     bytes); past it the kernel kills a process of the task\n"
        "  --cpu-max CPUS     the most CPU time it may use, in CPUs: 0.5 (half of one), 2,\n"
        "                     150%\n"
        "  --pids-max N       the most processes and threads it may have at once\n"
        "                     (the limits need cgroup v2 with their controllers; where they\n"
        "                     cannot be applied, the task is not started: 125. none lifts\n"
        "                     a saved task's limit)\n"
        "  --no-history       leave this run out of the run history\n"
        "  --stats            at the end, say on stderr what the run used:\n"
        "                     taskrunner-cli: cpu 1.02 s (user 0.98, system 0.04), memory\n"
        "                     peak 12.3 MB, processes peak 3, containment cgroup\n"
        "                     (MB = 1024 * 1024 bytes; a figure that cannot be told says\n"
        "                     unknown; containment is cgroup or proc)\n"
        "  --no-prefix        with dependencies, write the tasks' lines as they are, not\n"
        "                     as \"[build] line\"\n"
        "  --pty              give the task a pseudo-terminal for stdout and stderr (they\n"
        "                     then arrive merged on stdout; programs colour and line-buffer)\n"
        "  -h, --help         show this help\n"
        "\n"
        "DUR is a number with an optional unit: 1.5 (seconds), 500ms, 2s, 1m, 1h.\n"
        "\n"
        "Exit status:\n"
        "  N        the task's own exit code\n"
        "  124      the task timed out\n"
        "  125      taskrunner-cli failed (bad arguments, bad working directory, a limit\n"
        "           that cannot be applied here, a parameter without a value, a .env\n"
        "           file that cannot be read, ...)\n"
        "  126      the program is not executable\n"
        "  127      the program was not found\n"
        "  128+N    the task died from signal N\n"
        "  128+N    taskrunner-cli got signal N and stopped the task: 129 SIGHUP,\n"
        "           130 SIGINT, 131 SIGQUIT, 138 SIGUSR1, 140 SIGUSR2, 142 SIGALRM,\n"
        "           143 SIGTERM (a second such signal kills it at once)\n"
        "  141      standard output was closed (as a pipeline's reader exiting); the task\n"
        "           was stopped\n"
        "With dependencies, the status is the first failed run's (one of the above), or 0;\n"
        "a dependency that fails skips every task not yet started, and stderr says so.\n"
        "A signal stops every running task of the group.\n"
        "\n"
        "Ctrl+Z (SIGTSTP) pauses the task - every process of it, frozen; its timeout waits\n"
        "too - and then taskrunner-cli stops as a job does; fg or bg resumes both.\n"
        "\n"
        "Output: while this standard output or error is slow to read, the task's output\n"
        "is paused (a few MiB wait here). When the task ends on its own, all of it is\n"
        "written, however long that takes. When it is ended by the timeout or a signal\n"
        "and the reader takes nothing, the rest is dropped, and stderr says how much.\n");
}

RunArguments parseRunArguments(const QStringList &arguments)
{
    RunArguments parsed;
    TaskSpec &spec = parsed.spec;
    spec.stdinMode = TaskSpec::StdinMode::Inherit;
    bool haveShell = false;
    int i = 0;
    auto fail = [&parsed](const QString &message) {
        parsed.error = message;
        return parsed;
    };

    for (; i < arguments.size(); ++i) {
        const CommandOption option(arguments.at(i));
        const QString &arg = option.name;
        auto take = [&](QString *value) { return option.takeValue(arguments, &i, value); };
        if (arg == QLatin1String("--")) {
            ++i;
            break;
        }
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            parsed.helpRequested = true;
            return parsed;
        }
        QString value;
        const bool isLimit = arg == QLatin1String("--memory-max")
                             || arg == QLatin1String("--cpu-max")
                             || arg == QLatin1String("--pids-max");
        if (arg == QLatin1String("--timeout") || arg == QLatin1String("--grace")
            || arg == QLatin1String("--cwd") || arg == QLatin1String("--env") || isLimit)
            parsed.optionsGiven.append(arg);
        if (arg == QLatin1String("--timeout") || arg == QLatin1String("--grace")) {
            if (!take(&value))
                return fail(QStringLiteral("%1 needs a duration").arg(arg));
            QString why;
            const auto duration = parseDuration(value, &why);
            if (!duration && why == QLatin1String("not a duration"))
                return fail(QStringLiteral("%1: '%2' is not a duration (try 1.5, 500ms, 2s, 1m)")
                                .arg(arg, value));
            if (!duration)
                return fail(QStringLiteral("%1: '%2' is %3").arg(arg, value, why));
            if (arg == QLatin1String("--timeout"))
                spec.timeout = *duration;
            else
                spec.gracePeriod = *duration;
        } else if (isLimit) {
            if (!take(&value))
                return fail(QStringLiteral("%1 needs a value (see --help)").arg(arg));
            QString why;
            if (arg == QLatin1String("--memory-max")) {
                const ParsedLimit<quint64> bytes = parseMemoryMax(value);
                spec.limits.memoryMaxBytes = bytes.limit;
                why = bytes.why;
            } else if (arg == QLatin1String("--cpu-max")) {
                const ParsedLimit<double> cores = parseCpuMax(value);
                spec.limits.cpuMaxCores = cores.limit;
                why = cores.why;
            } else {
                const ParsedLimit<quint64> count = parsePidsMax(value);
                spec.limits.pidsMax = count.limit;
                why = count.why;
            }
            if (!why.isEmpty())
                return fail(QStringLiteral("%1: '%2' is %3").arg(arg, value, why));
        } else if (arg == QLatin1String("--cwd")) {
            if (!take(&value))
                return fail(QStringLiteral("--cwd needs a directory"));
            spec.workingDirectory = value;
        } else if (arg == QLatin1String("--env")) {
            if (!take(&value))
                return fail(QStringLiteral("--env needs NAME=VALUE"));
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const QString name = value.left(eq);
            if (eq < 0 || !isValidEnvironmentName(name))
                return fail(
                    QStringLiteral("--env: '%1' is not NAME=VALUE with a valid name").arg(value));
            spec.environment.insert(name, value.mid(eq + 1));
        } else if (arg == QLatin1String("--param")) {
            if (!take(&value))
                return fail(QStringLiteral("--param needs NAME=VALUE"));
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const QString name = value.left(eq);
            if (eq < 0 || name.isEmpty())
                return fail(QStringLiteral("--param: '%1' is not NAME=VALUE").arg(value));
            if (parsed.inputValues.contains(name))
                return fail(QStringLiteral("--param %1 is given twice").arg(name));
            parsed.inputValues.insert(name, value.mid(eq + 1));
        } else if (arg == QLatin1String("--shell")) {
            if (!take(&value))
                return fail(QStringLiteral("--shell needs a script"));
            spec.useShell = true;
            spec.shellScript = value;
            haveShell = true;
        } else if (arg == QLatin1String("--pty")) {
            spec.usePty = true;
        } else if (arg == QLatin1String("--no-history")) {
            parsed.recordHistory = false;
        } else if (arg == QLatin1String("--stats")) {
            parsed.printStats = true;
        } else if (arg == QLatin1String("--no-prefix")) {
            parsed.prefixLines = false;
        } else if (arg == QLatin1String("--task")) {
            if (!take(&value))
                return fail(QStringLiteral("--task needs a task name"));
            parsed.taskName = value;
        } else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            return fail(QStringLiteral("unknown option %1 (see --help)").arg(arg));
        } else {
            break; // the program; everything from here on is its command line
        }
    }

    const QStringList command = arguments.mid(i);
    const int sources
        = (haveShell ? 1 : 0) + (command.isEmpty() ? 0 : 1) + (parsed.taskName.isEmpty() ? 0 : 1);
    if (sources == 0)
        return fail(QStringLiteral("nothing to run: give --shell SCRIPT or -- PROGRAM [ARGS...]"));
    if (sources > 1)
        return fail(QStringLiteral("give only one of --shell SCRIPT, --task NAME and PROGRAM"));
    if (!parsed.inputValues.isEmpty() && parsed.taskName.isEmpty())
        return fail(QStringLiteral("--param is for a saved task's parameters: give --task NAME"));
    if (!command.isEmpty()) {
        spec.program = command.first();
        spec.arguments = command.mid(1);
    }
    return parsed;
}

TaskSpec applyOverrides(TaskSpec saved, const RunArguments &parsed)
{
    const TaskSpec &given = parsed.spec;
    if (parsed.optionsGiven.contains(QLatin1String("--timeout")))
        saved.timeout = given.timeout;
    if (parsed.optionsGiven.contains(QLatin1String("--grace")))
        saved.gracePeriod = given.gracePeriod;
    if (parsed.optionsGiven.contains(QLatin1String("--cwd")))
        saved.workingDirectory = given.workingDirectory;
    if (parsed.optionsGiven.contains(QLatin1String("--memory-max")))
        saved.limits.memoryMaxBytes = given.limits.memoryMaxBytes;
    if (parsed.optionsGiven.contains(QLatin1String("--cpu-max")))
        saved.limits.cpuMaxCores = given.limits.cpuMaxCores;
    if (parsed.optionsGiven.contains(QLatin1String("--pids-max")))
        saved.limits.pidsMax = given.limits.pidsMax;
    if (given.usePty) // --pty; there is no option to turn a saved task's pseudo-terminal off
        saved.usePty = true;
    for (auto it = given.environment.cbegin(); it != given.environment.cend(); ++it)
        saved.environment.insert(it.key(), it.value());
    saved.stdinMode = given.stdinMode;
    return saved;
}
