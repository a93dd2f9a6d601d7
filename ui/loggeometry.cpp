#include "loggeometry.h"

#include <QString>

LogGeometry::LogGeometry(const QFontMetrics &metrics, bool lineNumbers, bool timestamps,
                         qint64 lastLineNumber)
    : charWidth(metrics.horizontalAdvance(QLatin1Char('M')))
    , lineHeight(metrics.lineSpacing())
    , ascent(metrics.ascent())
    , underlinePos(qMax(1, metrics.underlinePos()))
    , lineNumbers(lineNumbers)
    , timestamps(timestamps)
    // At least 7 digits, and as many as the last line's number needs: a flood passes line
    // 100,000,000 in seconds, and its numbers must not run into the text.
    , lineNumberDigits(qMax(7, int(QString::number(lastLineNumber).size())))
    , lineNumberWidth(
          lineNumbers ? metrics.horizontalAdvance(QLatin1Char('0')) * (lineNumberDigits + 1) : 0)
{
    gutterWidth = charWidth + lineNumberWidth; // the stderr bar and padding, then the numbers
    if (timestamps)
        gutterWidth += metrics.horizontalAdvance(QStringLiteral("00:00:00.000 "));
}
