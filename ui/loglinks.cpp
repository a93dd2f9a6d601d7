#include "loglinks.h"

#include "sourcepathresolver.h"

#include <QRegularExpression>
#include <QUrl>

namespace LogLinks {

namespace {

// The locations of the line within Reach of [from, to) whose files exist, beside links.
void addLocations(QVector<LogLink> &links, const StyledLineRef &line, int from, int to,
                  const SourcePathResolver &sources)
{
    const int urls = int(links.size());
    for (const SourceLocation &location : SourceLocations::find(line.text, from, to)) {
        bool inLink = false;
        for (int i = 0; i < urls; ++i)
            inLink = inLink || (location.start < links[i].end && location.end > links[i].start);
        if (inLink)
            continue;
        const QString file = sources.resolve(location.file);
        if (!file.isEmpty())
            links.append({location.start, location.end, QUrl::fromLocalFile(file).toString(), file,
                          location.line, location.column});
    }
}

} // namespace

QVector<LogLink> find(const StyledLineRef &line, int from, int to,
                      const SourcePathResolver *sources)
{
    QVector<LogLink> links;
    if (line.links) {
        for (const LinkSpan &link : *line.links)
            links.append({link.start, link.start + link.length, link.url, QString(), 0, 0});
    }
    const int askedFrom = from;
    const int askedTo = to;
    const int size = int(line.text.size());
    from = qBound(0, qMax(from, Reach) - Reach, size); // no overflow near INT_MIN
    to = qBound(from, qMin(to, INT_MAX - Reach) + Reach, size);
    const QStringView window = line.text.mid(from, to - from);
    if (!window.contains(QLatin1String("://"))) { // nearly always: skip the regular expression
        if (sources)
            addLocations(links, line, askedFrom, askedTo, *sources);
        return links;
    }
    static const QRegularExpression url(QStringLiteral("\\b(?:https?|ftp|file)://[^\\s<>\"'`]+"));
    auto matches = url.globalMatch(window);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        QStringView found = match.capturedView();
        // Sentence punctuation after a URL is not part of it, nor an unopened bracket.
        while (!found.isEmpty()) {
            const QChar last = found.back();
            const bool unopened
                = (last == QLatin1Char(')') && !found.contains(QLatin1Char('(')))
                  || (last == QLatin1Char(']') && !found.contains(QLatin1Char('[')));
            if (!unopened && !QStringView(u".,;:!?'\"").contains(last))
                break;
            found.chop(1);
        }
        const int start = from + int(match.capturedStart());
        const int end = start + int(found.size());
        bool inOsc = false;
        for (const LogLink &link : links)
            inOsc = inOsc || (start < link.end && end > link.start);
        if (!inOsc && end > start + 8) // more than a bare "https://"
            links.append({start, end, found.toString(), QString(), 0, 0});
    }
    if (sources)
        addLocations(links, line, askedFrom, askedTo, *sources);
    return links;
}

LogLink linkAt(const StyledLineRef &line, int index, const SourcePathResolver *sources)
{
    for (const LogLink &link : find(line, index, index + 1, sources)) {
        if (index >= link.start && index < link.end)
            return link;
    }
    return LogLink();
}

QString at(const StyledLineRef &line, int index)
{
    return linkAt(line, index).url;
}

} // namespace LogLinks
