#include "processhygiene.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QString>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ProcessHygiene {

namespace {

mode_t g_userUmask = 022;
bool g_umaskSaved = false;

// chmod path to mode if it exists, is of the wanted kind and is ours; symlinks are not followed.
void tighten(const QString &path, mode_t mode, bool directory)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st;
    if (::lstat(name.constData(), &st) != 0 || st.st_uid != ::geteuid())
        return;
    if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
        return;
    if ((st.st_mode & 07777) != mode)
        ::chmod(name.constData(), mode);
}

} // namespace

void ensureStandardDescriptors()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        // open() returns the lowest free descriptor: this one.
        const int opened = ::open("/dev/null", O_RDWR);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

void usePrivateUmask()
{
    const mode_t previous = ::umask(077);
    if (!g_umaskSaved) {
        g_userUmask = previous;
        g_umaskSaved = true;
    }
}

mode_t userUmask()
{
    return g_umaskSaved ? g_userUmask : [] {
        const mode_t current = ::umask(022);
        ::umask(current);
        return current;
    }();
}

void tightenExistingFiles()
{
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                           + QLatin1String("/taskrunner");
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                         + QLatin1String("/taskrunner");
    tighten(config, 0700, true);
    tighten(config + QLatin1String("/taskrunner.conf"), 0600, false);
    tighten(data, 0700, true);
    tighten(data + QLatin1String("/logs"), 0700, true);
}

} // namespace ProcessHygiene
