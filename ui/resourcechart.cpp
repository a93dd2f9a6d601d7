#include "resourcechart.h"

#include "chartpalette.h"
#include "usagesampler.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace {
constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 GiB = 1024 * MiB;

// 1, 2 or 5 times a power of ten, at least value: an axis' top that reads well.
double niceCeil(double value)
{
    if (value <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= value)
            return step * power;
    }
    return 10 * power;
}

QString memoryText(qint64 bytes)
{
    if (bytes >= GiB)
        return ResourceChart::tr("%1 GiB").arg(QString::number(double(bytes) / GiB, 'f', 2));
    return ResourceChart::tr("%1 MiB").arg(
        QString::number(double(bytes) / MiB, 'f', bytes < 10 * MiB ? 1 : 0));
}
} // namespace

ResourceChart::ResourceChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("resourceChart"));
    setAccessibleName(tr("CPU and memory over the run"));
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_time = new QValueAxis;
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_time->setTickType(QValueAxis::TicksDynamic);
    m_time->setTickAnchor(0);
    m_cpuAxis = new QValueAxis;
    m_cpuAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_cpuAxis->setTickCount(3);
    m_memoryAxis = new QValueAxis;
    m_memoryAxis->setTickCount(3);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_cpuAxis, Qt::AlignLeft);
    m_chart->addAxis(m_memoryAxis, Qt::AlignRight);
    m_view = new QChartView(m_chart, this); // owns the chart
    m_view->setObjectName(QStringLiteral("resourceChartView"));
    m_view->setAccessibleName(accessibleName());
    m_view->setRenderHint(QPainter::Antialiasing);
    // Room for the legend, the tick labels and a plot of ~100 px: at 150 the pane squeezed it
    // to, Qt Charts had a 40-60 px plot left and elided every label.
    m_view->setMinimumHeight(200);
    m_view->setFocusPolicy(Qt::NoFocus);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("resourceChartEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_empty);
    setMaximumHeight(240);
    applyColours();
    rebuild();
}

ResourceChart::~ResourceChart() = default;

void ResourceChart::follow(UsageSampler *sampler, quint64 runId)
{
    if (m_sampler)
        disconnect(m_sampler, nullptr, this, nullptr);
    m_sampler = sampler;
    m_runId = runId;
    m_following = true;
    m_own = UsageSeries();
    if (sampler)
        connect(sampler, &UsageSampler::seriesChanged, this, &ResourceChart::onSeriesChanged);
    rebuild();
}

void ResourceChart::setPoints(const QVector<UsageSample> &points)
{
    if (m_sampler)
        disconnect(m_sampler, nullptr, this, nullptr);
    m_sampler = nullptr;
    m_following = false;
    m_own = UsageSeries::fromPoints(points);
    rebuild();
}

const UsageSeries *ResourceChart::shown() const
{
    if (!m_following)
        return &m_own;
    return m_sampler && m_runId ? m_sampler->series(m_runId) : nullptr;
}

bool ResourceChart::hasChart() const
{
    return !m_view->isHidden();
}

QString ResourceChart::summary() const
{
    return hasChart() ? m_view->accessibleDescription() : m_empty->text();
}

void ResourceChart::onSeriesChanged(quint64 runId)
{
    if (runId != m_runId)
        return;
    // A pane in another tab, or with its details folded, draws nothing.
    if (!isVisible()) {
        m_behind = true;
        return;
    }
    refresh();
}

void ResourceChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_behind)
        rebuild();
}

void ResourceChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

// The newest sample: one point more (append) or the last one moved (replace); anything else -
// a halved resolution, a new unit on an axis - draws it all again.
void ResourceChart::refresh()
{
    const UsageSeries *series = shown();
    const int count = series ? int(series->points().size()) : 0;
    if (count == 0 || m_drawn == 0 || count < m_drawn || count > m_drawn + 1) {
        rebuild();
        return;
    }
    const UsageSample &last = series->points().constLast();
    if (timeUnitFor(last.msSinceStart) != m_timeUnitMs
        || memoryUnitFor(std::max(m_memoryPeak, last.memoryBytes.value_or(0))) != m_memoryUnit) {
        rebuild();
        return;
    }
    const bool replacing = count == m_drawn;
    drawPoint(count - 1, replacing);
    m_drawn = count;
    if (!replacing) { // a new point: a new peak perhaps, and the axes must hold it
        m_cpuPeak = std::max(m_cpuPeak, last.cpuPercent.value_or(0));
        m_memoryPeak = std::max(m_memoryPeak, last.memoryBytes.value_or(0));
    } else { // the last point's merge may have lowered its CPU: peaks again
        m_cpuPeak = 0;
        m_memoryPeak = 0;
        for (const UsageSample &point : series->points()) {
            m_cpuPeak = std::max(m_cpuPeak, point.cpuPercent.value_or(0));
            m_memoryPeak = std::max(m_memoryPeak, point.memoryBytes.value_or(0));
        }
    }
    updateRanges();
}

void ResourceChart::rebuild()
{
    m_behind = false;
    m_chart->removeAllSeries(); // deletes them
    m_cpu.clear();
    m_memory.clear();
    m_drawn = 0;
    m_cpuPeak = 0;
    m_memoryPeak = 0;
    const UsageSeries *series = shown();
    const bool empty = !series || series->isEmpty();
    m_view->setHidden(empty);
    m_empty->setHidden(!empty);
    if (empty) {
        m_empty->setText(m_following ? tr("No CPU or memory samples (yet): the first is taken a "
                                          "quarter of a second after the run starts.")
                                     : tr("No CPU or memory samples were kept for this run."));
        setAccessibleDescription(m_empty->text());
        return;
    }
    const QVector<UsageSample> &points = series->points();
    for (const UsageSample &point : points) {
        m_cpuPeak = std::max(m_cpuPeak, point.cpuPercent.value_or(0));
        m_memoryPeak = std::max(m_memoryPeak, point.memoryBytes.value_or(0));
    }
    m_timeUnitMs = timeUnitFor(points.constLast().msSinceStart);
    m_memoryUnit = memoryUnitFor(m_memoryPeak);
    // Units in the tick labels and the legend, not in axis titles: in a chart this low the
    // titles take the labels' room, and Qt Charts elides both to "...".
    m_time->setLabelFormat(m_timeUnitMs == 1000     ? QStringLiteral("%.0f s")
                           : m_timeUnitMs == 60'000 ? QStringLiteral("%.0f min")
                                                    : QStringLiteral("%.1f h"));
    m_memoryName = m_memoryUnit == GiB ? tr("Memory, GiB (right)") : tr("Memory, MiB (right)");
    for (const Segment &segment : std::as_const(m_memory))
        segment.line->setName(m_memoryName);
    for (int i = 0; i < points.size(); ++i)
        drawPoint(i, false);
    m_drawn = int(points.size());
    updateRanges();
}

void ResourceChart::drawPoint(int index, bool replacing)
{
    const UsageSample &point = shown()->points().at(index);
    drawValue(Metric::Cpu, index, point.cpuPercent, replacing);
    std::optional<double> memory;
    if (point.memoryBytes)
        memory = double(*point.memoryBytes) / double(m_memoryUnit);
    drawValue(Metric::Memory, index, memory, replacing);
}

// A value goes on its metric's current segment when the point before it is there; after a gap
// (the point before had no value) it starts a segment of its own: QLineSeries draws no gaps.
void ResourceChart::drawValue(Metric metric, int index, std::optional<double> value, bool replacing)
{
    QVector<Segment> &segments = metric == Metric::Cpu ? m_cpu : m_memory;
    const double x = double(shown()->points().at(index).msSinceStart) / double(m_timeUnitMs);
    if (replacing && !segments.isEmpty() && segments.last().lastIndex == index) {
        Segment &segment = segments.last();
        if (value) {
            segment.line->replace(segment.line->count() - 1, QPointF(x, *value));
        } else {
            segment.line->remove(segment.line->count() - 1);
            segment.lastIndex = -2;
        }
        return;
    }
    if (!value)
        return;
    if (segments.isEmpty() || segments.last().lastIndex != index - 1) {
        auto *line = new QLineSeries;
        line->setName(metric == Metric::Cpu ? tr("CPU %, of one core (left)") : m_memoryName);
        m_chart->addSeries(line);
        line->attachAxis(m_time);
        line->attachAxis(metric == Metric::Cpu ? m_cpuAxis : m_memoryAxis);
        const ChartPalette colours(palette());
        line->setPen(QPen(colours.series(metric == Metric::Cpu ? 0 : 1), 2));
        if (!segments.isEmpty()) { // one entry in the legend per metric
            const QList<QLegendMarker *> markers = m_chart->legend()->markers(line);
            for (QLegendMarker *marker : markers)
                marker->setVisible(false);
        }
        segments.append({line, -2});
    }
    segments.last().line->append(x, *value);
    segments.last().lastIndex = index;
    // A line of one point draws nothing: a run with one sample (or one after a gap) shows a dot.
    segments.last().line->setPointsVisible(segments.last().line->count() == 1);
}

void ResourceChart::updateRanges()
{
    const UsageSeries *series = shown();
    const qint64 endMs = series->points().constLast().msSinceStart;
    const double end
        = std::max(double(endMs) / double(m_timeUnitMs), m_timeUnitMs == 1000 ? 10.0 : 1.0);
    if (m_time->max() != end || m_time->min() != 0) {
        m_time->setRange(0, end);
        // Ticks at round times (0, 20, 40 s), not at fifths of whatever the run has lasted.
        m_time->setTickInterval(niceCeil(end / 5.0));
    }
    const double cpuTop = std::max(100.0, std::ceil(m_cpuPeak / 100.0) * 100.0);
    if (m_cpuAxis->max() != cpuTop || m_cpuAxis->min() != 0)
        m_cpuAxis->setRange(0, cpuTop);
    const double memoryTop = niceCeil(double(m_memoryPeak) * 1.1 / double(m_memoryUnit));
    if (m_memoryAxis->max() != memoryTop || m_memoryAxis->min() != 0) {
        m_memoryAxis->setRange(0, memoryTop);
        m_memoryAxis->setLabelFormat(memoryTop <= 2 ? QStringLiteral("%.1f")
                                                    : QStringLiteral("%.0f"));
    }
    const QString text = describe(*series);
    m_view->setAccessibleDescription(text);
    setAccessibleDescription(text);
    m_view->setToolTip(text);
}

void ResourceChart::applyColours()
{
    const ChartPalette colours(palette());
    colours.apply(m_chart);
    for (const Segment &segment : std::as_const(m_cpu))
        segment.line->setPen(QPen(colours.series(0), 2));
    for (const Segment &segment : std::as_const(m_memory))
        segment.line->setPen(QPen(colours.series(1), 2));
    m_view->setBackgroundBrush(colours.background());
}

// Seconds up to two minutes, minutes up to two hours, hours after: a few ticks, round numbers.
qint64 ResourceChart::timeUnitFor(qint64 ms) const
{
    if (ms < 120'000)
        return 1000;
    if (ms < 7'200'000)
        return 60'000;
    return 3'600'000;
}

qint64 ResourceChart::memoryUnitFor(qint64 bytes) const
{
    return bytes >= 4 * GiB ? GiB : MiB;
}

QString ResourceChart::runTime(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    const QLatin1Char zero('0');
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, zero);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg(seconds / 60 % 60, 2, 10, zero)
        .arg(seconds % 60, 2, 10, zero);
}

QString ResourceChart::describe(const UsageSeries &series)
{
    if (series.isEmpty())
        return tr("No CPU or memory samples.");
    const QVector<UsageSample> &points = series.points();
    QStringList parts;
    const int cpu = series.cpuPeakIndex();
    if (cpu >= 0)
        parts << tr("CPU peak %1 % at %2")
                     .arg(QString::number(*points.at(cpu).cpuPercent, 'f', 0),
                          runTime(points.at(cpu).msSinceStart));
    else
        parts << tr("CPU not known");
    const int memory = series.memoryPeakIndex();
    if (memory >= 0)
        parts << tr("memory peak %1 at %2")
                     .arg(memoryText(*points.at(memory).memoryBytes),
                          runTime(points.at(memory).msSinceStart));
    else
        parts << tr("memory not known");
    const qint64 samples = series.sampleCount();
    const QString end = runTime(points.constLast().msSinceStart);
    if (samples == 1)
        return tr("%1 (1 sample at %2)").arg(parts.join(QStringLiteral(", ")), end);
    return tr("%1 (%2 samples over %3)")
        .arg(parts.join(QStringLiteral(", ")), QString::number(samples), end);
}
