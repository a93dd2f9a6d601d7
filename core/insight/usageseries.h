#pragma once

#include "usagesample.h"

#include <QVector>

// A run's usage over its whole life in bounded memory: at most capacity() points, whether the
// run lasts two seconds or three days. When full, the resolution halves: neighbouring points
// merge in pairs - memory and processes keep their maximum (a peak is never lost), CPU is the
// mean (the CPU % over the longer interval) - and from then on each point stands for twice as
// many samples. The first sample (the start) is never merged, and the last point always ends at
// the newest sample: the whole curve is always there, from start to now.
//
// Plain value type of Qt Core; the sampler appends, the chart and the history read.
class UsageSeries
{
public:
    static constexpr int DefaultCapacity = 320;
    static constexpr int MinCapacity = 4;

    explicit UsageSeries(int capacity = DefaultCapacity);

    // A sample later than the last one (an earlier or equal time is ignored: false).
    bool append(const UsageSample &sample);
    // The points, oldest first; the last may still be taking samples (see stride()).
    const QVector<UsageSample> &points() const { return m_points; }
    bool isEmpty() const { return m_points.isEmpty(); }
    int capacity() const { return m_capacity; }
    // How many samples a full point stands for now: 1, then 2, 4, ... after each halving.
    int stride() const { return m_stride; }
    // Samples appended in all.
    qint64 sampleCount() const { return m_samples; }

    // The points as they were stored (a series read back from the history): no more appends
    // are expected, but they would work.
    static UsageSeries fromPoints(const QVector<UsageSample> &points,
                                  int capacity = DefaultCapacity);

    // The point with the most CPU, the most memory; -1 when no point knows it.
    int cpuPeakIndex() const;
    int memoryPeakIndex() const;

private:
    void halve();

    int m_capacity;
    int m_stride = 1;
    qint64 m_samples = 0;
    QVector<UsageSample> m_points;
    // Per point: samples merged into it, and those that knew the CPU (its mean's weight).
    QVector<int> m_counts;
    QVector<int> m_cpuCounts;
};
