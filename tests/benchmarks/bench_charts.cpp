// 20 live runs sampled for their resource charts in the real window (offscreen), the current
// run's chart on screen: the CPU the GUI process uses (user + system of all its threads, over
// the measured seconds) and the worst stall of its GUI thread (the widest gap of a 10 ms
// heartbeat). Beside it, in the same process, the same 20 runs with the charts' pane folded
// (sampling, no drawing), and with sampling off: the baseline. Figures, not assertions.
//   QT_QPA_PLATFORM=offscreen bench_charts [RUNS] [SECONDS]
#include "mainwindow.h"
#include "managedrun.h"
#include "privatexdgdirs.h"
#include "resourcechart.h"
#include "runmanager.h"
#include "runpane.h"
#include "tasklauncher.h"
#include "usagesampler.h"
#include "userprompts.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

#include <sys/resource.h>

namespace {

enum class Mode { Sampled, SampledFolded, Off };

struct Figures
{
    double cpuPercent = 0; // of one core, the GUI process
    double worstGapMs = 0;
    int drawnPoints = 0; // on the visible chart at the end
    qint64 samples = 0;  // taken for all runs during the measured time
};

double cpuMsOfThisProcess()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
}

Figures measure(const QString &libraryPath, Mode mode, int seconds)
{
    MainWindow window(std::make_unique<UserPrompts>(), libraryPath);
    window.resize(1200, 800);
    window.show();
    QApplication::processEvents();
    UsageSampler *sampler = window.usageSampler();
    sampler->setEnabled(mode != Mode::Off);
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
    const double cpuBefore = cpuMsOfThisProcess();
    QElapsedTimer wall;
    wall.start();
    heartbeat.start();
    sinceBeat.start();
    waitFor([] { return false; }, seconds * 1000);
    heartbeat.stop();
    figures.cpuPercent = (cpuMsOfThisProcess() - cpuBefore) * 100.0 / double(wall.elapsed());
    figures.samples = samplesNow() - samplesBefore;
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
    std::printf("%-34s %14s %16s %9s %13s\n", "", "GUI CPU", "worst GUI stall", "samples",
                "chart points");
    const struct
    {
        Mode mode;
        const char *label;
    } modes[] = {{Mode::Off, "sampling off (baseline)"},
                 {Mode::SampledFolded, "sampled, chart folded away"},
                 {Mode::Sampled, "sampled, current run's chart shown"}};
    for (const auto &m : modes) {
        const Figures f = measure(libraryPath, m.mode, seconds);
        std::printf("%-34s %9.2f %%    %10.1f ms %9lld %13d\n", m.label, f.cpuPercent, f.worstGapMs,
                    static_cast<long long>(f.samples), f.drawnPoints);
    }
    return 0;
}
