#include "cgroupfiles.h"

#include "bytetext.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcCgroup, "taskrunner.core.cgroup", QtWarningMsg)

namespace CgroupFiles {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

std::optional<QByteArray> read(const QString &path, QString *error)
{
    const QByteArray name = ByteText::encode(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int saved = errno;
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, errnoText(saved)));
        return std::nullopt;
    }
    QByteArray text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            setError(error, QStringLiteral("cannot read %1: %2").arg(path, errnoText(saved)));
            return std::nullopt;
        }
        if (n == 0)
            break;
        text.append(buffer, n);
    }
    ::close(fd);
    return text;
}

bool write(const QString &path, const QByteArray &data, QString *error)
{
    const QByteArray name = ByteText::encode(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        const int saved = errno;
        setError(error, QStringLiteral("cannot open %1 to write \"%2\": %3")
                            .arg(path, QString::fromLatin1(data), errnoText(saved)));
        return false;
    }
    ssize_t n;
    do {
        n = ::write(fd, data.constData(), size_t(data.size()));
    } while (n < 0 && errno == EINTR);
    const int saved = errno;
    ::close(fd);
    if (n != data.size()) {
        setError(error, QStringLiteral("cannot write \"%1\" to %2: %3")
                            .arg(QString::fromLatin1(data), path,
                                 n < 0 ? errnoText(saved) : QStringLiteral("short write")));
        return false;
    }
    return true;
}

bool exists(const QString &path)
{
    struct stat info;
    return ::stat(ByteText::encode(path).constData(), &info) == 0;
}

bool makeDirectory(const QString &path, QString *error)
{
    if (::mkdir(ByteText::encode(path).constData(), 0755) == 0)
        return true;
    const int saved = errno;
    setError(error, QStringLiteral("cannot create the cgroup %1: %2").arg(path, errnoText(saved)));
    return false;
}

bool removeDirectory(const QString &path, QString *error)
{
    if (::rmdir(ByteText::encode(path).constData()) == 0)
        return true;
    const int saved = errno;
    setError(error, QStringLiteral("cannot remove the cgroup %1: %2").arg(path, errnoText(saved)));
    return false;
}

QStringList childDirectories(const QString &directory)
{
    QStringList children;
    DIR *dir = ::opendir(ByteText::encode(directory).constData());
    if (!dir)
        return children;
    while (const dirent *entry = ::readdir(dir)) {
        // cgroupfs reports DT_DIR for child cgroups and DT_REG for control files.
        if (entry->d_type != DT_DIR || std::strcmp(entry->d_name, ".") == 0
            || std::strcmp(entry->d_name, "..") == 0)
            continue;
        children.append(directory + QLatin1Char('/') + ByteText::decode(entry->d_name));
    }
    ::closedir(dir);
    std::sort(children.begin(), children.end());
    return children;
}

QStringList subtreeDeepestFirst(const QString &directory)
{
    QStringList order;
    for (const QString &child : childDirectories(directory))
        order.append(subtreeDeepestFirst(child));
    order.append(directory);
    return order;
}

std::optional<CgroupEvents> parseEvents(const QByteArray &text)
{
    const std::optional<quint64> populated = keyedValue(text, "populated");
    const std::optional<quint64> frozen = keyedValue(text, "frozen");
    if (!populated)
        return std::nullopt;
    CgroupEvents events;
    events.populated = *populated != 0;
    // The root cgroup's events (and kernels before 5.2) have no "frozen".
    events.frozen = frozen.value_or(0) != 0;
    return events;
}

std::optional<quint64> keyedValue(const QByteArray &text, const QByteArray &key)
{
    for (const QByteArray &line : text.split('\n')) {
        const int space = line.indexOf(' ');
        if (space <= 0 || line.left(space) != key)
            continue;
        bool ok = false;
        const quint64 value = line.mid(space + 1).trimmed().toULongLong(&ok);
        return ok ? std::optional<quint64>(value) : std::nullopt;
    }
    return std::nullopt;
}

quint64 memoryLimitKills(const QByteArray &memoryEvents)
{
    if (keyedValue(memoryEvents, "oom").value_or(0) == 0)
        return 0;
    return keyedValue(memoryEvents, "oom_kill").value_or(0);
}

std::optional<quint64> singleValue(const QByteArray &text)
{
    bool ok = false;
    const quint64 value = text.trimmed().toULongLong(&ok);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}

QVector<pid_t> parsePids(const QByteArray &text)
{
    QVector<pid_t> pids;
    for (const QByteArray &line : text.split('\n')) {
        bool ok = false;
        const int pid = line.trimmed().toInt(&ok);
        if (ok && pid > 0)
            pids.append(pid_t(pid));
    }
    return pids;
}

QStringList parseControllers(const QByteArray &text)
{
    QStringList names;
    for (const QByteArray &name : text.simplified().split(' ')) {
        if (!name.isEmpty())
            names.append(QString::fromLatin1(name));
    }
    return names;
}

std::optional<QString> cgroupPathOf(pid_t pid)
{
    const std::optional<QByteArray> text
        = read(QStringLiteral("/proc/%1/cgroup").arg(pid), nullptr);
    if (!text)
        return std::nullopt;
    for (const QByteArray &line : text->split('\n')) {
        if (line.startsWith("0::"))
            return ByteText::decode(line.mid(3));
    }
    return std::nullopt;
}

} // namespace CgroupFiles
