#include "rememberedfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

RememberedFolder::RememberedFolder(QString settingsKey)
    : m_key(std::move(settingsKey))
{}

QString RememberedFolder::defaultFolder()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // Without a Documents folder, Qt names $HOME/Documents anyway: the dialog would start in
    // a folder that is not there.
    if (!documents.isEmpty() && QFileInfo(documents).isDir())
        return documents;
    return QDir::homePath();
}

QString RememberedFolder::folder() const
{
    const QString kept = QSettings().value(m_key).toString();
    if (!kept.isEmpty() && QFileInfo(kept).isAbsolute() && QFileInfo(kept).isDir())
        return kept;
    return defaultFolder();
}

QString RememberedFolder::startFor(const QString &fileName) const
{
    return QDir(folder()).filePath(fileName);
}

void RememberedFolder::remember(const QString &path) const
{
    if (path.isEmpty())
        return;
    QSettings().setValue(m_key, QFileInfo(path).absolutePath());
}
