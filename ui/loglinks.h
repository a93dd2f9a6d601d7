#pragma once

#include "sourcelocations.h"
#include "styledline.h"

#include <QString>
#include <QVector>

class SourcePathResolver;

// A link on a line: characters [start, end) open url - or, for a source location, file at
// line and column in the user's editor (url is then the file's file:// URL).
struct LogLink
{
    int start = 0;
    int end = 0;
    QString url;
    QString file; // a source location's existing file, absolute; empty for a URL
    int line = 0;
    int column = 0; // 0: the output named none
    bool isLocation() const { return !file.isEmpty(); }
};

// The links of a line of output, as a terminal user expects them: the line's OSC 8 hyperlinks,
// and http(s)://, ftp:// and file:// URLs written in its text, without the punctuation that
// ends a sentence or a closing bracket that was never opened; and, given a resolver, the
// source locations of SourceLocations whose file exists. Qt Core only.
namespace LogLinks {

// How far either side of the characters asked about URLs in the text are looked for: a URL up
// to this long is always found whole, and a giant line costs this much per frame, not
// megabytes. One reach for painting and for the pointer, so what is underlined is what a
// Ctrl+click opens.
constexpr int Reach = 4096;

// Every OSC 8 link of the line, and the URLs in its text within Reach of characters
// [from, to): at least every link that touches them. In order of the line's OSC 8 links, then
// the URLs from left to right, then the source locations left to right; a URL inside an OSC 8
// link is that link, not another, and a location inside either is not one of its own.
// Locations only with sources, which says which files they name and whether those exist.
QVector<LogLink> find(const StyledLineRef &line, int from, int to,
                      const SourcePathResolver *sources = nullptr);

// The link on the line's character 'index'; an empty one (url empty) if none.
LogLink linkAt(const StyledLineRef &line, int index, const SourcePathResolver *sources = nullptr);

// The link's address on the line's character 'index'; an empty string if none.
QString at(const StyledLineRef &line, int index);

} // namespace LogLinks
