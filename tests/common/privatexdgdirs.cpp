#include "privatexdgdirs.h"

#include <QDir>
#include <QFile>

bool usePrivateXdgDirs(const QTemporaryDir &dir)
{
    if (!dir.isValid())
        return false;
    for (const char *name :
         {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
        const QString path = dir.filePath(QString::fromLatin1(name).toLower());
        if (!QDir().mkpath(path))
            return false;
        qputenv(name, QFile::encodeName(path));
    }
    return true;
}
