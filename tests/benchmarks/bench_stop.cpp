// Prints: (a) taskrunner-cli's overhead against running the same command directly, on `true`
// and on a 256 MiB stream; (b) the time from a kill request to the moment the last process of
// a 300-process group is gone (seen in /proc), and to finished(). Medians of several runs.
//
//   build/tests/benchmarks/bench_stop [runs]

#include "procprobe.h"
#include "taskrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

double shellMs(const QString &command)
{
    QElapsedTimer timer;
    timer.start();
    QProcess::execute(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    return double(timer.nsecsElapsed()) / 1e6;
}

void compare(const char *what, const QString &direct, const QString &viaCli, int runs,
             double megabytes)
{
    std::vector<double> a, b;
    for (int i = 0; i < runs; ++i) { // interleaved, so drift hits both sides alike
        a.push_back(shellMs(direct));
        b.push_back(shellMs(viaCli));
    }
    const double ma = median(a), mb = median(b);
    if (megabytes > 0)
        std::printf("%-28s direct %8.1f ms (%7.0f MB/s)   taskrunner-cli %8.1f ms (%7.0f MB/s)"
                    "   overhead %+.1f ms\n",
                    what, ma, megabytes / (ma / 1000), mb, megabytes / (mb / 1000), mb - ma);
    else
        std::printf("%-28s direct %8.2f ms   taskrunner-cli %8.2f ms   overhead %+.2f ms\n", what,
                    ma, mb, mb - ma);
}

struct KillTiming
{
    double goneMs = -1;
    double finishedMs = -1;
};

KillTiming killGroup(int processes)
{
    const QByteArray marker = ProcProbe::newMarker();
    TaskSpec spec = TaskSpec::forShell(
        QStringLiteral("for i in $(seq %1); do sleep 300 & done; wait").arg(processes));
    spec.environment.insert(QString::fromLatin1(marker), QStringLiteral("1"));
    TaskRun run(spec);
    bool finished = false;
    QObject::connect(&run, &TaskRun::finished, [&finished] { finished = true; });
    run.start();
    while (ProcProbe::processesWithMarker(marker).size() < processes + 1)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);

    KillTiming timing;
    QElapsedTimer timer;
    timer.start();
    run.kill();
    while (timing.goneMs < 0 || !finished) {
        if (timing.goneMs < 0 && ProcProbe::processesWithMarker(marker).isEmpty())
            timing.goneMs = double(timer.nsecsElapsed()) / 1e6;
        if (finished && timing.finishedMs < 0)
            timing.finishedMs = double(timer.nsecsElapsed()) / 1e6;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    if (timing.finishedMs < 0)
        timing.finishedMs = double(timer.nsecsElapsed()) / 1e6;
    return timing;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    const QString cli = QStringLiteral(TASKRUNNER_CLI);
    // The CLI records every run in the history: in a directory of the benchmark's own, not
    // the user's. The figures include the recording.
    QTemporaryDir data;
    qputenv("XDG_DATA_HOME", QFile::encodeName(data.path()));

    std::printf("== taskrunner-cli overhead (median of %d, interleaved) ==\n", runs);
    compare("true", QStringLiteral("true"), cli + QStringLiteral(" run -- true"), runs * 3, 0);
    compare("256 MiB stream | cat", QStringLiteral("head -c 268435456 /dev/zero | cat >/dev/null"),
            cli + QStringLiteral(" run -- head -c 268435456 /dev/zero | cat >/dev/null"), runs,
            268.435456);

    std::printf("\n== kill of a 301-process group (bash + 300 sleeps), median of %d ==\n", runs);
    std::vector<double> gone, done;
    for (int i = 0; i < runs; ++i) {
        const KillTiming t = killGroup(300);
        gone.push_back(t.goneMs);
        done.push_back(t.finishedMs);
    }
    std::printf("kill() -> last process gone in /proc: %7.1f ms (min %.1f, max %.1f)\n",
                median(gone), *std::min_element(gone.begin(), gone.end()),
                *std::max_element(gone.begin(), gone.end()));
    std::printf("kill() -> finished() emitted:         %7.1f ms (min %.1f, max %.1f)\n",
                median(done), *std::min_element(done.begin(), done.end()),
                *std::max_element(done.begin(), done.end()));
    return 0;
}
