#include "watchglob.h"

namespace {

// The regular expression of a glob (without anchors); false with *why at an unclosed '['.
bool translate(const QString &glob, QString *regex, QString *why)
{
    QString &out = *regex;
    const qsizetype n = glob.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < n && glob.at(i + 1) == QLatin1Char('*')) {
                const bool atPartStart = i == 0 || glob.at(i - 1) == QLatin1Char('/');
                if (atPartStart && i + 2 < n && glob.at(i + 2) == QLatin1Char('/')) {
                    out += QLatin1String("(?:.*/)?"); // "**/": no directory, or any
                    i += 2;
                } else {
                    out += QLatin1String(".*");
                    i += 1;
                }
            } else {
                out += QLatin1String("[^/]*");
            }
        } else if (c == QLatin1Char('/') && i + 3 == n && glob.mid(i + 1) == QLatin1String("**")) {
            out += QLatin1String("(?:/.*)?"); // "/**" at the end: the directory, or anything in it
            i += 2;
        } else if (c == QLatin1Char('?')) {
            out += QLatin1String("[^/]");
        } else if (c == QLatin1Char('[')) {
            qsizetype j = i + 1;
            QString set;
            if (j < n && (glob.at(j) == QLatin1Char('!') || glob.at(j) == QLatin1Char('^'))) {
                set += QLatin1Char('^');
                ++j;
            }
            const qsizetype first = j;
            for (; j < n && (glob.at(j) != QLatin1Char(']') || j == first); ++j) {
                const QChar s = glob.at(j);
                if (s == QLatin1Char('\\') || s == QLatin1Char('[') || s == QLatin1Char(']')
                    || (s == QLatin1Char('^') && j == first))
                    set += QLatin1Char('\\');
                set += s;
            }
            if (j >= n) {
                if (why)
                    *why = QStringLiteral("'[' at %1 is not closed by ']'").arg(i + 1);
                return false;
            }
            out += QLatin1Char('[') + set + QLatin1Char(']');
            i = j;
        } else if (c == QLatin1Char('\\') && i + 1 < n) {
            out += QRegularExpression::escape(glob.at(++i));
        } else {
            out += QRegularExpression::escape(c);
        }
    }
    return true;
}

QString lastPart(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}

} // namespace

std::optional<WatchGlob> WatchGlob::compile(const QString &pattern, QString *why)
{
    QString glob = pattern;
    while (glob.size() > 1 && glob.endsWith(QLatin1Char('/')))
        glob.chop(1);
    if (glob.startsWith(QLatin1Char('/')))
        glob.remove(0, 1);
    if (glob.trimmed().isEmpty()) {
        if (why)
            *why = QStringLiteral("it is empty");
        return std::nullopt;
    }
    WatchGlob compiled;
    compiled.m_pattern = pattern;
    compiled.m_nameOnly = !glob.contains(QLatin1Char('/'));
    QString regex;
    if (!translate(glob, &regex, why))
        return std::nullopt;
    compiled.m_regex.setPattern(QStringLiteral("\\A(?:%1)\\z").arg(regex));
    compiled.m_regex.optimize();
    if (!compiled.m_regex.isValid()) {
        if (why)
            *why = compiled.m_regex.errorString();
        return std::nullopt;
    }
    return compiled;
}

bool WatchGlob::matches(const QString &relativePath) const
{
    return m_regex.match(m_nameOnly ? lastPart(relativePath) : relativePath).hasMatch();
}

std::optional<WatchFilter> WatchFilter::compile(const QStringList &include,
                                                const QStringList &ignore, QString *why)
{
    WatchFilter filter;
    const auto add = [why](const QStringList &patterns, QList<WatchGlob> *into, const char *kind) {
        for (const QString &pattern : patterns) {
            QString reason;
            const std::optional<WatchGlob> glob = WatchGlob::compile(pattern, &reason);
            if (!glob) {
                if (why)
                    *why = QStringLiteral("%1 glob \"%2\": %3")
                               .arg(QLatin1String(kind), pattern, reason);
                return false;
            }
            into->append(*glob);
        }
        return true;
    };
    if (!add(include, &filter.m_include, "include") || !add(ignore, &filter.m_ignore, "ignore"))
        return std::nullopt;
    return filter;
}

bool WatchFilter::prunes(const QString &relativePath) const
{
    for (const WatchGlob &glob : m_ignore) {
        if (glob.matches(relativePath))
            return true;
    }
    return false;
}

bool WatchFilter::counts(const QString &relativePath) const
{
    // Ignored itself, or inside an ignored directory (a file root's parent is never pruned).
    for (qsizetype slash = relativePath.indexOf(QLatin1Char('/')); slash > 0;
         slash = relativePath.indexOf(QLatin1Char('/'), slash + 1)) {
        if (prunes(relativePath.left(slash)))
            return false;
    }
    if (prunes(relativePath))
        return false;
    if (m_include.isEmpty())
        return true;
    for (const WatchGlob &glob : m_include) {
        if (glob.matches(relativePath))
            return true;
    }
    return false;
}
