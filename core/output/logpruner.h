#pragma once

#include <QDateTime>
#include <QSet>
#include <QString>
#include <QStringList>

// How much of the runs' raw logs to keep: every byte of every run goes to disk, so without a
// limit a busy machine fills its disk with old logs.
struct LogRetention
{
    qint64 maxTotalBytes = qint64(2) * 1024 * 1024 * 1024; // all logs together; 0: no limit
    int maxAgeDays = 30;                                   // 0: no limit
};

struct LogPruneResult
{
    int removedRuns = 0;  // whole runs' logs: a data file and its index (if any) together
    int removedFiles = 0; // files, indexes included
    qint64 removedBytes = 0;
    qint64 keptBytes = 0;
    QStringList errors; // "path: reason", one per file that could not be removed
};

// Removes old run logs from a directory: first those older than the age limit, then the oldest
// until the rest fits the size limit. A run's log is a unit - its data file and its index
// (RunLogName), sized and aged together (by its newest file), removed together; a log written
// before the index existed is a unit of one file. Only files named as RunLogName names them are
// candidates, and never a run in 'inUse' (live runs', named by their data files' paths). No
// state and no QObject: callers run it wherever suits them (the app does, off the GUI thread).
class LogPruner
{
public:
    static LogPruneResult prune(const QString &directory, const LogRetention &retention,
                                const QSet<QString> &inUse,
                                const QDateTime &now = QDateTime::currentDateTime());
    // Where RawLogWriter::defaultPath() puts logs (RunLogName::defaultDirectory()).
    static QString defaultDirectory();
};
