// 200 tasks triggered at once in the real window (offscreen), with a limit of 4 runs at once:
// the worst stall of the GUI thread (the widest gap of a 10 ms heartbeat timer, timed by a
// QElapsedTimer), how long the 200 launch calls took, and the time until every run has ended.
// Beside it, in the same process, the same 200 with no limit: every run started at once, as
// every start was before the queue. Figures, not assertions.
//   QT_QPA_PLATFORM=offscreen bench_queue [TASKS] [ROUNDS]
#include "mainwindow.h"
#include "managedrun.h"
#include "privatexdgdirs.h"
#include "runmanager.h"
#include "tasklauncher.h"
#include "userprompts.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Figures
{
    double launchMs = 0;   // the launch calls in one go
    double worstGapMs = 0; // the heartbeat's widest gap, the launch loop included
    double allDoneMs = 0;  // from the first launch to the last run's end
    int maxLive = 0;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

Figures measure(const QString &libraryPath, int tasks, int limit)
{
    QSettings().setValue(QStringLiteral("runs/maxConcurrent"), limit);
    MainWindow window(std::make_unique<UserPrompts>(), libraryPath);
    window.resize(1200, 800);
    window.show();
    QApplication::processEvents();
    RunManager *runs = window.runManager();
    Figures figures;
    QObject::connect(runs, &RunManager::runChanged, &window, [&figures, runs] {
        figures.maxLive = std::max(figures.maxLive, runs->liveCount());
    });

    QElapsedTimer sinceBeat;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        figures.worstGapMs = std::max(figures.worstGapMs, sinceBeat.nsecsElapsed() / 1e6);
        sinceBeat.restart();
    });
    heartbeat.start();
    sinceBeat.start();
    QApplication::processEvents();

    QElapsedTimer clock;
    clock.start();
    // As a trigger starts them (a schedule firing for every task in the same second).
    for (const Task &task : window.library().tasks()) {
        RunRequest request;
        request.task = task;
        request.task.spec.stdinMode = TaskSpec::StdinMode::Pipe;
        request.trigger = RunTriggers::schedule();
        window.launcher()->launch(request);
    }
    figures.launchMs = clock.nsecsElapsed() / 1e6;
    const auto allDone = [runs, tasks] {
        int finished = 0;
        for (const ManagedRun *run : runs->runs())
            finished += run->isFinished() ? 1 : 0;
        return finished >= tasks;
    };
    while (!allDone() && clock.elapsed() < 300'000)
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    figures.allDoneMs = clock.nsecsElapsed() / 1e6;
    heartbeat.stop();
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner-bench-queue"));
    const int tasks = argc > 1 ? std::max(1, atoi(argv[1])) : 200;
    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    QTemporaryDir dir;
    if (!dir.isValid() || !usePrivateXdgDirs(dir)) {
        std::fprintf(stderr, "cannot make private XDG folders\n");
        return 1;
    }
    QList<Task> list;
    for (int i = 0; i < tasks; ++i)
        list.append(Task{QStringLiteral("task%1").arg(i, 3, 10, QLatin1Char('0')),
                         TaskSpec::forShell(QStringLiteral("echo start; sleep 0.1; echo done"))});
    const QString libraryPath = dir.filePath(QStringLiteral("tasks.json"));
    {
        QFile file(libraryPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(TaskLibrary::toJson(list)) <= 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(libraryPath));
            return 1;
        }
    }

    std::printf("%d tasks triggered at once (each: echo; sleep 0.1; echo), %d rounds, medians "
                "(worst)\n",
                tasks, rounds);
    std::printf("%-22s %12s %16s %16s %9s\n", "", "launch calls", "worst GUI stall", "all have run",
                "max live");
    for (const int limit : {4, 0}) {
        std::vector<double> launch, gap, done;
        int maxLive = 0;
        for (int round = 0; round < rounds; ++round) {
            const Figures f = measure(libraryPath, tasks, limit);
            launch.push_back(f.launchMs);
            gap.push_back(f.worstGapMs);
            done.push_back(f.allDoneMs);
            maxLive = std::max(maxLive, f.maxLive);
        }
        const QByteArray label = limit > 0 ? QStringLiteral("limit %1 (queue)").arg(limit).toUtf8()
                                           : QByteArrayLiteral("no limit (baseline)");
        std::printf("%-22s %7.0f ms    %7.0f (%4.0f) ms  %7.0f (%5.0f) ms %9d\n", label.constData(),
                    median(launch), median(gap), *std::max_element(gap.begin(), gap.end()),
                    median(done), *std::max_element(done.begin(), done.end()), maxLive);
    }
    return 0;
}
