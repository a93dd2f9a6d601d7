#include "linestore.h"

void LineStore::setLimits(qsizetype maxLines, qsizetype maxBytes)
{
    m_maxLines = qMax<qsizetype>(1, maxLines);
    m_maxBytes = qMax<qsizetype>(1, maxBytes);
}

void LineStore::append(StyledLine &&line)
{
    m_bytes += line.memoryCost();
    m_lines.push_back(std::move(line));
    // Keep at least the newest line, however large: the view must show what just came.
    while (m_lines.size() > 1 && (qsizetype(m_lines.size()) > m_maxLines || m_bytes > m_maxBytes)) {
        m_bytes -= m_lines.front().memoryCost();
        m_lines.pop_front();
        ++m_trimmed;
    }
}

void LineStore::clear()
{
    m_trimmed += qint64(m_lines.size());
    m_lines.clear();
    m_bytes = 0;
}

const StyledLine *LineStore::line(qint64 number) const
{
    if (number < m_trimmed || number >= endLineNumber())
        return nullptr;
    return &m_lines[size_t(number - m_trimmed)];
}
