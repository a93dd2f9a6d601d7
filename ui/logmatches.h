#pragma once

#include "logsearch.h"

#include <QHash>
#include <QPair>
#include <QVector>

#include <optional>

// What a find has found so far, kept two ways: by line, for painting every match of the
// visible rows, and in order, for stepping from one to the next (F3 / Shift+F3) - several on
// one line one by one, wrapping around at either end.
class LogMatches
{
public:
    void clear();
    // Matches in the order the search found them: line by line, each line left to right.
    void add(const QVector<LogMatch> &found);

    int count() const { return int(m_inOrder.size()); }
    bool hasCurrent() const { return m_current >= 0; }
    int current() const { return m_current; } // index in the order found; -1: none yet
    // A line's matches as (start, length) in characters.
    QVector<QPair<int, int>> onLine(qint64 lineNumber) const { return m_byLine.value(lineNumber); }
    // Moves to the next match (the previous one backwards) and returns it; the first step goes
    // to the first (the last). None when nothing was found.
    std::optional<LogMatch> step(bool backwards);

private:
    QHash<qint64, QVector<QPair<int, int>>> m_byLine;
    QVector<LogMatch> m_inOrder;
    int m_current = -1; // index into m_inOrder
};
