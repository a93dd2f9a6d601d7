#pragma once

#include "usagesample.h"

#include <QByteArray>
#include <QVector>

// A run's usage curve as the history stores it: compact (about 8 bytes a point) and versioned.
//   "TU" 0x01, count, then per point: ms since the previous point, CPU in tenths of a percent
//   + 1, memory in KiB + 1, processes + 1 (0: unknown) - each an unsigned LEB128 varint.
// Reading is strict: anything else (another version, a cut or damaged blob, trailing bytes,
// absurd counts) reads as no samples, never half a curve and never a crash.
namespace UsageSeriesCodec {
constexpr int Version = 1;
constexpr int MaxPoints = 100'000; // far above what a series keeps (UsageSeries::capacity())

QByteArray encode(const QVector<UsageSample> &points);
// The points, oldest first; empty (and *ok false when given) for a blob it cannot read. An
// empty blob is "no samples" too, and ok.
QVector<UsageSample> decode(const QByteArray &blob, bool *ok = nullptr);
} // namespace UsageSeriesCodec
