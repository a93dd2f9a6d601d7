// The two containments side by side, in one run: (a) kill of bash + 300 sleeping children, from
// kill() to the last process gone (seen in /proc) and to finished(), median of several; (b) the
// CPU the runner itself spends holding 20 idle runs for a while (the /proc supervisor scans
// every second, cgroups are told by the kernel). Each backend runs in a child process of this
// program (the backend is chosen once per process), the rounds alternate between them.
//
//   build/tests/benchmarks/bench_containment [kills per round] [idle seconds]
#include "containmentbackend.h"
#include "procprobe.h"
#include "taskrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sys/resource.h>
#include <vector>

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

std::unique_ptr<TaskRun> startMarked(const QString &script, const QByteArray &marker)
{
    TaskSpec spec = TaskSpec::forShell(script);
    spec.environment.insert(QString::fromLatin1(marker), QStringLiteral("1"));
    auto run = std::make_unique<TaskRun>(spec);
    run->start();
    return run;
}

// Child: kills of a 301-process run; prints "gone <median> finished <median>".
int measureKills(int rounds)
{
    std::vector<double> gone, done;
    for (int i = 0; i < rounds; ++i) {
        const QByteArray marker = ProcProbe::newMarker();
        auto run
            = startMarked(QStringLiteral("for i in $(seq 300); do sleep 300 & done; wait"), marker);
        bool finished = false;
        QObject::connect(run.get(), &TaskRun::finished, [&finished] { finished = true; });
        while (ProcProbe::processesWithMarker(marker).size() < 301)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
        QElapsedTimer timer;
        timer.start();
        run->kill();
        double goneMs = -1, doneMs = -1;
        while (goneMs < 0 || !finished) {
            if (goneMs < 0 && ProcProbe::processesWithMarker(marker).isEmpty())
                goneMs = double(timer.nsecsElapsed()) / 1e6;
            if (finished && doneMs < 0)
                doneMs = double(timer.nsecsElapsed()) / 1e6;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        }
        if (doneMs < 0)
            doneMs = double(timer.nsecsElapsed()) / 1e6;
        gone.push_back(goneMs);
        done.push_back(doneMs);
    }
    std::printf("gone %.1f finished %.1f\n", median(gone), median(done));
    return 0;
}

double cpuSecondsOfSelf()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Child: 20 idle runs held for seconds; prints "cpu <ms of the runner's own CPU>".
int measureIdle(int seconds)
{
    const QByteArray marker = ProcProbe::newMarker();
    std::vector<std::unique_ptr<TaskRun>> runs;
    for (int i = 0; i < 20; ++i)
        runs.push_back(startMarked(QStringLiteral("sleep 3600"), marker));
    while (ProcProbe::processesWithMarker(marker).size() < 20)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    const double before = cpuSecondsOfSelf();
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    const double used = cpuSecondsOfSelf() - before;
    for (auto &run : runs)
        run->kill();
    while (!ProcProbe::processesWithMarker(marker).isEmpty())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    std::printf("cpu %.1f\n", used * 1000);
    return 0;
}

QByteArray runChild(const QString &backend, const QStringList &arguments)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), backend);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    child.waitForFinished(-1);
    return child.readAllStandardOutput().trimmed();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 2 && args.at(1) == QLatin1String("--kills"))
        return measureKills(args.at(2).toInt());
    if (args.size() > 2 && args.at(1) == QLatin1String("--idle"))
        return measureIdle(args.at(2).toInt());

    const int kills = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 7;
    const int idleSeconds = args.size() > 2 ? std::max(1, args.at(2).toInt()) : 60;
    std::printf("containment here: %s\n", qPrintable(ContainmentBackend::activeDescription()));
    std::printf("\n== kill of bash + 300 sleeps: kill() -> last process gone / finished(), "
                "median of %d, two rounds each ==\n",
                kills);
    for (int round = 1; round <= 2; ++round) {
        for (const char *backend : {"cgroup", "proc"}) {
            const QByteArray line = runChild(QLatin1String(backend),
                                             {QStringLiteral("--kills"), QString::number(kills)});
            std::printf("  round %d  %-7s %s ms\n", round, backend, line.constData());
        }
    }
    std::printf("\n== the runner's own CPU with 20 idle runs for %d s ==\n", idleSeconds);
    for (const char *backend : {"cgroup", "proc"}) {
        const QByteArray line = runChild(QLatin1String(backend),
                                         {QStringLiteral("--idle"), QString::number(idleSeconds)});
        std::printf("  %-7s %s ms\n", backend, line.constData());
    }
    return 0;
}
