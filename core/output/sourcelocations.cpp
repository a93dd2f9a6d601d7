#include "sourcelocations.h"

#include <QRegularExpression>

#include <algorithm>
#include <climits>

namespace SourceLocations {

namespace {

// A line or column number a tool prints: 1 to 9 digits (no overflow, no giant "numbers").
int number(QStringView digits)
{
    bool ok = false;
    const int n = digits.isEmpty() || digits.size() > 9 ? 0 : digits.toInt(&ok);
    return ok ? n : 0;
}

// Extensions of host names rather than files: "example.com:8080" is an address.
bool isHostSuffix(QStringView extension)
{
    static const QStringList hosts
        = {QStringLiteral("com"), QStringLiteral("org"),      QStringLiteral("net"),
           QStringLiteral("edu"), QStringLiteral("gov"),      QStringLiteral("local"),
           QStringLiteral("lan"), QStringLiteral("internal"), QStringLiteral("localhost")};
    for (const QString &host : hosts)
        if (extension.compare(host, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// Whether a word before ":line" is a path: it has a letter (not "12:30", "3/4:5"), and a
// directory separator or a file extension (a dot then a letter: not "1.5:3"), or it is one of
// the build files that have neither.
bool looksLikePath(QStringView path)
{
    bool letter = false;
    for (const QChar c : path)
        letter = letter || c.isLetter();
    if (!letter)
        return false;
    if (path.contains(u'/'))
        return !path.startsWith(QLatin1String("//")); // "//host:80" is an address
    const qsizetype dot = path.lastIndexOf(u'.');
    if (dot > 0 && dot + 1 < path.size() && path.at(dot + 1).isLetter())
        return !isHostSuffix(path.mid(dot + 1));
    static const QStringList buildFiles
        = {QStringLiteral("Makefile"),      QStringLiteral("makefile"),
           QStringLiteral("GNUmakefile"),   QStringLiteral("Dockerfile"),
           QStringLiteral("Containerfile"), QStringLiteral("Justfile"),
           QStringLiteral("justfile"),      QStringLiteral("Rakefile")};
    return buildFiles.contains(path);
}

} // namespace

QVector<SourceLocation> find(QStringView text, int from, int to)
{
    QVector<SourceLocation> found;
    const int size = int(text.size());
    from = qBound(0, qMax(from, Reach) - Reach, size); // no overflow near INT_MIN
    to = qBound(from, qMin(to, INT_MAX - Reach) + Reach, size);
    const QStringView window = text.mid(from, to - from);
    if (!window.contains(u':') && !window.contains(QLatin1String(" line ")))
        return found; // nearly always for plain output: skip the expressions

    // URLs, whose ":8080/x.c:3" is theirs: a location overlapping one is not a location.
    QVector<QPair<int, int>> urls;
    if (window.contains(QLatin1String("://"))) {
        static const QRegularExpression url(QStringLiteral("\\b[A-Za-z][\\w+.-]*://\\S*"));
        auto matches = url.globalMatch(window);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            urls.append({int(match.capturedStart()), int(match.capturedEnd())});
        }
    }
    const auto add = [&](int start, int end, QStringView file, int line, int column) {
        for (const auto &[urlStart, urlEnd] : std::as_const(urls))
            if (start < urlEnd && end > urlStart)
                return;
        if (line > 0)
            found.append({from + start, from + end, file.toString(), line, column});
    };

    // The line as a word: Python's tracebacks (the path quoted: it may have spaces), a shell
    // script's errors ("./build.sh: line 3: x: command not found"), Perl's ("at t.pl line 1.").
    if (window.contains(QLatin1String(" line "))) {
        static const QRegularExpression worded(
            QStringLiteral("\\bFile \"([^\"]+)\", line (\\d+)"
                           "|(?<![\\w.~/+\\-@:])(~?[\\w.~/+\\-@]+): line (\\d+):"
                           "|\\bat (~?[\\w.~/+\\-@]+) line (\\d+)\\b"));
        auto matches = worded.globalMatch(window);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            for (int path = 1; path <= 5; path += 2) {
                const QStringView file = match.capturedView(path);
                if (file.isEmpty() || (path > 1 && !looksLikePath(file)))
                    continue;
                add(int(match.capturedStart(path)), int(match.capturedEnd(path)), file,
                    number(match.capturedView(path + 1)), 0);
            }
        }
    }

    // path:line[:column], the path a word of its own: not glued after a letter, a dot, a
    // slash or a colon ("node:internal/x:3", "a::b:3"), the numbers not running on into a
    // word ("a.c:12abc", "x.c:1.5").
    static const QRegularExpression pathLine(QStringLiteral(
        "(?<![\\w.~/+\\-@:])(~?[\\w.~/+\\-@]+):(\\d+)(?::(\\d+))?(?!\\.\\d)(?!\\w)"));
    auto matches = pathLine.globalMatch(window);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        const QStringView path = match.capturedView(1);
        if (!looksLikePath(path))
            continue;
        add(int(match.capturedStart(1)), int(match.capturedEnd()), path,
            number(match.capturedView(2)), number(match.capturedView(3)));
    }
    std::sort(found.begin(), found.end(),
              [](const SourceLocation &a, const SourceLocation &b) { return a.start < b.start; });
    return found;
}

} // namespace SourceLocations
