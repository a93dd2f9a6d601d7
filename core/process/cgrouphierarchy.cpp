#include "cgrouphierarchy.h"

#include "bytetext.h"
#include "cgroupfiles.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace {

// The cgroup v1 controllers a "cgroup" mount's super options can name; the rest of its options
// (rw, name=systemd, release_agent=...) are not controllers.
const QStringList &knownV1Controllers()
{
    static const QStringList names = {
        QStringLiteral("blkio"),   QStringLiteral("cpu"),      QStringLiteral("cpuacct"),
        QStringLiteral("cpuset"),  QStringLiteral("devices"),  QStringLiteral("freezer"),
        QStringLiteral("hugetlb"), QStringLiteral("memory"),   QStringLiteral("misc"),
        QStringLiteral("net_cls"), QStringLiteral("net_prio"), QStringLiteral("perf_event"),
        QStringLiteral("pids"),    QStringLiteral("rdma"),
    };
    return names;
}

// "/a" is an ancestor of (or is) "/a/b"; "/ab" is not.
bool isSameOrBelow(const QString &path, const QString &ancestor)
{
    if (ancestor == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == ancestor
           || (path.startsWith(ancestor) && path.at(ancestor.size()) == QLatin1Char('/'));
}

// entries[index] is hidden by a later mount on its mount point or on a directory above it,
// unless it was itself mounted on top of that one.
bool isShadowed(const QVector<MountInfoEntry> &entries, int index)
{
    const MountInfoEntry &mount = entries.at(index);
    auto mountedOn = [&](int ancestorId) {
        int id = mount.parentId;
        for (int hops = 0; hops < entries.size() && id != 0; ++hops) {
            if (id == ancestorId)
                return true;
            auto it = std::find_if(entries.cbegin(), entries.cend(),
                                   [id](const MountInfoEntry &e) { return e.mountId == id; });
            if (it == entries.cend() || it->parentId == id)
                return false;
            id = it->parentId;
        }
        return false;
    };
    for (int later = index + 1; later < entries.size(); ++later) {
        const MountInfoEntry &other = entries.at(later);
        if (isSameOrBelow(mount.mountPoint, other.mountPoint) && !mountedOn(other.mountId))
            return true;
    }
    return false;
}

QString shown(const QString &path)
{
    return ByteText::displayable(ByteText::encode(path));
}

QString presenceWord(CgroupHierarchy::Presence presence)
{
    switch (presence) {
    case CgroupHierarchy::Presence::Present:
        return QStringLiteral("yes");
    case CgroupHierarchy::Presence::Absent:
        return QStringLiteral("no");
    case CgroupHierarchy::Presence::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString listOrNone(const QStringList &names)
{
    return names.isEmpty() ? QStringLiteral("none") : names.join(QLatin1Char(' '));
}

bool accessible(const QString &path, int mode, int *error)
{
    if (::faccessat(AT_FDCWD, ByteText::encode(path).constData(), mode, AT_EACCESS) == 0)
        return true;
    *error = errno;
    return false;
}

} // namespace

QByteArray CgroupHierarchy::unescapeMountField(const QByteArray &field)
{
    // The kernel escapes space, tab, newline and backslash in mountinfo as \ooo (octal).
    QByteArray out;
    out.reserve(field.size());
    for (int i = 0; i < field.size(); ++i) {
        const char c = field.at(i);
        if (c == '\\' && i + 3 < field.size()) {
            const QByteArray digits = field.mid(i + 1, 3);
            bool octal = digits.size() == 3;
            for (const char d : digits)
                octal = octal && d >= '0' && d <= '7';
            if (octal) {
                out.append(char(digits.toInt(nullptr, 8)));
                i += 3;
                continue;
            }
        }
        out.append(c);
    }
    return out;
}

QVector<MountInfoEntry> CgroupHierarchy::parseMountInfo(const QByteArray &text)
{
    // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
    //  id parent dev root mountpoint options [optional fields...] - fstype source superoptions
    QVector<MountInfoEntry> entries;
    for (const QByteArray &line : text.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        const int separator = int(fields.indexOf(QByteArray("-")));
        if (separator < 6 || fields.size() < separator + 3)
            continue;
        MountInfoEntry entry;
        bool idOk = false;
        bool parentOk = false;
        entry.mountId = fields.at(0).toInt(&idOk);
        entry.parentId = fields.at(1).toInt(&parentOk);
        if (!idOk || !parentOk)
            continue;
        entry.root = ByteText::decode(unescapeMountField(fields.at(3)));
        entry.mountPoint = ByteText::decode(unescapeMountField(fields.at(4)));
        entry.fsType = QString::fromLatin1(unescapeMountField(fields.at(separator + 1)));
        if (fields.size() > separator + 3) {
            for (const QByteArray &option : fields.at(separator + 3).split(','))
                entry.superOptions.append(ByteText::decode(unescapeMountField(option)));
        }
        entries.append(entry);
    }
    return entries;
}

std::optional<QString> CgroupHierarchy::parseOwnPath(const QByteArray &procSelfCgroup,
                                                     bool *deleted)
{
    if (deleted)
        *deleted = false;
    for (const QByteArray &line : procSelfCgroup.split('\n')) {
        // "hierarchy-id:controllers:path"; the path itself may hold ':'.
        if (!line.startsWith("0::"))
            continue;
        QByteArray path = line.mid(3);
        static const QByteArray deletedSuffix(" (deleted)");
        if (path.endsWith(deletedSuffix)) {
            path.chop(deletedSuffix.size());
            if (deleted)
                *deleted = true;
        }
        if (!path.startsWith('/'))
            return std::nullopt;
        return ByteText::decode(path);
    }
    return std::nullopt;
}

CgroupHierarchy::Presence CgroupHierarchy::kernelAtLeast(const QByteArray &release, int major,
                                                         int minor)
{
    // "6.18.44-fc-v595", "5.15.0-91-generic", "4.19.0".
    const QList<QByteArray> parts = release.split('.');
    if (parts.size() < 2)
        return Presence::Unknown;
    bool majorOk = false;
    bool minorOk = false;
    const int haveMajor = parts.at(0).toInt(&majorOk);
    QByteArray minorDigits;
    for (const char c : parts.at(1)) {
        if (c < '0' || c > '9')
            break;
        minorDigits.append(c);
    }
    const int haveMinor = minorDigits.toInt(&minorOk);
    if (!majorOk || !minorOk)
        return Presence::Unknown;
    const bool atLeast = haveMajor > major || (haveMajor == major && haveMinor >= minor);
    return atLeast ? Presence::Present : Presence::Absent;
}

CgroupHierarchy CgroupHierarchy::fromTexts(const QByteArray &mountInfo,
                                           const QByteArray &procSelfCgroup)
{
    CgroupHierarchy h;
    const QVector<MountInfoEntry> entries = parseMountInfo(mountInfo);

    QVector<int> v2Mounts;
    for (int i = 0; i < entries.size(); ++i) {
        const MountInfoEntry &entry = entries.at(i);
        if (entry.fsType == QLatin1String("cgroup")) {
            for (const QString &option : entry.superOptions) {
                if (knownV1Controllers().contains(option) && !h.v1Controllers.contains(option))
                    h.v1Controllers.append(option);
            }
        } else if (entry.fsType == QLatin1String("cgroup2") && !isShadowed(entries, i)) {
            v2Mounts.append(i);
        }
    }
    std::sort(h.v1Controllers.begin(), h.v1Controllers.end());
    bool anyV1 = std::any_of(entries.cbegin(), entries.cend(), [](const MountInfoEntry &e) {
        return e.fsType == QLatin1String("cgroup");
    });
    if (v2Mounts.isEmpty())
        h.layout = anyV1 ? Layout::Legacy : Layout::None;
    else
        h.layout = h.v1Controllers.isEmpty() ? Layout::Unified : Layout::Hybrid;

    bool deleted = false;
    const std::optional<QString> own = parseOwnPath(procSelfCgroup, &deleted);
    if (own)
        h.ownPath = *own;

    if (v2Mounts.isEmpty()) {
        h.problem = anyV1 ? QStringLiteral("no cgroup2 file system is mounted (cgroup v1 only)")
                          : QStringLiteral("no cgroup file system is mounted");
        return h;
    }
    if (!own) {
        h.mountPoint = entries.at(v2Mounts.first()).mountPoint;
        h.mountRoot = entries.at(v2Mounts.first()).root;
        h.problem = QStringLiteral("/proc/self/cgroup has no cgroup v2 (\"0::\") line");
        return h;
    }
    if (deleted) {
        h.mountPoint = entries.at(v2Mounts.first()).mountPoint;
        h.mountRoot = entries.at(v2Mounts.first()).root;
        h.problem = QStringLiteral("our cgroup %1 has been removed").arg(shown(h.ownPath));
        return h;
    }
    // Outside our cgroup namespace's root the path reads "/../..": no mount can show it.
    const bool outsideNamespace = h.ownPath.split(QLatin1Char('/')).contains(QLatin1String(".."));

    // Of the mounts that show our cgroup, the one showing most of the tree.
    int chosen = -1;
    for (const int index : v2Mounts) {
        const MountInfoEntry &entry = entries.at(index);
        if (outsideNamespace || !isSameOrBelow(h.ownPath, entry.root))
            continue;
        if (chosen < 0 || entry.root.size() < entries.at(chosen).root.size())
            chosen = index;
    }
    if (chosen < 0) {
        const MountInfoEntry &first = entries.at(v2Mounts.first());
        h.mountPoint = first.mountPoint;
        h.mountRoot = first.root;
        h.problem = QStringLiteral("our cgroup %1 is not visible through the cgroup2 mount at %2 "
                                   "(which shows only %3)")
                        .arg(shown(h.ownPath), shown(first.mountPoint), shown(first.root));
        return h;
    }
    const MountInfoEntry &mount = entries.at(chosen);
    h.mountPoint = mount.mountPoint;
    h.mountRoot = mount.root;
    const QString below
        = mount.root == QLatin1String("/") ? h.ownPath : h.ownPath.mid(mount.root.size());
    h.ownDirectory = mount.mountPoint;
    if (below != QLatin1String("/") && !below.isEmpty()) {
        if (h.ownDirectory.endsWith(QLatin1Char('/')))
            h.ownDirectory.chop(1);
        h.ownDirectory += below;
    }
    return h;
}

CgroupHierarchy CgroupHierarchy::detect()
{
    const QByteArray mountInfo
        = CgroupFiles::read(QStringLiteral("/proc/self/mountinfo")).value_or(QByteArray());
    const QByteArray own
        = CgroupFiles::read(QStringLiteral("/proc/self/cgroup")).value_or(QByteArray());
    CgroupHierarchy h = fromTexts(mountInfo, own);
    h.probe();
    return h;
}

void CgroupHierarchy::probe(const QByteArray &kernelRelease)
{
    probed = true;
    if (ownDirectory.isEmpty())
        return;
    const QByteArray directory = ByteText::encode(ownDirectory);
    struct statfs fs;
    if (::statfs(directory.constData(), &fs) != 0 || fs.f_type != CGROUP2_SUPER_MAGIC) {
        problem = QStringLiteral("%1 is not a cgroup2 directory").arg(shown(ownDirectory));
        ownDirectory.clear();
        return;
    }
    ownIsRoot = !CgroupFiles::exists(ownDirectory + QLatin1String("/cgroup.type"));

    int error = 0;
    writable = accessible(ownDirectory, W_OK, &error)
               && accessible(ownDirectory + QLatin1String("/cgroup.procs"), W_OK, &error);
    if (!writable) {
        notWritableReason = QString::fromLocal8Bit(std::strerror(error));
        if (error == EACCES)
            notWritableReason += QLatin1String(" (not delegated to us: on a systemd desktop, ask "
                                               "the user manager for a scope with Delegate=yes)");
    }

    controllers = CgroupFiles::parseControllers(
        CgroupFiles::read(ownDirectory + QLatin1String("/cgroup.controllers"))
            .value_or(QByteArray()));
    subtreeControl = CgroupFiles::parseControllers(
        CgroupFiles::read(ownDirectory + QLatin1String("/cgroup.subtree_control"))
            .value_or(QByteArray()));

    // The root cgroup has no cgroup.kill and no cgroup.freeze: look in a cgroup that is not the
    // root (ours, or any child of the root), else judge by the kernel's version.
    QString lookIn;
    if (!ownIsRoot) {
        lookIn = ownDirectory;
    } else {
        const QStringList children = CgroupFiles::childDirectories(ownDirectory);
        if (!children.isEmpty())
            lookIn = children.first();
    }
    QByteArray release = kernelRelease;
    if (release.isEmpty()) {
        struct utsname names;
        if (::uname(&names) == 0)
            release = QByteArray(names.release);
    }
    const QString kernelSource
        = QStringLiteral("the kernel's version, %1").arg(QString::fromLatin1(release));
    auto lookFor = [&](const QString &file, int major, int minor) {
        if (!lookIn.isEmpty()) {
            return CgroupFiles::exists(lookIn + QLatin1Char('/') + file) ? Presence::Present
                                                                         : Presence::Absent;
        }
        return kernelAtLeast(release, major, minor);
    };
    killFile = lookFor(QStringLiteral("cgroup.kill"), 5, 14);
    freezeFile = lookFor(QStringLiteral("cgroup.freeze"), 5, 2);
    featuresSource = lookIn.isEmpty() ? kernelSource : shown(lookIn);

    // A peak file shows only where its controller is enabled: with the controller absent from v2
    // it can never be had; otherwise look where it is enabled, or judge by the version.
    auto peak = [&](const QString &controller, const QString &file, int major, int minor) {
        if (!controllers.contains(controller))
            return Presence::Absent;
        if (!lookIn.isEmpty()
            && CgroupFiles::exists(lookIn + QLatin1Char('/') + controller
                                   + QLatin1String(".current")))
            return CgroupFiles::exists(lookIn + QLatin1Char('/') + file) ? Presence::Present
                                                                         : Presence::Absent;
        return kernelAtLeast(release, major, minor);
    };
    memoryPeak = peak(QStringLiteral("memory"), QStringLiteral("memory.peak"), 5, 19);
    pidsPeak = peak(QStringLiteral("pids"), QStringLiteral("pids.peak"), 6, 1);
}

QString CgroupHierarchy::describe() const
{
    QStringList lines;
    switch (layout) {
    case Layout::None:
        lines << QStringLiteral("cgroups: none mounted");
        break;
    case Layout::Legacy:
        lines << QStringLiteral("cgroups: v1 only (controllers %1)").arg(listOrNone(v1Controllers));
        break;
    case Layout::Hybrid:
        lines << QStringLiteral("cgroups: hybrid - v2 at %1, v1 holds %2")
                     .arg(shown(mountPoint), listOrNone(v1Controllers));
        break;
    case Layout::Unified:
        lines << QStringLiteral("cgroups: v2 only, at %1").arg(shown(mountPoint));
        break;
    }
    if (!ownPath.isEmpty()) {
        QString own = QStringLiteral("our cgroup: %1").arg(shown(ownPath));
        if (!ownDirectory.isEmpty())
            own += QStringLiteral(" -> %1").arg(shown(ownDirectory));
        if (probed && !ownDirectory.isEmpty() && ownIsRoot)
            own += QLatin1String(" (the root cgroup)");
        lines << own;
    }
    if (!problem.isEmpty())
        lines << QStringLiteral("not usable: %1").arg(problem);
    if (probed && !ownDirectory.isEmpty()) {
        lines << (writable ? QStringLiteral("writable: yes - runs can each get a cgroup")
                           : QStringLiteral("writable: no - %1").arg(notWritableReason));
        lines << QStringLiteral("controllers: %1 (enabled for children: %2)")
                     .arg(listOrNone(controllers), listOrNone(subtreeControl));
        QStringList missing;
        QStringList noFigures;
        for (const QString &wanted :
             {QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("pids")}) {
            if (controllers.contains(wanted))
                continue;
            missing << (v1Controllers.contains(wanted)
                            ? QStringLiteral("%1 (in cgroup v1 here)").arg(wanted)
                            : wanted);
            if (wanted != QLatin1String("cpu")) // cpu.stat needs no controller
                noFigures << wanted;
        }
        if (!missing.isEmpty()) {
            QString line = QStringLiteral("not in cgroup v2 for us: %1 - no limits on them")
                               .arg(missing.join(QLatin1String(", ")));
            if (!noFigures.isEmpty())
                line
                    += QStringLiteral(", no %1 figures").arg(noFigures.join(QLatin1String(" or ")));
            lines << line + QLatin1String(" (CPU time is counted all the same)");
        }
        // A peak file without its controller in v2 says nothing of the kernel: not applicable.
        auto peakWord = [&](Presence presence, const QString &controller) {
            return controllers.contains(controller)
                       ? presenceWord(presence)
                       : QStringLiteral("n/a (no %1 controller)").arg(controller);
        };
        lines << QStringLiteral("cgroup.kill: %1; cgroup.freeze: %2; memory.peak: %3; pids.peak: "
                                "%4 (judged from %5)")
                     .arg(presenceWord(killFile), presenceWord(freezeFile),
                          peakWord(memoryPeak, QStringLiteral("memory")),
                          peakWord(pidsPeak, QStringLiteral("pids")), featuresSource);
    }
    return lines.join(QLatin1Char('\n'));
}
