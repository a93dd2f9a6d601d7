// A run's CPU and memory chart: in a live run's pane it gets a point per sample (and none while
// folded away), a past run's pane shows the curve the history kept, a run without samples shows
// a sentence instead of empty axes, and a screen reader gets the peaks in words. Colours read
// in the light and the dark palette.

#include "apppalette.h"
#include "chartpalette.h"
#include "contrast.h"
#include "managedrun.h"
#include "pastrunpane.h"
#include "procprobe.h"
#include "resourcechart.h"
#include "runhistory.h"
#include "runpane.h"
#include "usagesampler.h"
#include "usageseriescodec.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QChartView>
#include <QLineSeries>
#include <QPointer>
#include <QTest>
#include <QValueAxis>

namespace {
constexpr qint64 MiB = 1024 * 1024;

UsageSample point(qint64 ms, std::optional<double> cpu, std::optional<qint64> memory)
{
    UsageSample s;
    s.msSinceStart = ms;
    s.cpuPercent = cpu;
    s.memoryBytes = memory;
    s.processes = 1;
    return s;
}

int linePoints(const ResourceChart *chart)
{
    int count = 0;
    const QList<QAbstractSeries *> all = chart->chartView()->chart()->series();
    for (QAbstractSeries *series : all)
        count += static_cast<QLineSeries *>(series)->count();
    return count;
}
} // namespace

class tst_ResourceChart : public QObject
{
    Q_OBJECT
    WindowFixture f;

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    void describeSaysThePeaks_data()
    {
        QTest::addColumn<QVector<UsageSample>>("points");
        QTest::addColumn<QString>("text");
        QTest::newRow("peaks")
            << QVector<UsageSample>{point(250, 3, 20 * MiB), point(12'000, 98.4, 100 * MiB),
                                    point(30'000, 40, 210 * MiB), point(65'000, 1, 5 * MiB)}
            << QStringLiteral("CPU peak 98 % at 0:12, memory peak 210 MiB at 0:30 (4 samples "
                              "over 1:05)");
        QTest::newRow("nothing known")
            << QVector<UsageSample>{point(250, std::nullopt, std::nullopt)}
            << QStringLiteral("CPU not known, memory not known (1 sample at 0:00)");
        QTest::newRow("hours and gigabytes")
            << QVector<UsageSample>{point(1000, 250, 3 * 1024 * MiB),
                                    point(3 * 3600'000 + 4 * 60'000 + 5'000, 10, MiB)}
            << QStringLiteral("CPU peak 250 % at 0:01, memory peak 3.00 GiB at 0:01 (2 samples "
                              "over 3:04:05)");
    }
    void describeSaysThePeaks()
    {
        QFETCH(QVector<UsageSample>, points);
        QFETCH(QString, text);
        QCOMPARE(ResourceChart::describe(UsageSeries::fromPoints(points)), text);
        ResourceChart chart;
        chart.setPoints(points);
        QVERIFY(chart.hasChart());
        QCOMPARE(chart.summary(), text);
        QCOMPARE(chart.accessibleDescription(), text);
        QCOMPARE(chart.chartView()->accessibleDescription(), text);
        QVERIFY(!chart.accessibleName().isEmpty());
        QVERIFY(!chart.chartView()->accessibleName().isEmpty());
        QAccessibleInterface *view = QAccessible::queryAccessibleInterface(chart.chartView());
        QVERIFY(view);
        QCOMPARE(view->text(QAccessible::Description), text);
    }

    // A gap is a gap: the line breaks, nothing is drawn at 0.
    void aGapBreaksTheLine()
    {
        ResourceChart chart;
        chart.setPoints({point(1000, 10, 5 * MiB), point(2000, std::nullopt, 6 * MiB),
                         point(3000, 30, 7 * MiB), point(4000, 40, 8 * MiB)});
        QCOMPARE(linePoints(&chart), 3 + 4); // three CPU points, four memory points
        QCOMPARE(chart.chartView()->chart()->series().size(), 3); // CPU in two pieces
    }

    void aRunWithoutSamplesShowsASentence()
    {
        ResourceChart chart;
        chart.setPoints({});
        QVERIFY(!chart.hasChart());
        QVERIFY2(chart.summary().contains(QLatin1String("No CPU or memory samples")),
                 qPrintable(chart.summary()));
        QCOMPARE(chart.accessibleDescription(), chart.summary());
        QCOMPARE(ResourceChart::runTime(0), QStringLiteral("0:00"));
        QCOMPARE(ResourceChart::runTime(61'000), QStringLiteral("1:01"));
    }

    // Details opened on a run that has been sampled meanwhile: the chart gets the room it needs
    // for its plot and its tick labels (it was laid out as a one-line sentence while it had no
    // samples, and Qt Charts drew a 40-pixel plot with every label elided to "...").
    void openedLateTheChartHasRoom()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("work"), QStringLiteral("sleep 3"))}));
        f.open();
        UsageSampler *sampler = f.window->usageSampler();
        sampler->setIntervalMs(100);
        RunPane *pane = f.run(QStringLiteral("work"));
        QVERIFY(pane);
        pane->setDetailsShown(false);
        QTRY_VERIFY_WITH_TIMEOUT(sampler->series(pane->run()->id())
                                     && sampler->series(pane->run()->id())->sampleCount() >= 3,
                                 WindowFixture::GenerousMs);
        pane->setDetailsShown(true);
        ResourceChart *chart = pane->resourceChart();
        QTRY_VERIFY(chart->hasChart());
        QTRY_VERIFY2(chart->chartView()->chart()->plotArea().height() >= 60,
                     qPrintable(QString::number(chart->chartView()->chart()->plotArea().height())
                                + QStringLiteral(" of ")
                                + QString::number(chart->chartView()->height())));
        pane->kill();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
        f.close();
    }

    // A curve that rises after the first samples still fits: the axes grow with the peaks
    // (they stayed at the first sample's range, and a task allocating memory drew off the chart).
    void theAxesGrowWithTheCurve()
    {
        QVERIFY(f.writeLibrary({f.shellTask(
            QStringLiteral("grow"),
            QStringLiteral("exec python3 -c 'import time; a = bytearray(20 * 2**20); "
                           "time.sleep(1); b = bytearray(150 * 2**20); time.sleep(60)'"))}));
        f.open();
        UsageSampler *sampler = f.window->usageSampler();
        sampler->setIntervalMs(200);
        RunPane *pane = f.run(QStringLiteral("grow"));
        QVERIFY(pane);
        pane->setDetailsShown(true);
        ResourceChart *chart = pane->resourceChart();
        QChart *qchart = chart->chartView()->chart();
        // The highest memory drawn, and the memory axis: the line of the right-hand axis.
        const auto memoryDrawn = [qchart](QValueAxis **axis) {
            double top = 0;
            for (QAbstractSeries *series : qchart->series()) {
                for (QAbstractAxis *attached : series->attachedAxes()) {
                    if (attached->alignment() != Qt::AlignRight)
                        continue;
                    *axis = qobject_cast<QValueAxis *>(attached);
                    for (const QPointF &point : static_cast<QLineSeries *>(series)->points())
                        top = std::max(top, point.y());
                }
            }
            return top;
        };
        QValueAxis *memoryAxis = nullptr;
        // Awaited: the second allocation drawn (the first sample held 20 MiB or less).
        QTRY_VERIFY_WITH_TIMEOUT(memoryDrawn(&memoryAxis) >= 150, WindowFixture::GenerousMs);
        QVERIFY(memoryAxis);
        QVERIFY2(memoryAxis->max() >= memoryDrawn(&memoryAxis),
                 qPrintable(QStringLiteral("axis up to %1, line at %2")
                                .arg(memoryAxis->max())
                                .arg(memoryDrawn(&memoryAxis))));
        pane->kill();
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
        f.close();
    }

    // Live: the details show the chart, each sample adds a point (one point more, or the last
    // one moved - never a redraw of all); folded away, it draws nothing and catches up when
    // shown. Then the finished run's curve, from the history, in a past run's pane of a new
    // window; one whose blob is damaged says it has none.
    void liveThenFromTheHistory()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("work"), QStringLiteral("sleep 2.5"))}));
        f.open();
        UsageSampler *sampler = f.window->usageSampler();
        QVERIFY(sampler);
        sampler->setIntervalMs(100);
        RunPane *pane = f.run(QStringLiteral("work"));
        QVERIFY(pane);
        pane->setDetailsShown(true);
        ResourceChart *chart = pane->resourceChart();
        QVERIFY(chart->isVisible());
        // Awaited: five samples drawn.
        QTRY_VERIFY_WITH_TIMEOUT(chart->drawnPoints() >= 5, WindowFixture::GenerousMs);
        QVERIFY(chart->hasChart());
        const QPointer<QAbstractSeries> line = chart->chartView()->chart()->series().first();
        const int pointsBefore = static_cast<QLineSeries *>(line.data())->count();
        QTRY_VERIFY_WITH_TIMEOUT(chart->drawnPoints() >= 8, WindowFixture::GenerousMs);
        // The same line object, longer: appended to, not rebuilt (a rebuild deletes it).
        QVERIFY(line);
        QCOMPARE(chart->chartView()->chart()->series().first(), line.data());
        QVERIFY(static_cast<QLineSeries *>(line.data())->count() > pointsBefore);
        QVERIFY(chart->summary().startsWith(QLatin1String("CPU peak")));

        pane->setDetailsShown(false); // folded: no chart work
        const int drawn = chart->drawnPoints();
        const qint64 samples = sampler->series(pane->run()->id())->sampleCount();
        QTRY_VERIFY_WITH_TIMEOUT(sampler->series(pane->run()->id())->sampleCount() >= samples + 3,
                                 WindowFixture::GenerousMs);
        QCOMPARE(chart->drawnPoints(), drawn);
        pane->setDetailsShown(true); // caught up at once
        QCOMPARE(chart->drawnPoints(), int(sampler->series(pane->run()->id())->points().size()));

        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        const qint64 recordId = pane->recordId();
        QVERIFY(recordId > 0);
        const int kept = int(sampler->series(pane->run()->id())->points().size());
        QTRY_COMPARE(chart->drawnPoints(), kept); // the last figures too
        PROBE_VERIFY_NO_SURVIVORS(f.marker);

        f.close();
        f.open();
        PastRunPane *past = f.window->openPastRun(recordId);
        QVERIFY(past);
        QVERIFY(past->resourceChart()->hasChart());
        QCOMPARE(past->resourceChart()->drawnPoints(), kept);
        QVERIFY(linePoints(past->resourceChart()) > kept); // CPU and memory lines
        QVERIFY(past->resourceChart()->summary().contains(QLatin1String("memory peak")));

        // The same run with its blob damaged: a sentence, not a crash nor half a curve.
        f.close();
        {
            RunHistory history;
            QVERIFY(history.open(RunHistory::defaultPath()).ok);
            QVERIFY(history.recordSamples(recordId, QByteArray("TU\x01\x05garbage", 11)));
        }
        f.open();
        past = f.window->openPastRun(recordId);
        QVERIFY(past);
        QVERIFY(!past->resourceChart()->hasChart());
        QVERIFY(past->resourceChart()->summary().contains(QLatin1String("No CPU or memory")));
    }

    // In both palettes of the app: the lines reach 3:1 on the chart's background, the text 4.5:1.
    void readableInBothPalettes_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << AppPalette::light();
        QTest::newRow("dark") << AppPalette::dark();
    }
    void readableInBothPalettes()
    {
        QFETCH(QPalette, palette);
        const ChartPalette colours(palette);
        for (int n = 0; n < 4; ++n)
            QVERIFY2(Contrast::ratio(colours.series(n), colours.background()) >= Contrast::Graphics,
                     qPrintable(colours.series(n).name()));
        QVERIFY(Contrast::ratio(colours.text(), colours.background()) >= Contrast::Text);
        QVERIFY(Contrast::ratio(colours.grid(), colours.background()) > 1.2); // seen, faint
        ResourceChart chart;
        chart.setPoints({point(1000, 10, MiB), point(2000, 20, 2 * MiB)});
        chart.setPalette(palette); // switched while shown: the lines follow too
        QCOMPARE(chart.chartView()->chart()->backgroundBrush().color(), colours.background());
        const auto *line = static_cast<QLineSeries *>(chart.chartView()->chart()->series().first());
        QCOMPARE(line->pen().color(), colours.series(0));
    }
};

QTEST_MAIN(tst_ResourceChart)
#include "tst_resourcechart.moc"
