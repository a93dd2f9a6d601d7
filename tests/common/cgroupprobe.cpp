#include "cgroupprobe.h"

#include <QFile>

#include <unistd.h>

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// mountinfo escapes blanks and backslashes in paths as \ooo.
QString unescape(const QByteArray &field)
{
    QByteArray out;
    for (int i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            out += char(field.mid(i + 1, 3).toInt(nullptr, 8));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return QFile::decodeName(out);
}

QString ownDirectory()
{
    const QString mount = CgroupProbe::mountPoint();
    if (mount.isEmpty())
        return QString();
    for (const QByteArray &line : readAll(QStringLiteral("/proc/self/cgroup")).split('\n')) {
        if (line.startsWith("0::"))
            return mount + (line.mid(3) == "/" ? QString() : QFile::decodeName(line.mid(3)));
    }
    return QString();
}

} // namespace

namespace CgroupProbe {

QString mountPoint()
{
    for (const QByteArray &line : readAll(QStringLiteral("/proc/self/mountinfo")).split('\n')) {
        const int dash = line.indexOf(" - ");
        if (dash < 0 || !line.mid(dash + 3).startsWith("cgroup2 "))
            continue;
        const QList<QByteArray> fields = line.left(dash).split(' ');
        if (fields.size() > 4)
            return unescape(fields[4]);
    }
    return QString();
}

QStringList controllersForChildren()
{
    const QString directory = ownDirectory();
    if (directory.isEmpty())
        return {};
    return QString::fromLatin1(readAll(directory + QLatin1String("/cgroup.subtree_control")))
        .simplified()
        .split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool limitsExpected(const QStringList &controllers, QString *why)
{
    if (qgetenv("TASKRUNNER_CONTAINMENT").trimmed().toLower() == "proc") {
        *why = QStringLiteral("TASKRUNNER_CONTAINMENT=proc: the /proc supervisor enforces no "
                              "limits");
        return false;
    }
    if (ownDirectory().isEmpty()
        || ::access(QFile::encodeName(ownDirectory()).constData(), W_OK) != 0) {
        *why = QStringLiteral("no cgroup v2 of ours that we can write (%1)")
                   .arg(ownDirectory().isEmpty() ? QStringLiteral("none found") : ownDirectory());
        return false;
    }
    const QStringList offered = controllersForChildren();
    for (const QString &controller : controllers) {
        if (!offered.contains(controller)) {
            *why = QStringLiteral("our cgroup (%1) does not pass the %2 controller on to its "
                                  "children (cgroup.subtree_control: %3)")
                       .arg(ownDirectory().isEmpty() ? QStringLiteral("no cgroup v2")
                                                     : ownDirectory(),
                            controller,
                            offered.isEmpty() ? QStringLiteral("none")
                                              : offered.join(QLatin1Char(' ')));
            return false;
        }
    }
    return true;
}

bool swapIsOn()
{
    return readAll(QStringLiteral("/proc/swaps")).trimmed().count('\n') > 0;
}

} // namespace CgroupProbe
