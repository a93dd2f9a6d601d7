#pragma once

#include <QHash>
#include <QString>

#include <functional>

// Which file a source location's path names, for a run: relative paths against the run's
// working directory, "~/..." in the home directory, absolute ones as they are; and whether it
// is there - only an existing regular file is worth a link. The answers are kept for FreshMs,
// at most CacheSize of them, so painting asks the file system about a path once in a while,
// not every frame, and a file the build creates later still becomes a link. Qt Core.
class SourcePathResolver
{
public:
    static constexpr int CacheSize = 1024;
    static constexpr qint64 FreshMs = 2000;

    // An empty base directory resolves no relative path (absolute and ~ ones still).
    void setBaseDirectory(const QString &directory);
    QString baseDirectory() const { return m_base; }

    // The file's absolute, clean path if it is an existing regular file; empty otherwise.
    QString resolve(const QString &file) const;

    // The clock the answers age by (milliseconds, monotonic); tests set their own.
    void setClock(std::function<qint64()> clock);
    // How many times the file system was asked, for tests of the cache.
    int lookups() const { return m_lookups; }
    int cachedCount() const { return int(m_cache.size()); }

private:
    struct Answer
    {
        QString path; // empty: not a file
        qint64 atMs = 0;
    };
    QString absolute(const QString &file) const;
    qint64 now() const;

    QString m_base;
    std::function<qint64()> m_clock;
    mutable QHash<QString, Answer> m_cache;
    mutable int m_lookups = 0;
};
