#pragma once

#include "outputchannel.h"
#include "textstyle.h"

#include <QString>
#include <QVector>

// A run of characters sharing one style.
struct StyleSpan
{
    int start = 0;
    int length = 0;
    TextStyle style;
};

// One line of output as the view shows it: text (tabs kept; escapes consumed; invalid bytes
// and control characters already turned into visible glyphs) and its styled spans. Spans
// cover only the styled parts; the rest is the default style.
struct StyledLine
{
    QString text;
    QVector<StyleSpan> spans;
    OutputChannel channel = OutputChannel::Stdout;
    bool truncated = false; // the line was longer than the cap; the log file has all of it
    qint64 timestampMs = 0; // msecs since epoch when the line was completed

    // A rough count of the memory the line holds, for the scrollback's byte budget.
    qsizetype memoryCost() const
    {
        return qsizetype(sizeof(StyledLine)) + text.size() * 2
               + spans.size() * qsizetype(sizeof(StyleSpan));
    }
};
