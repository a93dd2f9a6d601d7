#include "watchcommand.h"

#include "exitstatus.h"
#include "filewatchtrigger.h"
#include "tasklibrary.h"
#include "watcharguments.h"
#include "watchsession.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(message));
    return ExitStatus::RunnerFailed;
}

} // namespace

int WatchCommand::run(const QStringList &arguments)
{
    const WatchArguments parsed = parseWatchArguments(arguments);
    if (parsed.helpRequested) {
        std::fputs(qPrintable(watchUsage()), stdout);
        return 0;
    }
    if (!parsed.error.isEmpty())
        return fail(parsed.error);

    TaskSpec spec = parsed.spec;
    TaskWatch watch;
    // Ad hoc paths are the command line's, taken from here; a task's from its working directory.
    QString base = QDir::currentPath();
    if (!parsed.taskName.isEmpty()) {
        TaskLibrary library(TaskLibrary::defaultPath());
        const TaskLibrary::LoadResult loaded = library.load(false);
        if (!loaded.ok)
            return fail(loaded.error);
        if (library.count(parsed.taskName) > 1)
            return fail(QStringLiteral("%1 saved tasks are named '%2'; rename all but one "
                                       "(watch refuses to guess which)")
                            .arg(library.count(parsed.taskName))
                            .arg(parsed.taskName));
        const Task *task = library.find(parsed.taskName);
        if (!task) {
            for (const TaskLibrary::SetAsideTask &aside : library.setAsideTasks()) {
                if (aside.name == parsed.taskName)
                    return fail(QStringLiteral("the saved task '%1' cannot be run as it is: %2")
                                    .arg(parsed.taskName, aside.problem));
            }
            return fail(QStringLiteral("no saved task named '%1' (see list)").arg(parsed.taskName));
        }
        spec = task->spec;
        watch = task->watch;
        if (parsed.paths.isEmpty()) {
            if (!watch.isOn())
                return fail(QStringLiteral("the saved task '%1' watches no paths: give PATHs, or "
                                           "add them in its Triggers page")
                                .arg(parsed.taskName));
            base = spec.workingDirectory;
        }
    }
    if (!parsed.paths.isEmpty())
        watch.paths = parsed.paths;
    if (!parsed.include.isEmpty())
        watch.include = parsed.include;
    if (!parsed.ignore.isEmpty())
        watch.ignore = parsed.ignore;
    if (parsed.debounceMs)
        watch.debounceMs = *parsed.debounceMs;
    if (parsed.noRecursive)
        watch.recursive = false;
    if (parsed.noRestart)
        watch.restartOnChange = false;
    if (parsed.grace)
        spec.gracePeriod = *parsed.grace;
    if (const QStringList problems = validateTaskWatch(watch); !problems.isEmpty())
        return fail(problems.first());

    auto *trigger = new FileWatchTrigger(watch, base);
    WatchSession session(spec, trigger, watch.restartOnChange);
    QObject::connect(&session, &WatchSession::done, QCoreApplication::instance(),
                     &QCoreApplication::exit, Qt::QueuedConnection);
    session.start();
    return QCoreApplication::exec();
}
