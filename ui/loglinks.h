#pragma once

#include "styledline.h"

#include <QString>
#include <QVector>

// A link on a line: characters [start, end) open url.
struct LogLink
{
    int start = 0;
    int end = 0;
    QString url;
};

// The links of a line of output, as a terminal user expects them: the line's OSC 8 hyperlinks,
// and http(s)://, ftp:// and file:// URLs written in its text, without the punctuation that
// ends a sentence or a closing bracket that was never opened. Qt Core only.
namespace LogLinks {

// How far either side of the characters asked about URLs in the text are looked for: a URL up
// to this long is always found whole, and a giant line costs this much per frame, not
// megabytes. One reach for painting and for the pointer, so what is underlined is what a
// Ctrl+click opens.
constexpr int Reach = 4096;

// Every OSC 8 link of the line, and the URLs in its text within Reach of characters
// [from, to): at least every link that touches them. In order of the line's OSC 8 links, then
// the URLs from left to right; a URL inside an OSC 8 link is that link, not another.
QVector<LogLink> find(const StyledLineRef &line, int from, int to);

// The link on the line's character 'index'; an empty string if none.
QString at(const StyledLineRef &line, int index);

} // namespace LogLinks
