// What the Processes panel costs the window: the real MainWindow (offscreen) with a run of 100
// and of 1,000 processes, each measured for ~10 s with the panel shown and, as the baseline,
// with the same run and the panel hidden. CPU is that of the whole GUI process, every thread
// (the sampler's too), from getrusage(RUSAGE_SELF), in % of one core; the worst stall is the
// worst lateness of a 10 ms heartbeat timer on the GUI thread. Figures, not assertions.
//   QT_QPA_PLATFORM=offscreen bench_insight [SECONDS] [SIZES...]
#include "mainwindow.h"
#include "managedrun.h"
#include "privatexdgdirs.h"
#include "processtreemodel.h"
#include "processtreepanel.h"
#include "processtreesampler.h"
#include "runmanager.h"
#include "runpane.h"
#include "userprompts.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

namespace {

double cpuMsOfThisProcess()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage); // every thread of the process
    const auto ms = [](const timeval &t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// The event loop for ms, idle when there is nothing to do (processEvents() with a time limit
// would poll, and count its own polling as the window's CPU).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

struct Figures
{
    double cpuPercent = 0; // of one core
    double worstLateMs = 0;
    int samples = 0;
    bool drivenByBench = false;
    double readerPercent = 0; // of it, the sampler's reading thread (ProcessTreeSampler::cost())
};

Figures measure(MainWindow &window, bool shown, int seconds)
{
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("processTreeDock"));
    ProcessTreePanel *panel = window.processTreePanel();
    dock->setVisible(shown);
    spin(1500); // settled: the first sample taken, the tree laid out
    Figures figures;
    QMetaObject::Connection counting = QObject::connect(
        panel->sampler(), &ProcessTreeSampler::sampled, &window, [&figures] { ++figures.samples; });
    // A sampler without a timer of its own (the first, synchronous one) is driven once a second
    // here, as the real one samples by itself.
    QTimer driver;
    driver.setInterval(ProcessTreeSampler::DefaultIntervalMs);
    QObject::connect(&driver, &QTimer::timeout, panel, [panel] {
        if (panel->isSampling())
            panel->sampler()->sampleNow();
    });
    if (shown) {
        spin(2500);
        if (figures.samples == 0) {
            figures.drivenByBench = true;
            driver.start();
        }
        figures.samples = 0;
    }

    QElapsedTimer sinceBeat;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        figures.worstLateMs = std::max(figures.worstLateMs, sinceBeat.nsecsElapsed() / 1e6 - 10);
        sinceBeat.restart();
    });
    QElapsedTimer wall;
    const double cpuBefore = cpuMsOfThisProcess();
    const qint64 readerBefore = panel->sampler()->cost().readerCpuNs;
    wall.start();
    heartbeat.start();
    sinceBeat.start();
    spin(seconds * 1000);
    heartbeat.stop();
    figures.cpuPercent = (cpuMsOfThisProcess() - cpuBefore) * 100.0 / double(wall.elapsed());
    figures.readerPercent
        = (panel->sampler()->cost().readerCpuNs - readerBefore) / 1e4 / double(wall.elapsed());
    QObject::disconnect(counting);
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner-bench-insight"));
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 10;
    QList<int> sizes;
    for (int i = 2; i < argc; ++i)
        sizes.append(std::max(1, atoi(argv[i])));
    if (sizes.isEmpty())
        sizes = {100, 1000};
    QTemporaryDir dir;
    if (!dir.isValid() || !usePrivateXdgDirs(dir)) {
        std::fprintf(stderr, "cannot make private XDG folders\n");
        return 1;
    }
    QList<Task> tasks;
    for (int size : sizes) {
        // The shell and size-1 sleeps: size processes in all.
        tasks.append(Task{QStringLiteral("fan%1").arg(size),
                          TaskSpec::forShell(QStringLiteral("i=1; while [ $i -lt %1 ]; do "
                                                            "sleep 600 & i=$((i+1)); done; "
                                                            "echo ready; wait")
                                                 .arg(size))});
    }
    const QString libraryPath = dir.filePath(QStringLiteral("tasks.json"));
    {
        QFile file(libraryPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(TaskLibrary::toJson(tasks)) <= 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(libraryPath));
            return 1;
        }
    }
    MainWindow window(std::make_unique<UserPrompts>(), libraryPath);
    window.resize(1400, 900);
    window.show();
    spin(500);
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("processTreeDock"));
    ProcessTreePanel *panel = window.processTreePanel();

    std::printf("The Processes panel in the real window (offscreen), %d s per row; CPU of the "
                "whole GUI process (all threads) in %% of one core\n",
                seconds);
    std::printf("%-10s %-18s %10s %16s %18s %9s\n", "processes", "panel", "GUI CPU",
                "of it: reader", "worst GUI stall", "samples");
    for (int size : sizes) {
        if (!window.runTaskNamed(QStringLiteral("fan%1").arg(size))) {
            std::fprintf(stderr, "could not start the run of %d processes\n", size);
            return 1;
        }
        RunPane *pane = window.currentPane();
        dock->show();
        QElapsedTimer waited;
        waited.start();
        while (panel->model()->processCount() < size && waited.elapsed() < 120'000) {
            panel->sampler()->sampleNow();
            spin(250);
        }
        if (panel->model()->processCount() < size) {
            std::fprintf(stderr, "the run of %d showed only %d processes\n", size,
                         panel->model()->processCount());
            return 1;
        }
        const Figures hidden = measure(window, false, seconds);
        const Figures shown = measure(window, true, seconds);
        std::printf("%-10d %-18s %8.2f %% %14.2f %% %15.1f ms %9s\n", size, "hidden (baseline)",
                    hidden.cpuPercent, hidden.readerPercent, hidden.worstLateMs, "-");
        std::printf("%-10d %-18s %8.2f %% %14.2f %% %15.1f ms %9d%s\n", size, "shown",
                    shown.cpuPercent, shown.readerPercent, shown.worstLateMs, shown.samples,
                    shown.drivenByBench ? " (sampled by the bench each second)" : "");
        std::fflush(stdout);
        pane->kill();
        waited.restart();
        while (!pane->run()->isFinished() && waited.elapsed() < 60'000)
            spin(100);
    }
    return 0;
}
