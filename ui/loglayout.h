#pragma once

#include "logrows.h"

#include <QStringView>
#include <QVector>

#include <climits>
#include <vector>

class TextColumns;

// One screen line: columns [startColumn, endColumn) of a row's text as laid out in columns.
struct ScreenLine
{
    qint64 row = 0;
    int startColumn = 0;
    int endColumn = 0;
};

// Where the view's rows fall on screen lines. Unwrapped, a row is one screen line however long
// (the view scrolls sideways); with soft wrap a row takes as many screen lines as its text
// needs at the given width. A value over the rows, made when needed.
class LogLayout
{
public:
    // wrapColumns: the width to wrap at, in columns; 0 for no wrap.
    LogLayout(const LogRows &rows, int wrapColumns);

    bool wraps() const { return m_wrapColumns > 0; }
    int screenLinesOf(qint64 row) const;
    // The screen lines from the top of firstRow on, at most maxLines of them.
    std::vector<ScreenLine> screenLines(qint64 firstRow, int maxLines) const;
    // The top row when scrolled to the bottom of a screen of screenHeight lines: the last row
    // is then the last one on screen (or at the top, when it alone is taller than the screen).
    qint64 lastFirstRow(int screenHeight) const;

    // Where a line's screen lines start when wrapped at 'columns', and its width last: [0, ...,
    // width]. It breaks after its last space or tab that fits, so words stay whole; a word
    // longer than the width is cut between characters. A break never falls inside a cell group
    // (a wide character, a character with its marks, a tab): it moves back to its start.
    // Columns stay the line's own, so a tab still reaches the next multiple of 8 counted from
    // the line's start and everything else on the row lands where it did unwrapped.
    static QVector<int> wrapBreaks(const TextColumns &line, int columns);

private:
    QVector<int> breaksOf(qint64 row) const;

    LogRows m_rows;
    int m_wrapColumns;
};
