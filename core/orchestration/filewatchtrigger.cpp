#include "filewatchtrigger.h"

FileWatchTrigger::FileWatchTrigger(const TaskWatch &watch, const QString &baseDirectory,
                                   QObject *parent)
    : QObject(parent)
    , m_watch(watch)
    , m_debouncer(watch.debounceMs)
{
    for (const QString &path : watch.paths)
        m_paths.append(resolveWatchPath(path, baseDirectory));
    connect(&m_watcher, &FileWatcher::problemChanged, this, &FileWatchTrigger::problemChanged);
    connect(&m_watcher, &FileWatcher::changed, this, [this](const QString &path) {
        if (m_burstCount++ == 0)
            m_burstFirst = path;
        m_debouncer.poke();
    });
    connect(&m_debouncer, &Debouncer::fired, this, [this] {
        m_lastChange = m_burstFirst;
        m_changesInLastBurst = m_burstCount;
        m_burstCount = 0;
        Q_EMIT fired();
    });
}

bool FileWatchTrigger::arm()
{
    FileWatcher::Options options;
    options.paths = m_paths;
    options.include = m_watch.include;
    options.ignore = m_watch.ignore;
    options.recursive = m_watch.recursive;
    options.maxWatches = m_maxWatches;
    return m_watcher.arm(options);
}

void FileWatchTrigger::disarm()
{
    m_watcher.disarm();
    m_debouncer.cancel();
    m_burstCount = 0;
}
