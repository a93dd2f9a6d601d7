// 20 live runs sampled for their resource charts in the real window (offscreen), the current
// run's chart on screen: the CPU the GUI process uses (user + system of all its threads, over
// the measured seconds) and the worst stall of its GUI thread (the widest gap of a 10 ms
// heartbeat), and the GUI thread's CPU time in one sampling round of all 20 runs (reading
// their usage, appending, and drawing the visible chart's new point). Beside it, in the same
// process, the same 20 runs with the chart's pane folded (sampling, no drawing), and with
// sampling off (the baseline, before and after: the spread is the noise of a shared machine).
// Figures, not assertions.
//   QT_QPA_PLATFORM=offscreen bench_charts [RUNS] [SECONDS]
#include "mainwindow.h"
#include "managedrun.h"
#include "privatexdgdirs.h"
#include "resourcechart.h"
#include "runmanager.h"
#include "runpane.h"
#include "tasklauncher.h"
#include "taskrun.h"
#include "usagesampler.h"
#include "userprompts.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

#include <sys/resource.h>
#include <time.h>

namespace {

enum class Mode { Sampled, SampledFolded, Off };

struct Figures
{
    double cpuPercent = 0; // of one core, the GUI process
    double worstGapMs = 0;
    int drawnPoints = 0;    // on the visible chart at the end
    qint64 samples = 0;     // taken for all runs during the measured time
    double sampleCpuMs = 0; // GUI thread CPU time in one sampleNow() (chart updates included)
};

double cpuMsOfThisProcess()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

// Runs the event loop until done() or timeoutMs, idle in between: processEvents() with a time
// limit drops WaitForMoreEvents and polls, and the polling would be counted as the window's CPU.
void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return;
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(50);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

Figures measure(const QString &libraryPath, Mode mode, int seconds)
{
    MainWindow window(std::make_unique<UserPrompts>(), libraryPath);
    window.resize(1200, 800);
    window.show();
    QApplication::processEvents();
    UsageSampler *sampler = window.usageSampler();
    // The bench takes the samples itself, at the sampler's rate, to time each round on the GUI
    // thread's own CPU clock (the slots drawing the chart run inside it).
    sampler->setEnabled(mode != Mode::Off);
    sampler->setIntervalMs(24 * 3600 * 1000);
    RunManager *runs = window.runManager();
    for (const Task &task : window.library().tasks()) {
        RunRequest request;
        request.task = task;
        request.trigger = RunTriggers::schedule();
        window.launcher()->launch(request);
    }
    const int count = int(window.library().tasks().size());
    waitFor([runs, count] { return runs->liveCount() >= count; }, 60'000);
    RunPane *pane = window.currentPane();
    static bool told = false;
    if (!told && pane->run() && pane->run()->taskRun()) {
        told = true;
        std::printf("containment: %s\n",
                    pane->run()->taskRun()->containmentKind() == RunContainment::Kind::Cgroup
                        ? "cgroup"
                        : "/proc scan");
    }
    pane->setDetailsShown(mode == Mode::Sampled);
    // Settled: every run started, its first samples taken.
    waitFor([] { return false; }, 2000);

    qint64 samplesBefore = 0;
    const auto samplesNow = [&] {
        qint64 total = 0;
        for (const ManagedRun *run : runs->runs())
            if (const UsageSeries *series = sampler->series(run->id()))
                total += series->sampleCount();
        return total;
    };
    samplesBefore = samplesNow();
    Figures figures;
    QElapsedTimer sinceBeat;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        figures.worstGapMs = std::max(figures.worstGapMs, sinceBeat.nsecsElapsed() / 1e6);
        sinceBeat.restart();
    });
    double sampleCpuMs = 0;
    int sampleCalls = 0;
    QTimer sampling;
    sampling.setInterval(UsageSampler::DefaultIntervalMs);
    QObject::connect(&sampling, &QTimer::timeout, &window, [&] {
        const double before = threadCpuMs();
        sampler->sampleNow();
        sampleCpuMs += threadCpuMs() - before;
        ++sampleCalls;
    });
    if (mode != Mode::Off)
        sampling.start();
    const double cpuBefore = cpuMsOfThisProcess();
    QElapsedTimer wall;
    wall.start();
    heartbeat.start();
    sinceBeat.start();
    waitFor([] { return false; }, seconds * 1000);
    heartbeat.stop();
    figures.cpuPercent = (cpuMsOfThisProcess() - cpuBefore) * 100.0 / double(wall.elapsed());
    sampling.stop();
    figures.samples = samplesNow() - samplesBefore;
    figures.sampleCpuMs = sampleCalls ? sampleCpuMs / sampleCalls : 0;
    figures.drawnPoints = pane->resourceChart()->drawnPoints();

    runs->killAll();
    waitFor([runs] { return runs->liveCount() == 0; }, 60'000);
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner-bench-charts"));
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 20;
    const int seconds = argc > 2 ? std::max(1, atoi(argv[2])) : 20;
    QTemporaryDir dir;
    if (!dir.isValid() || !usePrivateXdgDirs(dir)) {
        std::fprintf(stderr, "cannot make private XDG folders\n");
        return 1;
    }
    QList<Task> list;
    for (int i = 0; i < runs; ++i)
        list.append(Task{QStringLiteral("service%1").arg(i, 2, 10, QLatin1Char('0')),
                         TaskSpec::forShell(QStringLiteral("exec sleep 600"))});
    const QString libraryPath = dir.filePath(QStringLiteral("tasks.json"));
    {
        QFile file(libraryPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(TaskLibrary::toJson(list)) <= 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(libraryPath));
            return 1;
        }
    }

    std::printf("%d live runs (exec sleep 600) in the window, %d s measured each, sampling at "
                "%d ms\n",
                runs, seconds, UsageSampler::DefaultIntervalMs);
    std::printf("%-36s %10s %16s %8s %7s %22s\n", "", "GUI CPU", "worst GUI stall", "samples",
                "points", "in sampleNow() a call");
    const struct
    {
        Mode mode;
        const char *label;
    } modes[] = {{Mode::Off, "sampling off (baseline)"},
                 {Mode::SampledFolded, "sampled, chart folded away"},
                 {Mode::Sampled, "sampled, current run's chart shown"},
                 {Mode::Off, "sampling off again (the noise)"}};
    for (const auto &m : modes) {
        const Figures f = measure(libraryPath, m.mode, seconds);
        std::printf("%-36s %7.1f %%  %12.1f ms %8lld %7d %16.3f ms CPU\n", m.label, f.cpuPercent,
                    f.worstGapMs, static_cast<long long>(f.samples), f.drawnPoints, f.sampleCpuMs);
    }
    return 0;
}
