#include "procprobe.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <csignal>
#include <unistd.h>

namespace ProcProbe {

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    return file.readAll();
}

bool statOf(pid_t pid, char *state, pid_t *ppid)
{
    const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    if (close < 0 || stat.size() < close + 4)
        return false;
    *state = stat.at(close + 2);
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    *ppid = fields.size() > 1 ? pid_t(fields.at(1).toInt()) : 0;
    return true;
}

QVector<pid_t> allPids()
{
    QVector<pid_t> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const int pid = entry.toInt(&ok);
        if (ok && pid > 0)
            pids.append(pid_t(pid));
    }
    return pids;
}

} // namespace

QByteArray newMarker()
{
    return QByteArrayLiteral("TRTEST_")
           + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
}

QVector<pid_t> processesWithMarker(const QByteArray &marker)
{
    QVector<pid_t> found;
    for (const pid_t pid : allPids()) {
        if (pid == ::getpid())
            continue;
        char state = '?';
        pid_t ppid = 0;
        if (!statOf(pid, &state, &ppid) || state == 'Z' || state == 'X')
            continue;
        if (readAll(QStringLiteral("/proc/%1/environ").arg(pid)).contains(marker)
            || readAll(QStringLiteral("/proc/%1/cmdline").arg(pid)).contains(marker))
            found.append(pid);
    }
    return found;
}

QString describeProcesses(const QVector<pid_t> &pids)
{
    QStringList parts;
    for (const pid_t pid : pids) {
        QByteArray command = readAll(QStringLiteral("/proc/%1/cmdline").arg(pid));
        while (command.endsWith('\0'))
            command.chop(1);
        command.replace('\0', ' ');
        if (command.isEmpty()) // a kernel thread, or gone meanwhile: its name at least
            command = readAll(QStringLiteral("/proc/%1/comm").arg(pid)).trimmed();
        if (command.size() > 80)
            command = command.left(77) + "...";
        parts.append(QStringLiteral("pid %1 (%2)").arg(pid).arg(QString::fromLocal8Bit(command)));
    }
    return parts.join(QLatin1String(", "));
}

QString survivors(const QByteArray &marker)
{
    const QVector<pid_t> pids = processesWithMarker(marker);
    if (pids.isEmpty())
        return QString();
    return QStringLiteral("%1 process%2 carrying %3 still alive: %4")
        .arg(pids.size())
        .arg(pids.size() == 1 ? QString() : QStringLiteral("es"))
        .arg(QString::fromLatin1(marker), describeProcesses(pids));
}

int waitForProcesses(const QByteArray &marker, int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    int most = 0;
    for (;;) {
        most = std::max(most, int(processesWithMarker(marker).size()));
        if (most >= count || deadline.hasExpired())
            return most;
        QTest::qWait(10);
    }
}

QVector<pid_t> zombieChildren()
{
    QVector<pid_t> zombies;
    for (const pid_t pid : allPids()) {
        char state = '?';
        pid_t ppid = 0;
        if (statOf(pid, &state, &ppid) && ppid == ::getpid() && state == 'Z')
            zombies.append(pid);
    }
    return zombies;
}

int openFdCount()
{
    return int(QDir(QStringLiteral("/proc/self/fd"))
                   .entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files | QDir::Dirs)
                   .size());
}

QString describeFds()
{
    QStringList parts;
    const QFileInfoList fds = QDir(QStringLiteral("/proc/self/fd"))
                                  .entryInfoList(QDir::NoDotAndDotDot | QDir::System | QDir::Files);
    for (const QFileInfo &fd : fds)
        parts.append(fd.fileName() + QLatin1String("->") + fd.symLinkTarget());
    return parts.join(QLatin1String(", "));
}

void killAllWithMarker(const QByteArray &marker)
{
    for (int round = 0; round < 10; ++round) {
        const QVector<pid_t> pids = processesWithMarker(marker);
        if (pids.isEmpty())
            return;
        for (const pid_t pid : pids)
            ::kill(pid, SIGKILL);
    }
}

} // namespace ProcProbe
