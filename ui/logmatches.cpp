#include "logmatches.h"

void LogMatches::clear()
{
    m_byLine.clear();
    m_inOrder.clear();
    m_current = -1;
}

void LogMatches::add(const QVector<LogMatch> &found)
{
    for (const LogMatch &match : found)
        m_byLine[match.line].append({match.start, match.length});
    m_inOrder += found;
}

std::optional<LogMatch> LogMatches::step(bool backwards)
{
    if (m_inOrder.isEmpty())
        return std::nullopt;
    const int count = int(m_inOrder.size());
    m_current = m_current < 0 ? (backwards ? count - 1 : 0)
                              : (m_current + (backwards ? count - 1 : 1)) % count;
    return m_inOrder[m_current];
}
