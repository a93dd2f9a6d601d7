#include "linestore.h"

namespace {
constexpr qsizetype TextBlockChars = 256 * 1024; // 512 KB blocks
constexpr qsizetype SpanBlockCount = 8 * 1024;
} // namespace

LineStore::LineStore()
    : m_text(TextBlockChars)
    , m_spans(SpanBlockCount)
{}

void LineStore::setLimits(qsizetype maxLines, qsizetype maxBytes)
{
    m_maxLines = qMax<qsizetype>(1, maxLines);
    m_maxBytes = qMax<qsizetype>(1, maxBytes);
}

qsizetype LineStore::costOf(const Entry &entry)
{
    return qsizetype(sizeof(Entry)) + qsizetype(entry.length) * 2
           + qsizetype(entry.spanCount) * qsizetype(sizeof(StyleSpan));
}

void LineStore::append(const StyledLineRef &line)
{
    const qint64 number = endLineNumber();
    Entry entry;
    entry.text = m_text.append(reinterpret_cast<const char16_t *>(line.text.utf16()),
                               line.text.size(), number);
    entry.spans = m_spans.append(line.spans.data, line.spans.size(), number);
    entry.timestampMs = line.timestampMs;
    entry.length = int(line.text.size());
    entry.spanCount = line.spans.size();
    entry.channel = line.channel;
    entry.truncated = line.truncated;
    m_bytes += costOf(entry);
    m_longest = qMax(m_longest, entry.length);
    m_lines.push_back(entry);
    // Keep at least the newest line, however large: the view must show what just came.
    if (m_lines.size() > 1 && (qsizetype(m_lines.size()) > m_maxLines || m_bytes > m_maxBytes)) {
        while (m_lines.size() > 1
               && (qsizetype(m_lines.size()) > m_maxLines || m_bytes > m_maxBytes)) {
            m_bytes -= costOf(m_lines.front());
            m_lines.pop_front();
            ++m_trimmed;
        }
        m_text.releaseBefore(m_trimmed);
        m_spans.releaseBefore(m_trimmed);
    }
}

void LineStore::clear()
{
    m_trimmed += qint64(m_lines.size());
    m_lines.clear();
    m_text.clear();
    m_spans.clear();
    m_bytes = 0;
}

std::optional<StyledLineRef> LineStore::line(qint64 number) const
{
    if (number < m_trimmed || number >= endLineNumber())
        return std::nullopt;
    const Entry &entry = m_lines[size_t(number - m_trimmed)];
    return StyledLineRef{QStringView(entry.text, entry.length),
                         SpanList{entry.spans, entry.spanCount}, entry.channel, entry.truncated,
                         entry.timestampMs};
}
