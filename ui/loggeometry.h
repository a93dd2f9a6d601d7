#pragma once

#include <QFontMetrics>

// The view's grid in pixels, from its font: cells as wide as an 'M' and a line high, and the
// gutter left of the text - the stderr bar, then line numbers and timestamps when shown. Hit
// testing, scrolling and painting all measure with this one, so a click lands on the column
// that was drawn there.
struct LogGeometry
{
    // lastLineNumber: the largest line number that may be shown, for the numbers' width.
    LogGeometry(const QFontMetrics &metrics, bool lineNumbers, bool timestamps,
                qint64 lastLineNumber);

    int charWidth;
    int lineHeight;
    int ascent;
    int underlinePos;
    bool lineNumbers;
    bool timestamps;
    int lineNumberDigits;
    int lineNumberWidth; // the line numbers' part of the gutter, 0 when hidden
    int gutterWidth;

    // Whole screen lines in a height (at least one).
    int linesIn(int height) const { return qMax(1, height / lineHeight); }
    // The columns soft wrap fills in a width beside the gutter: all but one spare at the right
    // edge, and never fewer than 8.
    int wrapColumnsIn(int width) const { return qMax(8, (width - gutterWidth) / charWidth - 1); }
};
