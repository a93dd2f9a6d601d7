#pragma once

#include "outputchannel.h"
#include "textstyle.h"

#include <QString>
#include <QStringView>
#include <QVector>

// A run of characters sharing one style.
struct StyleSpan
{
    int start = 0;
    int length = 0;
    TextStyle style;
};

// A run of characters that is a hyperlink (OSC 8: ESC ] 8 ; params ; URL ST ... ESC ] 8 ; ; ST).
struct LinkSpan
{
    int start = 0;
    int length = 0;
    QString url;
};

// A borrowed, read-only list of spans (a pointer and a count): what the store and the parser
// hand out without copying.
struct SpanList
{
    const StyleSpan *data = nullptr;
    int count = 0;

    const StyleSpan *begin() const { return data; }
    const StyleSpan *end() const { return data + count; }
    int size() const { return count; }
    bool isEmpty() const { return count == 0; }
    const StyleSpan &operator[](int i) const { return data[i]; }
};

// A line of output borrowed from its owner (the line store or the parser): valid until that
// owner changes. Text has tabs kept, escapes consumed, and invalid bytes and control characters
// already turned into visible glyphs; spans cover only the styled parts.
struct StyledLineRef
{
    QStringView text;
    SpanList spans;
    const QVector<LinkSpan> *links = nullptr; // null when the line has none (nearly always)
    OutputChannel channel = OutputChannel::Stdout;
    bool truncated = false; // the line was longer than the cap; the log file has all of it
    qint64 timestampMs = 0; // msecs since epoch when the line was completed
};

// One line of output that owns its text and spans (notes, partial lines, tests).
struct StyledLine
{
    QString text;
    QVector<StyleSpan> spans;
    OutputChannel channel = OutputChannel::Stdout;
    bool truncated = false;
    qint64 timestampMs = 0;
    QVector<LinkSpan> links;

    static StyledLine fromRef(const StyledLineRef &ref)
    {
        return {ref.text.toString(), QVector<StyleSpan>(ref.spans.begin(), ref.spans.end()),
                ref.channel,         ref.truncated,
                ref.timestampMs,     ref.links ? *ref.links : QVector<LinkSpan>()};
    }
    StyledLineRef ref() const
    {
        return {QStringView(text),
                SpanList{spans.constData(), int(spans.size())},
                links.isEmpty() ? nullptr : &links,
                channel,
                truncated,
                timestampMs};
    }
};
