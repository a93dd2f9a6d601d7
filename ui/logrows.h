#pragma once

#include "styledline.h"

#include <QCoreApplication>
#include <QString>
#include <QStringView>

class OutputLog;

// One row of the view: a line of output, the trim marker, or nothing (past the end).
struct LogRow
{
    enum Kind { None, Marker, Line };
    Kind kind = None;
    StyledLineRef line;     // a Line's: borrowed from the log, valid until it changes
    qint64 lineNumber = -1; // a Line's number in the log (the first line is 0)
    QString marker;         // the Marker's text

    bool isLine() const { return kind == Line; }
    // What the row shows: the line's text (tabs kept) or the marker's. A view into this row:
    // keep the row while the view is used (a marker's text dies with a temporary row).
    QStringView text() const { return kind == Line ? line.text : QStringView(marker); }
};

// An OutputLog as the view's rows, top to bottom: when older lines were trimmed, a marker row
// saying so; then the stored lines; then the lines still being written. The one place that knows
// this order, so the scroll bar, painting, selection and find agree on what row N is. A value
// over a borrowed log (which may be null: no rows).
class LogRows
{
    Q_DECLARE_TR_FUNCTIONS(LogRows)
public:
    explicit LogRows(const OutputLog *log)
        : m_log(log)
    {}

    qint64 count() const;
    LogRow at(qint64 row) const;
    bool hasMarker() const;
    // The row that shows a log line, or -1 when it is no longer in memory.
    qint64 rowOf(qint64 lineNumber) const;
    // The largest line number shown, counting from 1 (for the gutter's width).
    qint64 lastLineNumber() const;
    // The longest stored line, in characters (for the horizontal scroll range).
    int longestLineLength() const;

private:
    const OutputLog *m_log;
};
