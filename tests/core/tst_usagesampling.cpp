// The resource curves of real runs: a busy loop's CPU, a task that fills 200 MiB, a short run,
// a restarted service's one curve, and the curve of a finished run read back from the history.
// Every task carries a marker of the test's own; none may survive (checked in /proc).

#include "managedrun.h"
#include "procprobe.h"
#include "restartbackoff.h"
#include "runhistory.h"
#include "runmanager.h"
#include "taskrun.h"
#include "usagesampler.h"
#include "usageseriescodec.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {
constexpr int GenerousMs = 30'000;
constexpr qint64 MiB = 1024 * 1024;
} // namespace

class tst_UsageSampling : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;

    RunRequest request(const QString &script)
    {
        RunRequest request;
        request.task.name = QStringLiteral("sampled");
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        return request;
    }
    QString historyPath() const { return m_home.filePath(QStringLiteral("history.sqlite")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-usagesampling"));
    }
    void init() { m_marker = ProcProbe::newMarker(); }
    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
    }

    // CPU % is the growth of CPU time over wall time: the curve's area is the CPU time the run
    // used (whatever share of a core a loaded machine gives the loop), and its peak is far above
    // an idle run's.
    void aBusyLoopShowsItsCpu()
    {
        RunManager manager;
        UsageSampler sampler(&manager, nullptr);
        sampler.setIntervalMs(250);
        const quint64 id = manager.start(request(QStringLiteral("while :; do :; done")));
        ManagedRun *run = manager.run(id);
        // Awaited: ten samples of the loop (2.5 s).
        QTRY_VERIFY_WITH_TIMEOUT(sampler.series(id) && sampler.series(id)->sampleCount() >= 10,
                                 GenerousMs);
        const ResourceUsage usage = run->taskRun()->usage();
        const UsageSeries series = *sampler.series(id);
        qInfo("containment: %s", run->taskRun()->containmentKind() == RunContainment::Kind::Cgroup
                                     ? "cgroup"
                                     : "/proc scan");
        run->kill();
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        double areaMs = 0; // CPU ms the curve says were used
        qint64 previousMs = 0;
        for (const UsageSample &point : series.points()) {
            QVERIFY2(point.cpuPercent, "every sample of a live run knows its CPU");
            QVERIFY2(*point.cpuPercent <= 105.0, qPrintable(QString::number(*point.cpuPercent)));
            areaMs += *point.cpuPercent / 100.0 * double(point.msSinceStart - previousMs);
            previousMs = point.msSinceStart;
        }
        const double cpuMs = double(*usage.cpuUserMs + usage.cpuSystemMs.value_or(0));
        // The usage was read after the last sample: it may have used a little more since.
        QVERIFY2(areaMs <= cpuMs + 50 && areaMs >= cpuMs * 0.6,
                 qPrintable(QStringLiteral("curve %1 ms, usage %2 ms").arg(areaMs).arg(cpuMs)));
        const int peak = series.cpuPeakIndex();
        QVERIFY(peak >= 0);
        QVERIFY2(*series.points().at(peak).cpuPercent >= 40.0,
                 qPrintable(QString::number(*series.points().at(peak).cpuPercent)));
    }

    void anIdleRunShowsLittleCpu()
    {
        RunManager manager;
        UsageSampler sampler(&manager, nullptr);
        sampler.setIntervalMs(200);
        const quint64 id = manager.start(request(QStringLiteral("exec sleep 30")));
        ManagedRun *run = manager.run(id);
        QTRY_VERIFY_WITH_TIMEOUT(sampler.series(id) && sampler.series(id)->sampleCount() >= 5,
                                 GenerousMs);
        const UsageSeries series = *sampler.series(id);
        run->stop();
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        for (int i = 1; i < series.points().size(); ++i) // the first holds the exec
            QVERIFY2(series.points().at(i).cpuPercent.value_or(0) < 20.0,
                     qPrintable(QString::number(*series.points().at(i).cpuPercent)));
    }

    // The memory it touches shows: python3 fills 200 MiB with ones (zeros could stay unbacked).
    void aTaskThatAllocatesShowsItsMemory()
    {
        RunManager manager;
        UsageSampler sampler(&manager, nullptr);
        sampler.setIntervalMs(250);
        const quint64 id = manager.start(
            request(QStringLiteral("exec /usr/bin/python3 -c 'import time; time.sleep(1); b = "
                                   "b\"\\x01\" * (200 * 1024 * 1024); "
                                   "print(\"filled\", flush=True); time.sleep(60)'")));
        ManagedRun *run = manager.run(id);
        const auto memoryPeak = [&] {
            const UsageSeries *series = sampler.series(id);
            const int peak = series ? series->memoryPeakIndex() : -1;
            return peak < 0 ? qint64(0) : *series->points().at(peak).memoryBytes;
        };
        // Awaited: the sampler sees 200 MiB (the interpreter's own few MiB on top).
        QTRY_VERIFY2_WITH_TIMEOUT(memoryPeak() >= 200 * MiB,
                                  qPrintable(QString::number(memoryPeak() / MiB)), GenerousMs);
        const UsageSeries series = *sampler.series(id);
        QVERIFY(*series.points().constFirst().memoryBytes < 150 * MiB); // it rose
        run->kill();
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // The curve is in the history with the run's row once it has ended: read back as it was.
    // A run too short for the first sample still gets its last figures.
    void aFinishedRunsSamplesAreInTheHistory()
    {
        RunHistory history;
        QVERIFY(history.open(historyPath()).ok);
        RunManager manager(&history);
        UsageSampler sampler(&manager, &history);
        sampler.setIntervalMs(200);
        QSignalSpy recorded(&sampler, &UsageSampler::recorded);
        const quint64 id = manager.start(request(QStringLiteral("sleep 1.5")));
        const quint64 quick = manager.start(request(QStringLiteral("true")));
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 2, GenerousMs); // both ended, both kept
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        ManagedRun *run = manager.run(id);
        const QVector<UsageSample> kept = sampler.series(id)->points();
        QVERIFY2(kept.size() >= 5, qPrintable(QString::number(kept.size())));
        QVERIFY(kept.constLast().msSinceStart >= 1500);
        bool ok = false;
        const QVector<UsageSample> back
            = UsageSeriesCodec::decode(history.samples(run->recordId()), &ok);
        QVERIFY(ok);
        QCOMPARE(back.size(), kept.size());
        for (int i = 0; i < kept.size(); ++i) {
            QCOMPARE(back[i].msSinceStart, kept[i].msSinceStart);
            QCOMPARE(bool(back[i].memoryBytes), bool(kept[i].memoryBytes));
            QCOMPARE(back[i].processes, kept[i].processes);
        }
        const QVector<UsageSample> quickBack
            = UsageSeriesCodec::decode(history.samples(manager.run(quick)->recordId()));
        QVERIFY(!quickBack.isEmpty());

        // Removing the run from the history removes its curve.
        QVERIFY(history.remove(run->recordId()));
        QVERIFY(history.samples(run->recordId()).isEmpty());
    }

    // A service restarted by its policy is one run with one curve, from its first attempt to
    // its end, written once.
    void aRestartedRunKeepsOneCurve()
    {
        RestartBackoff::setDefaultTimingForTesting({20ms, 80ms, 60'000ms});
        RunHistory history;
        QVERIFY(history.open(historyPath()).ok);
        RunManager manager(&history);
        UsageSampler sampler(&manager, &history);
        sampler.setIntervalMs(100);
        QSignalSpy recorded(&sampler, &UsageSampler::recorded);
        RunRequest service = request(QStringLiteral("sleep 0.5; exit 3"));
        service.task.restart.when = RestartPolicy::When::OnFailure;
        service.task.restart.maxRestarts = 2;
        const quint64 id = manager.start(service);
        ManagedRun *run = manager.run(id);
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QCOMPARE(run->restartCount(), 2);
        const QVector<UsageSample> points = sampler.series(id)->points();
        QVERIFY2(points.constLast().msSinceStart >= 1500, // three attempts of 0.5 s
                 qPrintable(QString::number(points.constLast().msSinceStart)));
        for (const UsageSample &point : points) // each attempt counts its CPU from its start
            QVERIFY2(point.cpuPercent.value_or(0) < 105.0,
                     qPrintable(QString::number(*point.cpuPercent)));
        QCOMPARE(UsageSeriesCodec::decode(history.samples(run->recordId())).size(), points.size());
    }

    // Off, it samples nothing (what the benchmark compares with).
    void aDisabledSamplerSamplesNothing()
    {
        RunManager manager;
        UsageSampler sampler(&manager, nullptr);
        sampler.setIntervalMs(50);
        sampler.setEnabled(false);
        const quint64 id = manager.start(request(QStringLiteral("sleep 0.5")));
        QTRY_VERIFY_WITH_TIMEOUT(manager.run(id)->isFinished(), GenerousMs);
        const UsageSeries *series = sampler.series(id);
        QVERIFY(!series || series->isEmpty());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_GUILESS_MAIN(tst_UsageSampling)
#include "tst_usagesampling.moc"
