#include "bytetext.h"
#include "processhygiene.h"
#include "runarguments.h"
#include "runsession.h"
#include "tasklibrary.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

constexpr int RunnerFailed = 125;

QString generalUsage()
{
    return QStringLiteral("Usage: taskrunner-cli run ...   run a task (see run --help)\n"
                          "       taskrunner-cli list      list the saved tasks\n\n")
           + runUsage();
}

bool loadLibrary(TaskLibrary *library)
{
    const TaskLibrary::LoadResult loaded = library->load(TaskLibrary::defaultPath(), false);
    if (!loaded.ok) {
        std::fprintf(
            stderr, "taskrunner-cli: %s%s\n", qPrintable(loaded.error),
            loaded.backupPath.isEmpty()
                ? ""
                : qPrintable(QStringLiteral(" It was kept as %1.").arg(loaded.backupPath)));
        return false;
    }
    return true;
}

int listTasks()
{
    TaskLibrary library;
    if (!loadLibrary(&library))
        return RunnerFailed;
    for (const Task &task : library.tasks())
        std::printf("%s\t%s\n", qPrintable(task.name),
                    qPrintable(task.commandLine().replace(QLatin1Char('\n'), QLatin1String("; "))));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything opens a descriptor or creates a file.
    ProcessHygiene::ensureStandardDescriptors();
    ProcessHygiene::usePrivateUmask();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("taskrunner"));
    QCoreApplication::setApplicationName(QStringLiteral("taskrunner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKRUNNER_VERSION));

    // Bytes, not text: an argument or path that is not UTF-8 must reach the task unchanged
    // (QCoreApplication::arguments() would turn its bytes into U+FFFD).
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(ByteText::decode(argv[i]));
    if (args.isEmpty() || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        std::fputs(qPrintable(generalUsage()), args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? RunnerFailed : 0;
    }
    if (args.first() == QLatin1String("--version")) {
        std::printf("taskrunner-cli %s\n", TASKRUNNER_VERSION);
        return 0;
    }
    if (args.first() == QLatin1String("list"))
        return listTasks();
    if (args.first() != QLatin1String("run")) {
        std::fprintf(stderr, "taskrunner-cli: unknown command '%s' (see --help)\n",
                     qPrintable(args.first()));
        return RunnerFailed;
    }

    const RunArguments parsed = parseRunArguments(args.mid(1));
    if (parsed.helpRequested) {
        std::fputs(qPrintable(runUsage()), stdout);
        return 0;
    }
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(parsed.error));
        return RunnerFailed;
    }
    TaskSpec spec = parsed.spec;
    if (!parsed.taskName.isEmpty()) {
        TaskLibrary library;
        if (!loadLibrary(&library))
            return RunnerFailed;
        const Task *task = library.find(parsed.taskName);
        if (!task) {
            std::fprintf(stderr, "taskrunner-cli: no saved task named '%s' (see list)\n",
                         qPrintable(parsed.taskName));
            return RunnerFailed;
        }
        spec = applyOverrides(task->spec, parsed);
    }

    RunSession session(spec);
    QObject::connect(&session, &RunSession::done, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    session.start();
    return app.exec();
}
