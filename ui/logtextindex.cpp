#include "logtextindex.h"

#include "logrows.h"
#include "outputlog.h"

#include <algorithm>

void LogTextIndex::setLog(const OutputLog *log)
{
    if (log == m_log)
        return;
    m_log = log;
    rebuild();
}

qint64 LogTextIndex::lineLength(qint64 lineNumber) const
{
    const auto line = m_log->store().line(lineNumber);
    return line ? line->text.size() : 0;
}

void LogTextIndex::rebuild() const
{
    m_checkpoints.clear();
    m_end = m_log ? m_log->store().firstLineNumber() : 0;
    m_base = m_end;
    m_endOffset = 0;
    m_lastLength = -1;
}

void LogTextIndex::sync() const
{
    if (!m_log)
        return;
    const LineStore &store = m_log->store();
    const qint64 first = store.firstLineNumber();
    const qint64 end = store.endLineNumber();
    // Lines never change once stored: a store that shrank, or whose last indexed line is no
    // longer the one indexed, was read anew.
    if (end < m_end || first > m_end
        || (m_end > first && m_lastLength >= 0 && lineLength(m_end - 1) != m_lastLength))
        rebuild();
    // Trimmed: checkpoints of lines no longer stored are useless.
    while (!m_checkpoints.empty() && m_base < first) {
        m_checkpoints.pop_front();
        m_base += Stride;
    }
    for (qint64 line = m_end; line < end; ++line) {
        if (line % Stride == 0) {
            if (m_checkpoints.empty())
                m_base = line;
            m_checkpoints.push_back(m_endOffset);
        }
        m_endOffset += lineLength(line) + 1;
    }
    if (end > m_end)
        m_lastLength = int(lineLength(end - 1));
    m_end = end;
}

qint64 LogTextIndex::lineOffset(qint64 lineNumber) const
{
    // From the first checkpoint at or after the line, back over at most Stride lines; or back
    // from the end when none follows it.
    const qint64 count = qint64(m_checkpoints.size());
    qint64 k = count > 0 ? std::max<qint64>(0, (lineNumber - m_base + Stride - 1) / Stride) : 0;
    qint64 at = m_end;
    qint64 offset = m_endOffset;
    if (count > 0 && k < count) {
        at = m_base + k * Stride;
        offset = m_checkpoints[size_t(k)];
    }
    for (qint64 line = lineNumber; line < at; ++line)
        offset -= lineLength(line) + 1;
    return offset;
}

qint64 LogTextIndex::markerChars() const
{
    const LogRows rows(m_log);
    return rows.hasMarker() ? rows.at(0).text().size() + 1 : 0;
}

qint64 LogTextIndex::rowCount() const
{
    return LogRows(m_log).count();
}

qint64 LogTextIndex::rowStart(qint64 row) const
{
    if (!m_log || row <= 0)
        return 0;
    sync();
    const LogRows rows(m_log);
    const LineStore &store = m_log->store();
    const qint64 markerRows = rows.hasMarker() ? 1 : 0;
    const qint64 firstOffset = lineOffset(store.firstLineNumber());
    const qint64 stored = row - markerRows; // lines of the store before the row
    if (stored <= store.lineCount())
        return markerChars() + lineOffset(store.firstLineNumber() + stored) - firstOffset;
    // Among the lines still being written: a few, walked.
    qint64 offset = markerChars() + m_endOffset - firstOffset;
    for (qint64 r = markerRows + store.lineCount(); r < row; ++r)
        offset += rows.at(r).text().size() + 1;
    return offset;
}

qint64 LogTextIndex::characterCount() const
{
    const qint64 rows = rowCount();
    return rows > 0 ? rowStart(rows) - 1 : 0;
}

qint64 LogTextIndex::rowAt(qint64 offset) const
{
    const qint64 rows = rowCount();
    if (rows == 0)
        return -1;
    if (offset <= 0)
        return 0;
    sync();
    const LogRows content(m_log);
    const LineStore &store = m_log->store();
    const qint64 markerRows = content.hasMarker() ? 1 : 0;
    const qint64 marker = markerChars();
    if (offset < marker)
        return 0;
    const qint64 firstOffset = lineOffset(store.firstLineNumber());
    const qint64 target = offset - marker + firstOffset; // in the index's own offsets
    if (target < m_endOffset && store.lineCount() > 0) {
        // The last checkpoint at or before the target, then forward line by line.
        qint64 line = store.firstLineNumber();
        qint64 at = firstOffset;
        const auto after = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), target);
        if (after != m_checkpoints.begin()) {
            const qint64 k = qint64(after - m_checkpoints.begin()) - 1;
            if (m_base + k * Stride > line) {
                line = m_base + k * Stride;
                at = m_checkpoints[size_t(k)];
            }
        }
        while (line + 1 < m_end && at + lineLength(line) + 1 <= target) {
            at += lineLength(line) + 1;
            ++line;
        }
        return markerRows + line - store.firstLineNumber();
    }
    // The lines still being written.
    qint64 at = marker + m_endOffset - firstOffset;
    qint64 row = markerRows + store.lineCount();
    while (row + 1 < rows && at + content.at(row).text().size() + 1 <= offset) {
        at += content.at(row).text().size() + 1;
        ++row;
    }
    return std::min(row, rows - 1);
}
