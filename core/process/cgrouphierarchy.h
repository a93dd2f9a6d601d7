#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

// One line of /proc/self/mountinfo, its fields unescaped ("\040" is a space).
struct MountInfoEntry
{
    int mountId = 0;
    int parentId = 0;
    QString root;       // which directory of the file system is shown at the mount point
    QString mountPoint; // where
    QString fsType;     // "cgroup2", "cgroup", "tmpfs", ...
    QStringList superOptions;
};

// Where cgroup v2 lives on this host and what this process may do there. Nothing is assumed:
// a pure v2 host mounts it at /sys/fs/cgroup, a hybrid one at /sys/fs/cgroup/unified (with the
// controllers left in v1), a container may show only a subtree of it, a v1-only host has none.
// fromTexts() works from the texts of /proc/self/mountinfo and /proc/self/cgroup alone, so tests
// can feed any host's; probe() then looks at the directory found; detect() does both.
struct CgroupHierarchy
{
    enum class Layout {
        None,    // no cgroup file system mounted at all
        Legacy,  // cgroup v1 only
        Hybrid,  // v1 controllers, and cgroup2 mounted beside them
        Unified, // cgroup2 only
    };
    enum class Presence { Unknown, Absent, Present };

    // From mountinfo and /proc/self/cgroup.
    Layout layout = Layout::None;
    QStringList v1Controllers; // controllers mounted as cgroup v1, sorted
    QString mountPoint;        // of the cgroup2 mount used; empty without one
    QString mountRoot;         // the cgroup that mount shows at its top: "/" unless a subtree
    QString ownPath;           // our cgroup from the "0::" line, "/" or "/user.slice/..."
    QString ownDirectory;      // ownPath inside the mount; empty when there is none to use
    QString problem;           // why ownDirectory is empty (or unusable), in words

    // From the directory itself (probe()); left false/empty/Unknown by fromTexts().
    bool probed = false;
    bool ownIsRoot = false; // the real root cgroup (no cgroup.type), exempt from the
                            // no-internal-process rule; a namespace's root is not exempt
    bool writable = false;  // we may create child cgroups and move our children into them
    QString notWritableReason;
    QStringList controllers;    // cgroup.controllers: what may be enabled for our children
    QStringList subtreeControl; // cgroup.subtree_control: what is enabled for them
    Presence killFile = Presence::Unknown;   // cgroup.kill (Linux 5.14)
    Presence freezeFile = Presence::Unknown; // cgroup.freeze (5.2)
    Presence memoryPeak = Presence::Unknown; // memory.peak (5.19), needs the memory controller
    Presence pidsPeak = Presence::Unknown;   // pids.peak (6.1), needs the pids controller
    QString featuresSource; // what they were judged from: a cgroup directory, or the kernel's
                            // version when there is no cgroup but the root to look in

    bool hasDirectory() const { return !ownDirectory.isEmpty(); }
    // A cgroup2 directory of ours in which we may create the runner's instance cgroup.
    bool usable() const { return hasDirectory() && probed && writable; }

    // Several lines for `taskrunner-cli info`: the layout, the mount, our cgroup, whether it is
    // writable, the controllers and the kernel features, each with what it means for runs.
    QString describe() const;

    static CgroupHierarchy fromTexts(const QByteArray &mountInfo, const QByteArray &procSelfCgroup);
    // fromTexts() of this process's files, then probe().
    static CgroupHierarchy detect();
    // Fills the directory's fields. kernelRelease ("6.18.44-...") decides the features when no
    // cgroup other than the root is there to look at; empty: uname()'s.
    void probe(const QByteArray &kernelRelease = QByteArray());

    static QVector<MountInfoEntry> parseMountInfo(const QByteArray &text);
    // "\040" -> ' ', "\011" -> tab, "\012" -> newline, "\134" -> '\'; bytes otherwise as they are.
    static QByteArray unescapeMountField(const QByteArray &field);
    // The path of the "0::" line; nothing without one. A cgroup removed under us reads
    // "/a/b (deleted)": *deleted then says so and the suffix is dropped.
    static std::optional<QString> parseOwnPath(const QByteArray &procSelfCgroup,
                                               bool *deleted = nullptr);
    // Whether release ("5.15.0-91-generic") is at least major.minor; Unknown if unreadable.
    static Presence kernelAtLeast(const QByteArray &release, int major, int minor);
};
