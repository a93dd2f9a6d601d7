#pragma once

#include "blockarena.h"
#include "styledline.h"

#include <deque>
#include <map>
#include <optional>

// The in-memory scrollback of one run: lines numbered from 0 since the run began, bounded by a
// line count and a byte budget. When full, the oldest lines go; trimmedLines() says how many,
// so the view can say that they are no longer in memory (the log file still has them). Lines the
// user cleared are gone on purpose: they are not counted as trimmed, and numbering goes on.
//
// Text and spans live in large blocks (BlockArena), not in an allocation per line: appending a
// line is two copies and no malloc, which is what lets a run take in millions of lines a second.
class LineStore
{
public:
    static constexpr qsizetype DefaultMaxLines = 1'000'000;
    // Counted as text (2 bytes a character), spans and per-line entries; with the blocks' slack
    // and the allocator on top, 64 MB keeps a run at well under 100 MB of real memory.
    static constexpr qsizetype DefaultMaxBytes = 64 * 1024 * 1024;

    LineStore();

    void setLimits(qsizetype maxLines, qsizetype maxBytes);
    void append(const StyledLineRef &line);
    void append(const StyledLine &line) { append(line.ref()); }
    // Forgets every line (the user's Clear): numbering goes on, and trimmedLines() starts again
    // from 0, as nothing was lost that the user did not ask to drop.
    void clear();
    // clear(), and numbering starts again at 0: the store is filled anew (read back from a log
    // file), not cut, so there are no earlier lines to count.
    void reset();

    // Line numbers run from firstLineNumber() to endLineNumber() - 1.
    qint64 firstLineNumber() const { return m_trimmed; }
    qint64 endLineNumber() const { return m_trimmed + qint64(m_lines.size()); }
    // Lines dropped for the budget since the last clear() (the view's "no longer in memory").
    qint64 trimmedLines() const { return m_trimmed - m_clearedBefore; }
    qsizetype lineCount() const { return qsizetype(m_lines.size()); }
    qsizetype memoryBytes() const { return m_bytes + m_linkBytes; }
    // The longest line ever stored, in characters (for the view's horizontal range).
    int longestLineLength() const { return m_longest; }
    // Empty when the number is trimmed or not yet written. Valid until the next append.
    std::optional<StyledLineRef> line(qint64 number) const;

private:
    struct Entry
    {
        const char16_t *text;
        const StyleSpan *spans;
        qint64 timestampMs;
        int length;
        int spanCount;
        OutputChannel channel;
        bool truncated;
    };
    static qsizetype costOf(const Entry &entry);
    static qsizetype costOf(const QVector<LinkSpan> &links);

    std::deque<Entry> m_lines;
    // Links are rare: kept by line number, beside the blocks, and counted in the budget too.
    std::map<qint64, QVector<LinkSpan>> m_links;
    qsizetype m_linkBytes = 0;
    BlockArena<char16_t> m_text;
    BlockArena<StyleSpan> m_spans;
    qint64 m_trimmed = 0;       // the first stored line's number
    qint64 m_clearedBefore = 0; // lines below this number were cleared, not trimmed
    qsizetype m_bytes = 0;
    int m_longest = 0;
    qsizetype m_maxLines = DefaultMaxLines;
    qsizetype m_maxBytes = DefaultMaxBytes;
};
