#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

// One glob of a file watch, matched against a path relative to the watched directory, with '/'
// between its parts ("src/app/main.cpp"):
// - without a '/' it is matched against the last part, the name, at any depth: "*.cpp" matches
//   "main.cpp" and "src/app/main.cpp";
// - with one it is matched against the whole relative path, from the watched directory:
//   "src/*.h" matches "src/a.h", not "src/x/a.h" nor "lib/src/a.h" (a leading '/' changes
//   nothing, a trailing one is dropped);
// - '*' is any run of characters but '/', '?' one character but '/', "[abc]", "[a-z]" and
//   "[!abc]" a character of (not of) the set, "\x" the character x itself;
// - "**" is any run of characters, '/' too: "**/test/*" is a test directory at any depth, and
//   "build/**" is everything under build - and the directory build itself.
class WatchGlob
{
public:
    // Nothing, with *why, for an empty pattern or an unclosed '['.
    static std::optional<WatchGlob> compile(const QString &pattern, QString *why = nullptr);

    bool matches(const QString &relativePath) const;
    QString pattern() const { return m_pattern; }

private:
    QString m_pattern;
    QRegularExpression m_regex;
    bool m_nameOnly = false;
};

// Include and ignore globs together, as a watch uses them. Ignore wins.
class WatchFilter
{
public:
    // Nothing, with *why naming the bad pattern ("ignore glob \"[a\": ..."), when one is bad.
    static std::optional<WatchFilter> compile(const QStringList &include, const QStringList &ignore,
                                              QString *why = nullptr);

    // Whether a change at relativePath counts: not ignored (nor any directory it is in), and
    // matching an include glob when there are any.
    bool counts(const QString &relativePath) const;
    // Whether the directory at relativePath (and everything in it) is left out: it is not even
    // watched.
    bool prunes(const QString &relativePath) const;

private:
    QList<WatchGlob> m_include;
    QList<WatchGlob> m_ignore;
};
