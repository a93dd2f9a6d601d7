// A run's usage curve in bounded memory: however many samples, at most capacity() points, the
// start and the newest sample kept, memory peaks exact, CPU the mean of what merged; gaps stay
// gaps. And its encoding for the history: read back as written, and anything damaged reads as
// no samples, never a crash.

#include "usageseries.h"
#include "usageseriescodec.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
constexpr qint64 MiB = 1024 * 1024;

// One sample a second; CPU 50 % and 100 MiB, but CPU 100 % and 1 GiB at spikeAt.
UsageSample sampleAt(qint64 i, qint64 spikeAt)
{
    UsageSample s;
    s.msSinceStart = 250 + i * 1000;
    s.cpuPercent = i == spikeAt ? 100.0 : 50.0;
    s.memoryBytes = i == spikeAt ? 1024 * MiB : 100 * MiB;
    s.processes = i == spikeAt ? 9 : 2;
    return s;
}
} // namespace

class tst_UsageSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundedMergeKeepsStartEndAndPeaks_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<qint64>("samples");
        QTest::addColumn<qint64>("spikeAt");
        QTest::addColumn<int>("stride");
        QTest::newRow("a 2-second build: every sample") << 320 << qint64(3) << qint64(1) << 1;
        QTest::newRow("exactly full") << 8 << qint64(8) << qint64(7) << 1;
        QTest::newRow("one more than full: one halving") << 8 << qint64(9) << qint64(4) << 2;
        QTest::newRow("spike in the start's neighbour") << 8 << qint64(100) << qint64(1) << 16;
        QTest::newRow("spike at the very end") << 16 << qint64(1000) << qint64(999) << 128;
        QTest::newRow("spike at the start") << 16 << qint64(1000) << qint64(0) << 128;
        QTest::newRow("an hour") << 320 << qint64(3600) << qint64(1800) << 16;
        QTest::newRow("a 3-day service at 1 Hz")
            << 320 << qint64(3 * 24 * 3600) << qint64(100'000) << 1024;
    }
    void boundedMergeKeepsStartEndAndPeaks()
    {
        QFETCH(int, capacity);
        QFETCH(qint64, samples);
        QFETCH(qint64, spikeAt);
        QFETCH(int, stride);
        UsageSeries series(capacity);
        for (qint64 i = 0; i < samples; ++i)
            QVERIFY(series.append(sampleAt(i, spikeAt)));
        const QVector<UsageSample> &points = series.points();
        QVERIFY2(points.size() <= capacity, qPrintable(QString::number(points.size())));
        QCOMPARE(series.stride(), stride);
        QCOMPARE(series.sampleCount(), samples);
        QCOMPARE(points.constFirst(), sampleAt(0, spikeAt)); // the start
        QCOMPARE(points.constLast().msSinceStart, sampleAt(samples - 1, spikeAt).msSinceStart);
        for (int i = 1; i < points.size(); ++i)
            QVERIFY(points.at(i).msSinceStart > points.at(i - 1).msSinceStart);
        // The memory peak is exact and where the spike was: in the point whose interval holds it.
        const int peak = series.memoryPeakIndex();
        QVERIFY(peak >= 0);
        QCOMPARE(*points.at(peak).memoryBytes, 1024 * MiB);
        QCOMPARE(*points.at(peak).processes, 9);
        const qint64 spikeMs = sampleAt(spikeAt, spikeAt).msSinceStart;
        QVERIFY(points.at(peak).msSinceStart >= spikeMs);
        QVERIFY(peak == 0 || points.at(peak - 1).msSinceStart < spikeMs);
        // CPU: the mean of what merged - the spike's point above 50 %, every other exactly 50.
        for (int i = 0; i < points.size(); ++i) {
            const double cpu = *points.at(i).cpuPercent;
            if (i == peak)
                QVERIFY2(cpu > 50.0 && cpu <= 100.0, qPrintable(QString::number(cpu)));
            else
                QCOMPARE(cpu, 50.0);
            if (i != peak)
                QCOMPARE(*points.at(i).memoryBytes, 100 * MiB);
        }
        if (stride == 1)
            QCOMPARE(points.size(), int(samples));
        else
            QVERIFY(points.size() > capacity / 2); // halved, not emptied
    }

    void cpuIsTheMeanOfTheMergedSamples()
    {
        UsageSeries series(4);
        const double cpus[] = {0, 10, 30, 20, 40, 60, 80};
        for (int i = 0; i < 7; ++i) {
            UsageSample s;
            s.msSinceStart = (i + 1) * 1000;
            s.cpuPercent = cpus[i];
            QVERIFY(series.append(s));
        }
        // Capacity 4: [0] [10,30] [20,40] [60,80] - the start, then pairs.
        QCOMPARE(series.points().size(), 4);
        QCOMPARE(*series.points().at(0).cpuPercent, 0.0);
        QCOMPARE(*series.points().at(1).cpuPercent, 20.0);
        QCOMPARE(*series.points().at(2).cpuPercent, 30.0);
        QCOMPARE(*series.points().at(3).cpuPercent, 70.0);
        QCOMPARE(series.points().at(3).msSinceStart, qint64(7000));
    }

    void gapsStayGaps()
    {
        UsageSeries series(4);
        const auto add = [&](qint64 ms, std::optional<double> cpu, std::optional<qint64> memory) {
            UsageSample s;
            s.msSinceStart = ms;
            s.cpuPercent = cpu;
            s.memoryBytes = memory;
            QVERIFY(series.append(s));
        };
        add(1000, std::nullopt, std::nullopt);
        add(2000, std::nullopt, 5 * MiB);
        add(3000, std::nullopt, std::nullopt);
        add(4000, 40.0, std::nullopt);
        add(5000, std::nullopt, std::nullopt); // full: [1] [2,3] [4,5]
        const QVector<UsageSample> &points = series.points();
        QCOMPARE(points.size(), 3);
        QVERIFY(!points.at(0).cpuPercent);
        QVERIFY(!points.at(0).memoryBytes);
        QVERIFY(!points.at(1).cpuPercent);           // nothing known: still nothing
        QCOMPARE(points.at(1).memoryBytes, 5 * MiB); // known once: that
        QCOMPARE(points.at(2).cpuPercent, 40.0);     // the mean of the known one, not of 0
        QVERIFY(!points.at(2).memoryBytes);
        QCOMPARE(series.cpuPeakIndex(), 2);
        QCOMPARE(series.memoryPeakIndex(), 1);
        QCOMPARE(UsageSeries().cpuPeakIndex(), -1);
    }

    void anEarlierSampleIsIgnored()
    {
        UsageSeries series;
        UsageSample s;
        s.msSinceStart = 1000;
        QVERIFY(series.append(s));
        QVERIFY(!series.append(s));
        s.msSinceStart = 999;
        QVERIFY(!series.append(s));
        QCOMPARE(series.points().size(), 1);
    }

    void encodedSamplesReadBack()
    {
        QVector<UsageSample> points;
        for (int i = 0; i < 300; ++i) {
            UsageSample s;
            s.msSinceStart = 200 + qint64(i) * 1000 * (i % 7 + 1);
            if (i % 5)
                s.cpuPercent = double(i % 400) + 0.3; // over 100: several cores
            if (i % 3)
                s.memoryBytes = qint64(i) * 37 * MiB; // KiB multiples: exact
            if (i % 4)
                s.processes = i % 50;
            if (i)
                s.msSinceStart += points.constLast().msSinceStart;
            points.append(s);
        }
        const QByteArray blob = UsageSeriesCodec::encode(points);
        QVERIFY2(blob.size() < points.size() * 10, qPrintable(QString::number(blob.size())));
        bool ok = false;
        const QVector<UsageSample> back = UsageSeriesCodec::decode(blob, &ok);
        QVERIFY(ok);
        QCOMPARE(back.size(), points.size());
        for (int i = 0; i < points.size(); ++i) {
            QCOMPARE(back[i].msSinceStart, points[i].msSinceStart);
            QCOMPARE(bool(back[i].cpuPercent), bool(points[i].cpuPercent));
            if (points[i].cpuPercent)
                QVERIFY(qAbs(*back[i].cpuPercent - *points[i].cpuPercent) < 0.051);
            QCOMPARE(back[i].memoryBytes, points[i].memoryBytes);
            QCOMPARE(back[i].processes, points[i].processes);
        }
        QVERIFY(UsageSeriesCodec::decode(QByteArray(), &ok).isEmpty());
        QVERIFY(ok); // absent: no samples, not damage
    }

    void aDamagedBlobReadsAsNoSamples_data()
    {
        QTest::addColumn<QByteArray>("blob");
        UsageSample s;
        s.msSinceStart = 1000;
        s.cpuPercent = 12.5;
        s.memoryBytes = 3 * MiB;
        s.processes = 2;
        const QByteArray good = UsageSeriesCodec::encode({s, s, s});
        QTest::newRow("not ours") << QByteArray("hello, world");
        QTest::newRow("magic only") << QByteArray("TU");
        QTest::newRow("a later version") << QByteArray(good).replace(2, 1, "\x02");
        QTest::newRow("cut short") << good.left(good.size() - 1);
        QTest::newRow("trailing bytes") << good + QByteArray("\x00", 1);
        QTest::newRow("a count the blob cannot hold")
            << QByteArray("TU\x01\xff\xff\xff\x7f", 7) + good.mid(4);
        QTest::newRow("a varint without end")
            << QByteArray("TU\x01\x01", 4) + QByteArray(20, '\xff');
    }
    void aDamagedBlobReadsAsNoSamples()
    {
        QFETCH(QByteArray, blob);
        bool ok = true;
        QVERIFY(UsageSeriesCodec::decode(blob, &ok).isEmpty());
        QVERIFY(!ok);
    }

    void randomDamageNeverCrashes()
    {
        QVector<UsageSample> points;
        for (int i = 0; i < 50; ++i) {
            UsageSample s;
            s.msSinceStart = (i + 1) * 1000;
            s.cpuPercent = i;
            s.memoryBytes = i * MiB;
            s.processes = i;
            points.append(s);
        }
        const QByteArray good = UsageSeriesCodec::encode(points);
        QRandomGenerator random(13);
        for (int round = 0; round < 5000; ++round) {
            QByteArray blob = good;
            const int flips = 1 + random.bounded(4);
            for (int f = 0; f < flips; ++f)
                blob[random.bounded(int(blob.size()))] = char(random.bounded(256));
            if (round % 3 == 0)
                blob.truncate(random.bounded(int(blob.size())));
            bool ok = false;
            const QVector<UsageSample> back = UsageSeriesCodec::decode(blob, &ok);
            QVERIFY(ok || back.isEmpty());
            QVERIFY(back.size() <= UsageSeriesCodec::MaxPoints);
        }
    }
};

QTEST_GUILESS_MAIN(tst_UsageSeries)
#include "tst_usageseries.moc"
