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

qsizetype LineStore::costOf(const QVector<LinkSpan> &links)
{
    qsizetype cost = 0;
    for (const LinkSpan &link : links)
        cost += qsizetype(sizeof(LinkSpan)) + link.url.size() * 2;
    return cost;
}

void LineStore::append(const StyledLineRef &line)
{
    const qint64 number = endLineNumber();
    if (line.links && !line.links->isEmpty()) {
        m_links[number] = *line.links;
        m_linkBytes += costOf(*line.links);
    }
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
    const auto overBudget = [this] {
        return qsizetype(m_lines.size()) > m_maxLines || m_bytes + m_linkBytes > m_maxBytes;
    };
    if (m_lines.size() > 1 && overBudget()) {
        while (m_lines.size() > 1 && overBudget()) {
            m_bytes -= costOf(m_lines.front());
            m_lines.pop_front();
            ++m_trimmed;
            while (!m_links.empty() && m_links.begin()->first < m_trimmed) {
                m_linkBytes -= costOf(m_links.begin()->second);
                m_links.erase(m_links.begin());
            }
        }
        m_text.releaseBefore(m_trimmed);
        m_spans.releaseBefore(m_trimmed);
    }
}

void LineStore::clear()
{
    m_trimmed += qint64(m_lines.size());
    m_clearedBefore = m_trimmed;
    decltype(m_lines)().swap(m_lines); // its capacity too: a cleared store gives memory back
    m_text.clear();
    m_spans.clear();
    m_links.clear();
    m_bytes = 0;
    m_linkBytes = 0;
}

void LineStore::reset()
{
    clear();
    m_trimmed = 0;
    m_clearedBefore = 0;
}

std::optional<StyledLineRef> LineStore::line(qint64 number) const
{
    if (number < m_trimmed || number >= endLineNumber())
        return std::nullopt;
    const Entry &entry = m_lines[size_t(number - m_trimmed)];
    const auto links = m_links.empty() ? m_links.end() : m_links.find(number);
    return StyledLineRef{QStringView(entry.text, entry.length),
                         SpanList{entry.spans, entry.spanCount},
                         links == m_links.end() ? nullptr : &links->second,
                         entry.channel,
                         entry.truncated,
                         entry.timestampMs};
}
