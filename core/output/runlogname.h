#pragma once

#include <QDateTime>
#include <QString>

// The one place that knows how a run's log files are named. A run's log is a unit of files
// sharing one stem, "<yyyyMMdd-hhmmss-zzz>-<task>":
//   <stem>.log      the task's bytes, stdout and stderr as they came (RawLogWriter)
//   <stem>.log.idx  which stream each chunk came from, and when (see runlogformat.h)
// Logs written before the index existed are a lone <stem>.log. RawLogWriter names new logs
// here; LogPruner recognises (and only touches) files this says are ours. No QObject, no state.
struct RunLogName
{
    // $XDG_DATA_HOME/taskrunner/logs
    static QString defaultDirectory();
    // "<yyyyMMdd-hhmmss-zzz>-<task>.log": the task's name cut to 60 characters, anything but a
    // letter, a digit, '-' or '_' replaced by '_'.
    static QString dataFileName(const QString &taskName, const QDateTime &start);
    // directory/dataFileName(taskName, now)
    static QString newDataPath(const QString &directory, const QString &taskName,
                               const QDateTime &start = QDateTime::currentDateTime());
    // The index that goes with a data file: path + ".idx".
    static QString indexPathFor(const QString &dataPath);

    enum class Kind { NotOurs, Data, Index };
    // What a file name (no directory) is: one of ours (then *stem is set: the files of one
    // run share it) or not.
    static Kind classify(const QString &fileName, QString *stem = nullptr);
};
