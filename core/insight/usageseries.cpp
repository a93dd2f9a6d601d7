#include "usageseries.h"

#include <algorithm>

namespace {
template <typename T>
std::optional<T> maxOf(const std::optional<T> &a, const std::optional<T> &b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

// later merged into earlier; weights are the samples that knew the CPU on each side.
void merge(UsageSample &earlier, int &earlierCpuCount, const UsageSample &later, int laterCpuCount)
{
    if (later.cpuPercent) {
        const double sum = earlier.cpuPercent.value_or(0.0) * earlierCpuCount
                           + *later.cpuPercent * laterCpuCount;
        earlierCpuCount += laterCpuCount;
        earlier.cpuPercent = sum / earlierCpuCount;
    }
    earlier.memoryBytes = maxOf(earlier.memoryBytes, later.memoryBytes);
    earlier.processes = maxOf(earlier.processes, later.processes);
    earlier.msSinceStart = later.msSinceStart; // a point ends at its newest sample
}
} // namespace

UsageSeries::UsageSeries(int capacity)
    : m_capacity(std::max(capacity, MinCapacity) & ~1) // even: the points after the first pair up
{}

UsageSeries UsageSeries::fromPoints(const QVector<UsageSample> &points, int capacity)
{
    UsageSeries series(std::max(capacity, int(points.size()) + 2));
    for (const UsageSample &point : points)
        series.append(point);
    return series;
}

bool UsageSeries::append(const UsageSample &sample)
{
    if (!m_points.isEmpty() && sample.msSinceStart <= m_points.constLast().msSinceStart)
        return false;
    ++m_samples;
    const int cpuCount = sample.cpuPercent ? 1 : 0;
    // The last point takes samples until it stands for a full stride (never the first point:
    // the start stays where it was).
    if (m_points.size() > 1 && m_counts.constLast() < m_stride) {
        merge(m_points.last(), m_cpuCounts.last(), sample, cpuCount);
        ++m_counts.last();
        return true;
    }
    if (m_points.size() == m_capacity) {
        halve();
        if (m_counts.constLast() < m_stride) { // the odd one out, at the end: it takes this one
            merge(m_points.last(), m_cpuCounts.last(), sample, cpuCount);
            ++m_counts.last();
            return true;
        }
    }
    m_points.append(sample);
    m_counts.append(1);
    m_cpuCounts.append(cpuCount);
    return true;
}

// Points 1-2, 3-4, ... become one each and the first stays the start. With an even capacity the
// last point has no partner: it stands for half the new stride and takes the next samples.
void UsageSeries::halve()
{
    QVector<UsageSample> points;
    QVector<int> counts;
    QVector<int> cpuCounts;
    points.reserve(m_capacity);
    counts.reserve(m_capacity);
    cpuCounts.reserve(m_capacity);
    points.append(m_points.constFirst());
    counts.append(m_counts.constFirst());
    cpuCounts.append(m_cpuCounts.constFirst());
    for (int i = 1; i < m_points.size(); i += 2) {
        UsageSample point = m_points.at(i);
        int count = m_counts.at(i);
        int cpuCount = m_cpuCounts.at(i);
        if (i + 1 < m_points.size()) {
            merge(point, cpuCount, m_points.at(i + 1), m_cpuCounts.at(i + 1));
            count += m_counts.at(i + 1);
        }
        points.append(point);
        counts.append(count);
        cpuCounts.append(cpuCount);
    }
    m_points = std::move(points);
    m_counts = std::move(counts);
    m_cpuCounts = std::move(cpuCounts);
    m_stride *= 2;
}

int UsageSeries::cpuPeakIndex() const
{
    int best = -1;
    for (int i = 0; i < m_points.size(); ++i) {
        const auto &cpu = m_points.at(i).cpuPercent;
        if (cpu && (best < 0 || *cpu > *m_points.at(best).cpuPercent))
            best = i;
    }
    return best;
}

int UsageSeries::memoryPeakIndex() const
{
    int best = -1;
    for (int i = 0; i < m_points.size(); ++i) {
        const auto &memory = m_points.at(i).memoryBytes;
        if (memory && (best < 0 || *memory > *m_points.at(best).memoryBytes))
            best = i;
    }
    return best;
}
