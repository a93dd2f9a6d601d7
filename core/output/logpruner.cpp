#include "logpruner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

QString LogPruner::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QLatin1String("/taskrunner/logs");
}

LogPruneResult LogPruner::prune(const QString &directory, const LogRetention &retention,
                                const QSet<QString> &inUse, const QDateTime &now)
{
    static const QRegularExpression ourName(QStringLiteral("^\\d{8}-\\d{6}-\\d{3}-.*\\.log$"));
    LogPruneResult result;
    QFileInfoList files;
    const QFileInfoList entries
        = QDir(directory).entryInfoList({QStringLiteral("*.log")}, QDir::Files | QDir::Hidden);
    for (const QFileInfo &file : entries) {
        if (!ourName.match(file.fileName()).hasMatch() || file.isSymLink())
            continue;
        if (inUse.contains(file.absoluteFilePath())) {
            result.keptBytes += file.size();
            continue;
        }
        files.append(file);
    }
    std::sort(files.begin(), files.end(), [](const QFileInfo &a, const QFileInfo &b) {
        return a.lastModified() < b.lastModified(); // oldest first
    });
    qint64 total = result.keptBytes;
    for (const QFileInfo &file : files)
        total += file.size();

    const QDateTime cutoff = now.addDays(-retention.maxAgeDays);
    for (const QFileInfo &file : files) {
        const bool tooOld = retention.maxAgeDays > 0 && file.lastModified() < cutoff;
        const bool tooMuch = retention.maxTotalBytes > 0 && total > retention.maxTotalBytes;
        if (!tooOld && !tooMuch) {
            result.keptBytes += file.size();
            continue;
        }
        QFile remove(file.absoluteFilePath());
        if (remove.remove() || !remove.exists()) { // gone, also if another prune was quicker
            ++result.removedFiles;
            result.removedBytes += file.size();
            total -= file.size();
        } else {
            result.errors.append(file.absoluteFilePath() + QLatin1String(": ")
                                 + remove.errorString());
            result.keptBytes += file.size();
        }
    }
    return result;
}
