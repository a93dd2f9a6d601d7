#pragma once

#include <QString>
#include <QStringView>
#include <QVector>

#include <climits>
#include <vector>

// A line as a terminal lays it out, on a grid of equal columns: tabs run to the next multiple
// of TabWidth, East Asian wide characters and emoji take two columns, combining marks and
// zero-width characters none. Everything the view puts on a line - colours, matches, links, the
// selection, wrap breaks - is found by character index and drawn by column, and this is the one
// place that maps between the two. Qt Core only: nothing here draws.
//
// Without tabs or characters from U+0300 on (nearly every line) columns are indices and nothing
// is built. Otherwise the columns are computed once, here; the line is borrowed and must outlive
// this object.
class TextColumns
{
public:
    static constexpr int TabWidth = 8;

    // How many columns a character takes, as terminals count them (after wcwidth's table).
    static int cellWidth(char32_t c);

    TextColumns() = default;
    explicit TextColumns(QStringView line);

    QStringView line() const { return m_line; }
    int width() const { return m_columns.empty() ? int(m_line.size()) : m_columns.back(); }
    // Where the line's character 'index' starts on screen.
    int column(int index) const;
    // The line's character under a screen column (the inverse of column()): the first
    // character of the cell there; the line's length at or past its end.
    int index(int column) const;

    // A piece of what columns [from, to) show, starting at 'column'.
    struct Piece
    {
        int column;
        QString text;
    };
    // What columns [from, to) show, tabs as spaces: runs of one-column characters together, and
    // each wider character on its own, so that it can be drawn exactly on its columns whatever
    // advance the font gives it.
    QVector<Piece> pieces(int from, int to) const;
    // The same as one string: what a screen shows of those columns.
    QString text(int from = 0, int to = INT_MAX) const;

private:
    QStringView m_line;
    // Empty for a simple line; else where each character starts, plus the line's width. A
    // character that takes no column of its own (a combining mark, the low half of a surrogate
    // pair) shares the start of the one before it: together they are one cell group, drawn and
    // selected as a whole.
    std::vector<int> m_columns;
};
