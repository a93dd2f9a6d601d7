// Prints, for a tree of 500 directories x 100 files (50,000 files): the time to arm a watch on
// it and the memory it takes (RSS before/after), beside QFileSystemWatcher on the same
// directories and `find` walking the tree; the latency from a change to the trigger's fire
// (debounce 0 and the default 300 ms), beside QFileSystemWatcher's directoryChanged; and, with
// the real CLI, from a change to the restarted command's first line. Medians of several runs.
//
//   build/tests/benchmarks/bench_watch [dirs] [files-per-dir]

#include "filewatcher.h"
#include "filewatchtrigger.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileSystemWatcher>
#include <QProcess>
#include <QSignalSpy>
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

double rssMiB(const QString &pid = QStringLiteral("self"))
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

double ms(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

void touch(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Append);
    file.write("x");
}

// Waits (processing events) until spy has more than count signals; false after 10 s.
// Lets whatever is still coming of the last change arrive, so the next round starts quiet.
void settle(int msToWait)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < msToWait)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
}

bool waitFor(QSignalSpy &spy, qsizetype count)
{
    QElapsedTimer timer;
    timer.start();
    while (spy.size() <= count && timer.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    return spy.size() > count;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int dirs = argc > 1 ? std::atoi(argv[1]) : 500;
    const int files = argc > 2 ? std::atoi(argv[2]) : 100;
    const int rounds = 15;

    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("tree"));
    QStringList directories{root};
    QElapsedTimer timer;
    timer.start();
    // Two levels, as a source tree has: 25 groups of dirs/25 directories.
    for (int d = 0; d < dirs; ++d) {
        const QString dir = QStringLiteral("%1/g%2/d%3").arg(root).arg(d % 25).arg(d);
        QDir().mkpath(dir);
        directories.append(dir);
        for (int f = 0; f < files; ++f)
            touch(QStringLiteral("%1/f%2.cpp").arg(dir).arg(f));
    }
    for (int g = 0; g < std::min(dirs, 25); ++g)
        directories.append(QStringLiteral("%1/g%2").arg(root).arg(g));
    std::printf("tree: %lld directories, %d files (made in %.0f ms)\n",
                qlonglong(directories.size()), dirs * files, ms(timer));
    const QString deep
        = QStringLiteral("%1/g%2/d%3/f0.cpp").arg(root).arg((dirs - 1) % 25).arg(dirs - 1);

    // Arming.
    std::vector<double> armOurs, armQt, walk;
    double rssOurs = 0, rssQt = 0;
    int watches = 0;
    for (int i = 0; i < 5; ++i) {
        {
            const double before = rssMiB();
            FileWatcher watcher;
            timer.restart();
            watcher.arm({{root}, {}, {}, true, 0});
            armOurs.push_back(ms(timer));
            rssOurs = (rssMiB() - before) * 1024;
            watches = watcher.watchCount();
        }
        {
            const double before = rssMiB();
            QFileSystemWatcher watcher;
            timer.restart();
            watcher.addPaths(directories); // told the directories: it cannot find them itself
            armQt.push_back(ms(timer));
            rssQt = (rssMiB() - before) * 1024;
        }
        timer.restart();
        QProcess::execute(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("find '%1' -type d >/dev/null").arg(root)});
        walk.push_back(ms(timer));
    }
    std::printf("\narm (median of 5)                       time      RSS added\n");
    std::printf("  FileWatcher (inotify, %d watches)  %7.1f ms  %6.0f KiB\n", watches,
                median(armOurs), rssOurs);
    std::printf("  QFileSystemWatcher::addPaths         %7.1f ms  %6.0f KiB   (given the list)\n",
                median(armQt), rssQt);
    std::printf("  find -type d (a walk, for scale)     %7.1f ms\n", median(walk));

    // Latency, change to fire.
    const auto triggerLatency = [&](int debounceMs) {
        TaskWatch watch;
        watch.paths = {root};
        watch.debounceMs = debounceMs;
        FileWatchTrigger trigger(watch, QString());
        trigger.arm();
        QSignalSpy fired(&trigger, &FileWatchTrigger::fired);
        std::vector<double> latencies;
        for (int i = 0; i < rounds; ++i) {
            settle(debounceMs + 100);
            const qsizetype count = fired.size();
            QElapsedTimer t;
            t.start();
            touch(deep);
            if (!waitFor(fired, count))
                return -1.0;
            latencies.push_back(ms(t));
        }
        return median(latencies);
    };
    const double ours0 = triggerLatency(0);
    const double ours300 = triggerLatency(300);
    double qtLatency = 0;
    {
        QFileSystemWatcher watcher(directories);
        QSignalSpy changed(&watcher, &QFileSystemWatcher::directoryChanged);
        std::vector<double> latencies;
        for (int i = 0; i < rounds; ++i) {
            settle(100);
            const qsizetype count = changed.size();
            QElapsedTimer t;
            t.start();
            // A file made and removed: what a directory watch reports (not a write to a file).
            const QString made = QStringLiteral("%1.new%2").arg(deep).arg(i);
            touch(made);
            if (!waitFor(changed, count))
                break;
            latencies.push_back(ms(t));
            QFile::remove(made);
        }
        qtLatency = median(latencies);
    }
    std::printf("\nchange to fire (median of %d, a file in the deepest directory)\n", rounds);
    std::printf("  FileWatchTrigger, debounce 0        %7.2f ms\n", ours0);
    std::printf("  FileWatchTrigger, debounce 300 ms   %7.2f ms\n", ours300);
    std::printf("  QFileSystemWatcher directoryChanged %7.2f ms   (a file made; no debounce)\n",
                qtLatency);

    // The CLI: from start to the first run (arming included), and from a change to the
    // restarted command's first line (the old run stopped, all of it gone, the new one started).
    double cliRss = 0;
    const auto cliLatency = [&](const QString &debounce) {
        QProcess cli;
        cli.setProgram(QStringLiteral(TASKRUNNER_CLI));
        cli.setArguments({QStringLiteral("watch"), root, QStringLiteral("--debounce"), debounce,
                          QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                          QStringLiteral("echo run; exec sleep 300")});
        QElapsedTimer t;
        t.start();
        cli.start();
        QByteArray out;
        int seen = 0;
        const auto waitRun = [&] {
            QElapsedTimer w;
            w.start();
            while (w.elapsed() < 20000) {
                out += cli.readAllStandardOutput();
                if (out.count("run\n") > seen) {
                    seen = int(out.count("run\n"));
                    return true;
                }
                cli.waitForReadyRead(50);
            }
            return false;
        };
        waitRun();
        const double first = ms(t);
        cliRss = rssMiB(QString::number(cli.processId()));
        std::vector<double> restarts;
        for (int i = 0; i < rounds; ++i) {
            // Quiet first: a restart still coming from the last change is not this one's.
            for (QElapsedTimer q; !q.isValid() || q.elapsed() < 400;) {
                if (!q.isValid())
                    q.start();
                cli.waitForReadyRead(50);
                out += cli.readAllStandardOutput();
            }
            seen = int(out.count("run\n"));
            t.restart();
            touch(deep);
            if (!waitRun())
                break;
            restarts.push_back(ms(t));
        }
        cli.terminate();
        cli.waitForFinished(30000);
        return std::pair{first, median(restarts)};
    };
    const auto [start0, restart0] = cliLatency(QStringLiteral("0"));
    const auto [start300, restart300] = cliLatency(QStringLiteral("300ms"));
    double runRss = 0;
    {
        QProcess run;
        run.start(QStringLiteral(TASKRUNNER_CLI),
                  {QStringLiteral("run"), QStringLiteral("--no-history"), QStringLiteral("--"),
                   QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                   QStringLiteral("echo run; exec sleep 300")});
        run.waitForReadyRead(20000);
        runRss = rssMiB(QString::number(run.processId()));
        run.terminate();
        run.waitForFinished(30000);
    }
    QElapsedTimer plain;
    plain.start();
    QProcess::execute(QStringLiteral(TASKRUNNER_CLI),
                      {QStringLiteral("run"), QStringLiteral("--no-history"), QStringLiteral("--"),
                       QStringLiteral("true")});
    const double runTrue = ms(plain);
    std::printf("\ntaskrunner-cli watch on the tree (median of %d restarts)\n", rounds);
    std::printf("  start to the first run              %7.1f ms   (run -- true, whole: %.1f ms)\n",
                start0, runTrue);
    std::printf("  change to restarted, debounce 0     %7.1f ms\n", restart0);
    std::printf("  CLI RSS while watching              %7.1f MiB  (run of the same: %.1f MiB)\n",
                cliRss, runRss);
    std::printf("  change to restarted, debounce 300ms %7.1f ms   (start: %.1f ms)\n", restart300,
                start300);
    return 0;
}
