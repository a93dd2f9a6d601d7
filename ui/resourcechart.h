#pragma once

#include "usageseries.h"

#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;
class UsageSampler;

// A run's CPU % (left axis) and memory (right axis) over its run time, live or as the history
// kept it. Live, it follows a UsageSampler: a new sample appends one point to each line (or
// moves the last one), never redraws the whole chart - unless the series halved its resolution
// or an axis changed its unit. While hidden it does nothing but remember that it is behind.
// A figure nobody knew is a gap in its line. No animation; colours from the palette
// (ChartPalette). Charts are pictures to a screen reader: the accessible description says the
// peaks in words (describe()), and a run without samples shows a sentence, not empty axes.
class ResourceChart : public QWidget
{
    Q_OBJECT
public:
    explicit ResourceChart(QWidget *parent = nullptr);
    ~ResourceChart() override;

    // A live run's curve, as sampler keeps it (runId: ManagedRun::id(); 0 or no sampler: none).
    void follow(UsageSampler *sampler, quint64 runId);
    // A curve that does not change (a past run's, from the history).
    void setPoints(const QVector<UsageSample> &points);

    // "CPU peak 98 % at 0:12, memory peak 210 MiB at 0:30 (37 samples over 1:05)".
    static QString describe(const UsageSeries &series);
    // Run time as the chart's summary says it: "0:07", "12:30", "3:04:05".
    static QString runTime(qint64 ms);

    QString summary() const; // describe() of what is shown, or the sentence
    bool hasChart() const;   // false: the sentence shows
    int drawnPoints() const { return m_drawn; }
    QChartView *chartView() const { return m_view; }

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Segment
    {
        QLineSeries *line = nullptr;
        int lastIndex = -2; // the series' index of its last point
    };
    enum class Metric { Cpu, Memory };
    const UsageSeries *shown() const;
    void onSeriesChanged(quint64 runId);
    void refresh();
    void rebuild();
    void drawPoint(int index, bool replacing);
    void drawValue(Metric metric, int index, std::optional<double> value, bool replacing);
    void updateRanges();
    void applyColours();
    qint64 timeUnitFor(qint64 ms) const;
    qint64 memoryUnitFor(qint64 bytes) const;

    QPointer<UsageSampler> m_sampler;
    quint64 m_runId = 0;
    UsageSeries m_own; // setPoints()'s
    bool m_following = false;
    bool m_behind = false; // changed while hidden

    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    QValueAxis *m_time = nullptr;
    QValueAxis *m_cpuAxis = nullptr;
    QValueAxis *m_memoryAxis = nullptr;
    QVector<Segment> m_cpu;
    QVector<Segment> m_memory;
    QLabel *m_empty = nullptr;
    int m_drawn = 0;
    qint64 m_timeUnitMs = 1000;
    qint64 m_memoryUnit = 1024 * 1024;
    double m_cpuPeak = 0;
    qint64 m_memoryPeak = 0;
    QString m_memoryName; // the memory line's legend entry, with its unit
};
