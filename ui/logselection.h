#pragma once

#include <QPair>
#include <QString>

class LogRows;

// A place in the view: a row and a screen column on it (tabs and wide characters counted as
// they are drawn, not as characters).
struct LogPosition
{
    qint64 row = -1;
    int column = 0;
    bool operator<(const LogPosition &o) const
    {
        return row < o.row || (row == o.row && column < o.column);
    }
};

// What the user selected: from where it started (the press, a find match's start) to where it
// ends now, in either order. Kept in screen columns, so that it is drawn exactly where the
// pointer went; turned back into the lines' own text (tabs kept) only when copied.
class LogSelection
{
public:
    void clear() { m_start = m_end = LogPosition(); }
    void startAt(const LogPosition &at) { m_start = m_end = at; }
    void extendTo(const LogPosition &at) { m_end = at; }

    LogPosition from() const { return qMin(m_start, m_end); }
    LogPosition to() const { return qMax(m_start, m_end); }
    bool isEmpty() const { return from().row < 0 || !(from() < to()); }

    // The columns selected on a row as [first, second), empty when none. A row selected
    // through its end gets one column past its text, so the line break shows as selected.
    QPair<int, int> columnsOn(qint64 row, int rowWidth) const;
    // The selected text: each row's own characters (tabs as tabs), rows joined by newlines.
    QString text(const LogRows &rows) const;

private:
    LogPosition m_start;
    LogPosition m_end;
};
