#include "runlogname.h"

#include <QRegularExpression>
#include <QStandardPaths>

namespace {
const QLatin1String DataSuffix(".log");
const QLatin1String IndexSuffix(".idx");
} // namespace

QString RunLogName::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QLatin1String("/taskrunner/logs");
}

QString RunLogName::dataFileName(const QString &taskName, const QDateTime &start)
{
    QString safe = taskName.left(60);
    for (QChar &c : safe) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return start.toString(QStringLiteral("yyyyMMdd-hhmmss-zzz")) + QLatin1Char('-') + safe
           + DataSuffix;
}

QString RunLogName::newDataPath(const QString &directory, const QString &taskName,
                                const QDateTime &start)
{
    return directory + QLatin1Char('/') + dataFileName(taskName, start);
}

QString RunLogName::indexPathFor(const QString &dataPath)
{
    return dataPath + IndexSuffix;
}

RunLogName::Kind RunLogName::classify(const QString &fileName, QString *stem)
{
    // As loose after the time stamp as the pruner always was, so that every log an earlier
    // version wrote is still recognised.
    static const QRegularExpression ours(
        QStringLiteral("^(\\d{8}-\\d{6}-\\d{3}-.*)\\.log(\\.idx)?$"));
    const QRegularExpressionMatch match = ours.match(fileName);
    if (!match.hasMatch())
        return Kind::NotOurs;
    if (stem)
        *stem = match.captured(1);
    return match.capturedLength(2) > 0 ? Kind::Index : Kind::Data;
}
