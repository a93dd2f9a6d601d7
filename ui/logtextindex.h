#pragma once

#include <QtGlobal>

#include <deque>

class OutputLog;

// The view's text as assistive technology reads it - its rows (trim marker, stored lines,
// lines still being written) joined by '\n' - mapped between character offsets and rows
// without ever building that text.
//
// How it scales: the stored lines never change once written, so the index keeps the offset of
// every Stride-th line (by absolute line number) and walks the line lengths between two such
// checkpoints. Memory: 8 bytes per Stride lines (a million lines: 31 KB). Bringing the index up
// to date costs one look at each line once, when it is first asked about after the line came;
// trimming drops checkpoints from the front. A query then costs a binary search over the
// checkpoints plus at most Stride line lengths, however far back the line is. A log read anew
// (LineStore::reset(), another log) is noticed and indexed again from scratch.
class LogTextIndex
{
public:
    static constexpr qint64 Stride = 256;

    // All queries are about this log as it is now (null: no text).
    void setLog(const OutputLog *log);

    qint64 rowCount() const;
    qint64 characterCount() const;
    // Where row 'row' starts (row == rowCount(): one past the end of the text plus one).
    qint64 rowStart(qint64 row) const;
    // The row holding the character at 'offset' (offsets past the end: the last row); -1 when
    // there are no rows.
    qint64 rowAt(qint64 offset) const;

private:
    void sync() const; // brings the checkpoints up to date with the log
    void rebuild() const;
    qint64 lineLength(qint64 lineNumber) const;
    // Offset of stored line n from the index's arbitrary origin, first <= n <= end.
    qint64 lineOffset(qint64 lineNumber) const;
    qint64 markerChars() const; // the marker row with its '\n', 0 when there is none

    const OutputLog *m_log = nullptr;
    // Offsets (from an arbitrary origin) of lines m_base, m_base + Stride, ... (multiples of
    // Stride, all still stored), then the total up to m_end (exclusive).
    mutable std::deque<qint64> m_checkpoints;
    mutable qint64 m_base = 0;
    mutable qint64 m_end = 0;
    mutable qint64 m_endOffset = 0;
    mutable int m_lastLength = -1; // of line m_end - 1: a changed one means the log was reset
};
