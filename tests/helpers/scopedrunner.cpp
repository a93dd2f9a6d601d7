// A runner as a front end makes it, for tst_systemdscope - started as a user who may not write
// its own cgroup, so that the containment has to ask for one:
//   scopedrunner
// installs the delegation provider as main() does, lets ContainmentBackend decide, starts
// `sleep 300` as a TaskRun and prints
//   "elapsed <ms the decision took>"
//   "kind cgroup" or "kind proc"
//   "self <its own cgroup path now>"
//   "runner <the runner cgroup's directory, or ->"
//   "report <line>" for each line of ContainmentBackend::report()
//   "run <sleep's pid>"         (or "failed <why>")
//   "ready"
// then waits for its stdin to close, kills the run, waits for its end and exits 0.
#include "cgroupfiles.h"
#include "containmentbackend.h"
#include "platformdelegation.h"
#include "runnercgroup.h"
#include "taskrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    PlatformDelegation::install();

    QElapsedTimer timer;
    timer.start();
    const RunContainment::Kind kind = ContainmentBackend::active();
    std::printf("elapsed %lld\n", timer.elapsed());
    std::printf("kind %s\n", kind == RunContainment::Kind::Cgroup ? "cgroup" : "proc");
    std::printf("self %s\n",
                qPrintable(CgroupFiles::cgroupPathOf(::getpid()).value_or(QStringLiteral("-"))));
    RunnerCgroup *runner = ContainmentBackend::runnerCgroup();
    std::printf("runner %s\n", runner ? qPrintable(runner->directory()) : "-");
    for (const QString &line :
         ContainmentBackend::report().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        std::printf("report %s\n", qPrintable(line));
    std::fflush(stdout);

    TaskRun run(TaskSpec::forProgram(QStringLiteral("sleep"), {QStringLiteral("300")}));
    QObject::connect(&run, &TaskRun::started, &app, [&] {
        std::printf("run %d\nready\n", int(run.processId()));
        std::fflush(stdout);
    });
    QObject::connect(&run, &TaskRun::finished, &app, [&](const RunResult &result) {
        if (result.outcome == RunOutcome::FailedToStart)
            std::printf("failed %s\n", qPrintable(result.errorText));
        std::fflush(stdout);
        app.quit();
    });
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            run.kill();
        }
    });
    run.start();
    return app.exec();
}
