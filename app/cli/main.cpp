#include "bytetext.h"
#include "containmentbackend.h"
#include "dependencygraph.h"
#include "exitstatus.h"
#include "groupsession.h"
#include "historycommand.h"
#include "logcommand.h"
#include "platformdelegation.h"
#include "processhygiene.h"
#include "runarguments.h"
#include "runhistory.h"
#include "runpreparation.h"
#include "runrecorder.h"
#include "runsession.h"
#include "tasklibrary.h"
#include "watchcommand.h"

#include <QCoreApplication>
#include <QUuid>

#include <csignal>
#include <cstdio>
#include <memory>

namespace {

using ExitStatus::RunnerFailed;

QString generalUsage()
{
    return QStringLiteral("Usage: taskrunner-cli run ...       run a task (see run --help)\n"
                          "       taskrunner-cli list          list the saved tasks\n"
                          "       taskrunner-cli history ...   list the recorded runs (see "
                          "history --help)\n"
                          "       taskrunner-cli log RUN_ID    a recorded run's output (see log "
                          "--help)\n"
                          "       taskrunner-cli watch ...     run a command again on file "
                          "changes (see watch --help)\n"
                          "       taskrunner-cli info          which containment runs get, and "
                          "why\n\n")
           + runUsage();
}

// Loads the library, never moving or writing it. warnAll: print every warning (set-aside
// tasks, duplicate names) to stderr - list does; run --task speaks only of its own task, so
// the task's stderr is not cluttered with news about others.
bool loadLibrary(TaskLibrary *library, bool warnAll)
{
    const TaskLibrary::LoadResult loaded = library->load(false);
    if (!loaded.ok) {
        std::fprintf(
            stderr, "taskrunner-cli: %s%s\n", qPrintable(loaded.error),
            loaded.backupPath.isEmpty()
                ? ""
                : qPrintable(QStringLiteral(" It was kept as %1.").arg(loaded.backupPath)));
        return false;
    }
    if (warnAll) {
        for (const QString &warning : loaded.warnings)
            std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(warning));
    }
    return true;
}

// The containment runs get here (cgroup v2 or the /proc supervisor) and why, the cgroup
// hierarchy found, its controllers, and the kernel features used (ContainmentBackend::report()).
int info(const QStringList &arguments)
{
    if (arguments.size() == 1
        && (arguments.first() == QLatin1String("--help")
            || arguments.first() == QLatin1String("-h"))) {
        std::fputs("Usage: taskrunner-cli info\n\nSays which containment runs get - a cgroup v2 "
                   "of their own, or the /proc\nsupervisor - and why: what was asked for "
                   "(TASKRUNNER_CONTAINMENT, containment/backend\nin taskrunner.conf), the "
                   "cgroup hierarchy found, its controllers, and the kernel\nfeatures used "
                   "(cgroup.kill, cgroup.freeze, pidfd).\n",
                   stdout);
        return 0;
    }
    if (!arguments.isEmpty()) {
        std::fprintf(stderr, "taskrunner-cli: info takes no arguments (see info --help)\n");
        return RunnerFailed;
    }
    std::fputs(ContainmentBackend::report().toUtf8().constData(), stdout);
    return 0;
}

int listTasks()
{
    TaskLibrary library(TaskLibrary::defaultPath());
    if (!loadLibrary(&library, true))
        return RunnerFailed;
    for (const Task &task : library.tasks())
        std::printf("%s\t%s\n", qPrintable(task.name),
                    qPrintable(task.commandLine().replace(QLatin1Char('\n'), QLatin1String("; "))));
    return 0;
}

// run --task NAME of a task with dependencies: the tasks of its plan, as a group (GroupSession).
// The options given change NAME's own run only; its dependencies run as saved.
int runGroup(QCoreApplication &app, const TaskLibrary &library, const Task &task,
             const RunArguments &parsed)
{
    const DependencyGraph::Plan plan = DependencyGraph(library.tasks()).planFor(task.name);
    if (!plan.ok()) {
        std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(plan.refusal));
        return RunnerFailed;
    }
    QList<GroupSession::Member> members;
    for (const DependencyGraph::Step &step : plan.steps) {
        if (const int named = library.count(step.name); named > 1) {
            std::fprintf(stderr,
                         "taskrunner-cli: %d saved tasks are named '%s'; rename all but one "
                         "(run refuses to guess which)\n",
                         named, qPrintable(step.name));
            return RunnerFailed;
        }
        const Task *each = library.find(step.name);
        const bool own = step.name == task.name;
        // Parameters, placeholders and .env as for a single task: --param is the named task's,
        // its dependencies take their defaults. One that cannot be prepared starts nothing.
        Task toRun = *each;
        if (own)
            toRun.spec = applyOverrides(each->spec, parsed);
        const RunPreparation::Result ready
            = RunPreparation::prepare(toRun, own ? parsed.inputValues : QMap<QString, QString>());
        if (!ready.ok()) {
            std::fprintf(stderr, "taskrunner-cli: %s%s\n",
                         own ? "" : qPrintable(QStringLiteral("'%1': ").arg(step.name)),
                         qPrintable(ready.refusal));
            if (own && !ready.missingInput.isEmpty())
                std::fprintf(stderr, "taskrunner-cli: give it with --param %s=VALUE\n",
                             qPrintable(ready.missingInput));
            return RunnerFailed;
        }
        members.append({step.name, each->id, ready.spec, step.after});
    }
    GroupSession session(members);
    session.setPrefix(parsed.prefixLines);
    session.setPrintStats(parsed.printStats);
    RunHistory history;
    if (parsed.recordHistory) {
        const RunHistory::OpenResult opened = history.open(RunHistory::defaultPath(), false);
        if (!opened.ok)
            std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(opened.error));
        session.setHistory(&history, QUuid::createUuid().toString(QUuid::WithoutBraces));
    }
    QObject::connect(&session, &GroupSession::done, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    session.start();
    return app.exec();
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
    // Where our own cgroup is not writable, the first run asks the user's systemd for one.
    PlatformDelegation::install();

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
    if (args.first() == QLatin1String("info"))
        return info(args.mid(1));
    if (args.first() == QLatin1String("history"))
        return HistoryCommand::run(args.mid(1));
    if (args.first() == QLatin1String("log")) {
        ::signal(SIGPIPE, SIG_IGN); // a reader that goes away is an EPIPE we exit on (141)
        return LogCommand::run(args.mid(1));
    }
    if (args.first() == QLatin1String("watch"))
        return WatchCommand::run(args.mid(1));
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
    QString taskId; // of the saved task that runs, for the history
    if (!parsed.taskName.isEmpty()) {
        TaskLibrary library(TaskLibrary::defaultPath());
        if (!loadLibrary(&library, false))
            return RunnerFailed;
        const Task *task = library.find(parsed.taskName);
        const int named = library.count(parsed.taskName);
        if (named > 1) {
            std::fprintf(stderr,
                         "taskrunner-cli: %d saved tasks are named '%s'; rename all but one "
                         "(run refuses to guess which)\n",
                         named, qPrintable(parsed.taskName));
            return RunnerFailed;
        }
        for (const TaskLibrary::SetAsideTask &aside : library.setAsideTasks()) {
            if (!task && aside.name == parsed.taskName) {
                std::fprintf(stderr,
                             "taskrunner-cli: the saved task '%s' cannot be run as it is: %s\n",
                             qPrintable(parsed.taskName), qPrintable(aside.problem));
                return RunnerFailed;
            }
        }
        if (!task) {
            std::fprintf(stderr, "taskrunner-cli: no saved task named '%s' (see list)\n",
                         qPrintable(parsed.taskName));
            return RunnerFailed;
        }
        if (!task->dependencies.isEmpty())
            return runGroup(app, library, *task, parsed);
        // Its parameters, placeholders and .env file, as the desktop app's launcher does them.
        Task toRun = *task;
        toRun.spec = applyOverrides(task->spec, parsed);
        const RunPreparation::Result ready = RunPreparation::prepare(toRun, parsed.inputValues);
        if (!ready.ok()) {
            std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(ready.refusal));
            if (!ready.missingInput.isEmpty())
                std::fprintf(stderr, "taskrunner-cli: give it with --param %s=VALUE\n",
                             qPrintable(ready.missingInput));
            return RunnerFailed;
        }
        spec = ready.spec;
        taskId = task->id;
    }

    RunSession session(spec);
    session.setPrintStats(parsed.printStats);
    QObject::connect(&session, &RunSession::done, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    session.start();
    // Every run goes into the history (shared with the desktop app and other CLI runs), unless
    // asked not to; a history that cannot be used is said once and the run goes on. Opened
    // once the task is on its way, so that the task does not wait for the database.
    RunHistory history;
    std::unique_ptr<RunRecorder> recorder;
    if (parsed.recordHistory) {
        const RunHistory::OpenResult opened = history.open(RunHistory::defaultPath(), false);
        if (!opened.ok)
            std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(opened.error));
        Task adHoc; // a run without a saved task is named by its command line
        adHoc.spec = spec;
        const QString name = parsed.taskName.isEmpty() ? adHoc.commandLine() : parsed.taskName;
        recorder
            = std::make_unique<RunRecorder>(&history, session.run(), name, QStringLiteral("cli"));
        recorder->setTaskId(taskId);
        recorder->begin();
        QObject::connect(&session, &RunSession::runFinished, recorder.get(), &RunRecorder::finish);
    }
    return app.exec();
}
