// What sampling a run's process tree costs (ProcessTreeSampler, the process tree panel's source),
// for a run of 100 and of 1,000 sleeping processes, with each containment, side by side with
// the baseline of what `ps` and htop do: a scan of all of /proc reading every process's stat.
// Figures are CPU time of the thread doing the work (CLOCK_THREAD_CPUTIME_ID) per sample, and
// what that is in % of one core at the panel's rate of one sample a second.
//
// Each backend runs in a child process of this program (the backend is chosen once per
// process):
//   build/tests/benchmarks/bench_processtree [samples]
#include "containmentbackend.h"
#include "managedrun.h"
#include "processtable.h"
#include "processtreesampler.h"
#include "procprobe.h"
#include "runmanager.h"
#include "taskrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <dirent.h>
#include <sys/resource.h>

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

qint64 processCpuNs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return (qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000
            + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
           * 1000;
}

// The baseline: every process's stat, as `ps` and htop read them. Returns how many.
int scanAllOfProc()
{
    int count = 0;
    if (DIR *dir = ::opendir("/proc")) {
        while (const dirent *entry = ::readdir(dir)) {
            if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
                continue;
            if (ProcessTable::readProcess(pid_t(std::strtol(entry->d_name, nullptr, 10))))
                ++count;
        }
        ::closedir(dir);
    }
    return count;
}

// Waits, running the event loop (asleep between events), for the sampler's next snapshot.
ProcessTreeSnapshot nextSample(ProcessTreeSampler &sampler)
{
    QEventLoop loop;
    QObject::connect(&sampler, &ProcessTreeSampler::sampled, &loop, &QEventLoop::quit);
    sampler.sampleNow();
    loop.exec();
    return sampler.last();
}

// Runs the event loop for ms, asleep between events.
void runEventsFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Child: one run of `count` sleeping processes under a shell; prints the figures, one line each.
int measure(int count, int samples)
{
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral("data"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    const QByteArray marker = ProcProbe::newMarker();
    RunManager manager;
    RunRequest request;
    request.task.name = QStringLiteral("bench");
    request.task.spec = TaskSpec::forShell(
        QStringLiteral("for i in $(seq %1); do sleep 3600 & done; wait").arg(count));
    request.task.spec.environment.insert(QString::fromLatin1(marker), QStringLiteral("1"));
    ManagedRun *run = manager.run(manager.start(request));

    // Wait for all of them (the shell and its sleeps), sampling as the panel would.
    QElapsedTimer clock;
    clock.start();
    {
        ProcessTreeSampler warm;
        warm.watch(run);
        while (nextSample(warm).rows.size() < count + 1) {
            if (clock.elapsed() > 120'000) {
                std::printf("error: only %lld of %d processes after 2 minutes\n",
                            qlonglong(warm.last().rows.size()), count + 1);
                manager.killAll();
                return 1;
            }
        }
    }

    // A panel opened on the run: its first sample reads every command line.
    ProcessTreeSampler sampler;
    sampler.watch(run);
    {
        QEventLoop loop;
        QObject::connect(&sampler, &ProcessTreeSampler::sampled, &loop, &QEventLoop::quit);
        if (sampler.cost().samples < 1)
            loop.exec();
    }
    const ProcessTreeSampler::Cost first = sampler.cost();
    const int rows = int(sampler.last().rows.size());

    // Then what each sample costs from one second to the next.
    clock.restart();
    for (int i = 0; i < samples; ++i)
        nextSample(sampler);
    const qint64 wallNs = clock.nsecsElapsed();
    const ProcessTreeSampler::Cost steady = sampler.cost();
    const int taken = steady.samples - first.samples;
    const double readerUs = double(steady.readerCpuNs - first.readerCpuNs) / taken / 1000.0;
    const double guiUs = double(steady.guiCpuNs - first.guiCpuNs) / taken / 1000.0;

    // The baseline, on this thread, while the same processes exist.
    int scanned = 0;
    const qint64 scanBefore = threadCpuNs();
    for (int i = 0; i < samples; ++i)
        scanned = scanAllOfProc();
    const double scanUs = double(threadCpuNs() - scanBefore) / samples / 1000.0;

    std::printf("rows %d, members from %s\n", rows, qPrintable(sampler.last().membersFrom));
    for (const ProcessRow &row : sampler.last().rows) {
        if (row.commandLine != QLatin1String("sleep 3600")
            && row.info.pid != run->taskRun()->processId())
            std::printf("  besides the shell and its sleeps: pid %d %c %s\n", int(row.info.pid),
                        row.info.state,
                        qPrintable(row.commandLine.isEmpty() ? row.name : row.commandLine));
    }
    std::printf("  first sample (every cmdline read): reader %.0f us, GUI thread %.0f us\n",
                double(first.readerCpuNs) / 1000.0, double(first.guiCpuNs) / 1000.0);
    std::printf("  each sample after, mean of %d:      reader %.0f us + GUI thread %.0f us"
                " = %.2f %% of a core at 1 Hz (%.2f ms wall per sample)\n",
                taken, readerUs, guiUs, (readerUs + guiUs) / 10'000.0,
                double(wallNs) / taken / 1e6);
    std::printf("  baseline, all of /proc (%d processes), stat each: %.0f us = %.2f %% of a core"
                " at 1 Hz\n",
                scanned, scanUs, scanUs / 10'000.0);

    // The whole program for a while, with the sampler at its 1 s and without it: what it
    // costs with its thread's wake-ups and the event loop's work, beside what holding the run
    // costs (the containment's own sampling of it).
    const auto programCpuFor = [](int seconds) {
        const qint64 before = processCpuNs();
        runEventsFor(seconds * 1000);
        return double(processCpuNs() - before) / 1e6 / seconds; // ms per second
    };
    const int seconds = 10;
    sampler.watch(nullptr);
    const double without = programCpuFor(seconds);
    sampler.watch(run);
    const double with = programCpuFor(seconds);
    std::printf("  whole program, %d s each: %.2f ms CPU a second with the sampler at 1 Hz, %.2f"
                " without (the run held, the containment's own sampling): %.2f %% of a core for"
                " the sampler\n",
                seconds, with, without, (with - without) / 10.0);

    manager.killAll();
    while (manager.liveCount() > 0)
        runEventsFor(50);
    const QString survivors = ProcProbe::survivors(marker);
    if (!survivors.isEmpty()) {
        std::printf("error: %s\n", qPrintable(survivors));
        ProcProbe::killAllWithMarker(marker);
        return 1;
    }
    return 0;
}

QByteArray runChild(const QString &backend, const QStringList &arguments)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), backend);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    child.waitForFinished(-1);
    return child.readAllStandardOutput();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 3 && args.at(1) == QLatin1String("--run"))
        return measure(args.at(2).toInt(), args.at(3).toInt());

    const int samples = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 30;
    std::printf("containment here: %s\n", qPrintable(ContainmentBackend::activeDescription()));
    for (const int count : {100, 1000}) {
        for (const char *backend : {"cgroup", "proc"}) {
            std::printf("\n== a shell and %d sleeping processes, %s ==\n", count, backend);
            const QByteArray output
                = runChild(QLatin1String(backend), {QStringLiteral("--run"), QString::number(count),
                                                    QString::number(samples)});
            std::fputs(output.constData(), stdout);
            std::fflush(stdout);
        }
    }
    return 0;
}
