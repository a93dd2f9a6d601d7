#include "logpruner.h"

#include "runlogname.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QVector>

#include <algorithm>

namespace {

// One run's log: its data file and its index (either may be missing), removed as one.
struct RunFiles
{
    QFileInfoList files; // the data file first
    qint64 size = 0;
    QDateTime modified; // the latest of its files
    bool inUse = false;
};

} // namespace

QString LogPruner::defaultDirectory()
{
    return RunLogName::defaultDirectory();
}

LogPruneResult LogPruner::prune(const QString &directory, const LogRetention &retention,
                                const QSet<QString> &inUse, const QDateTime &now)
{
    LogPruneResult result;
    QHash<QString, RunFiles> byStem;
    const QFileInfoList entries = QDir(directory).entryInfoList(QDir::Files | QDir::Hidden);
    for (const QFileInfo &file : entries) {
        QString stem;
        const RunLogName::Kind kind = RunLogName::classify(file.fileName(), &stem);
        if (kind == RunLogName::Kind::NotOurs || file.isSymLink())
            continue;
        RunFiles &run = byStem[stem];
        if (kind == RunLogName::Kind::Data)
            run.files.prepend(file);
        else
            run.files.append(file);
        run.size += file.size();
        if (!run.modified.isValid() || file.lastModified() > run.modified)
            run.modified = file.lastModified();
        run.inUse = run.inUse || inUse.contains(file.absoluteFilePath());
        // A live run is named by its data file, which may not be listed yet.
        const QString data = file.absolutePath() + QLatin1Char('/') + stem + QLatin1String(".log");
        run.inUse = run.inUse || inUse.contains(data);
    }
    QVector<RunFiles> runs;
    for (const RunFiles &run : std::as_const(byStem)) {
        if (run.inUse)
            result.keptBytes += run.size;
        else
            runs.append(run);
    }
    std::sort(runs.begin(), runs.end(), [](const RunFiles &a, const RunFiles &b) {
        return a.modified < b.modified; // oldest first
    });
    qint64 total = result.keptBytes;
    for (const RunFiles &run : std::as_const(runs))
        total += run.size;

    const QDateTime cutoff = now.addDays(-retention.maxAgeDays);
    for (const RunFiles &run : std::as_const(runs)) {
        const bool tooOld = retention.maxAgeDays > 0 && run.modified < cutoff;
        const bool tooMuch = retention.maxTotalBytes > 0 && total > retention.maxTotalBytes;
        if (!tooOld && !tooMuch) {
            result.keptBytes += run.size;
            continue;
        }
        // The data file first: if it stays, so does its index, and the run is whole.
        bool removedAll = true;
        for (const QFileInfo &file : run.files) {
            QFile remove(file.absoluteFilePath());
            if (remove.remove() || !remove.exists()) { // gone, also if another prune was quicker
                ++result.removedFiles;
                result.removedBytes += file.size();
                total -= file.size();
            } else {
                result.errors.append(file.absoluteFilePath() + QLatin1String(": ")
                                     + remove.errorString());
                result.keptBytes += file.size();
                removedAll = false;
                break;
            }
        }
        if (removedAll)
            ++result.removedRuns;
    }
    return result;
}
