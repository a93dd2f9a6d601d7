#pragma once

#include "styledline.h"

#include <deque>

// The in-memory scrollback of one run: lines numbered from 0 since the run began, bounded by a
// line count and a byte budget. When full, the oldest lines go; trimmedLines() says how many,
// so the view can say that they are no longer in memory (the log file still has them).
class LineStore
{
public:
    static constexpr qsizetype DefaultMaxLines = 1'000'000;
    // Counted as text and spans; allocator overhead comes on top, so 64 MB keeps a run at
    // roughly 100 MB of real memory.
    static constexpr qsizetype DefaultMaxBytes = 64 * 1024 * 1024;

    void setLimits(qsizetype maxLines, qsizetype maxBytes);
    void append(StyledLine &&line);
    void clear();

    // Line numbers run from firstLineNumber() to endLineNumber() - 1.
    qint64 firstLineNumber() const { return m_trimmed; }
    qint64 endLineNumber() const { return m_trimmed + qint64(m_lines.size()); }
    qint64 trimmedLines() const { return m_trimmed; }
    qsizetype lineCount() const { return qsizetype(m_lines.size()); }
    qsizetype memoryBytes() const { return m_bytes; }
    // nullptr when the number is trimmed or not yet written.
    const StyledLine *line(qint64 number) const;

private:
    std::deque<StyledLine> m_lines;
    qint64 m_trimmed = 0;
    qsizetype m_bytes = 0;
    qsizetype m_maxLines = DefaultMaxLines;
    qsizetype m_maxBytes = DefaultMaxBytes;
};
