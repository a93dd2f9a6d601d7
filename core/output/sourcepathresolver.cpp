#include "sourcepathresolver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

void SourcePathResolver::setBaseDirectory(const QString &directory)
{
    if (directory == m_base)
        return;
    m_base = directory;
    m_cache.clear(); // relative answers were against the other directory
}

void SourcePathResolver::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    m_cache.clear();
}

qint64 SourcePathResolver::now() const
{
    if (m_clock)
        return m_clock();
    static const QElapsedTimer monotonic = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return monotonic.elapsed();
}

QString SourcePathResolver::absolute(const QString &file) const
{
    if (file == QLatin1String("~") || file.startsWith(QLatin1String("~/")))
        return QDir::cleanPath(QDir::homePath() + file.mid(1));
    if (QDir::isAbsolutePath(file))
        return QDir::cleanPath(file);
    if (m_base.isEmpty())
        return QString();
    QString base = m_base;
    if (base == QLatin1String("~") || base.startsWith(QLatin1String("~/")))
        base = QDir::homePath() + base.mid(1);
    return QDir::cleanPath(QDir(base).absoluteFilePath(file)); // a relative base: from ours
}

QString SourcePathResolver::resolve(const QString &file) const
{
    if (file.isEmpty())
        return QString();
    const qint64 at = now();
    const auto cached = m_cache.constFind(file);
    if (cached != m_cache.constEnd() && at - cached->atMs < FreshMs)
        return cached->path;
    if (m_cache.size() >= CacheSize) // bounded: a log of a million paths forgets, not grows
        m_cache.clear();
    QString path = absolute(file);
    if (!path.isEmpty()) {
        ++m_lookups;
        if (!QFileInfo(path).isFile())
            path.clear();
    }
    m_cache.insert(file, {path, at});
    return path;
}
