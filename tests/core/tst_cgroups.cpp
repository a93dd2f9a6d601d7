// The cgroup building blocks: the hierarchy read from the texts of many kinds of host, and -
// where this process has a writable cgroup2 directory (root on a hybrid host, a delegated
// systemd scope) - real cgroups, with real processes looked for in /proc, never trusting our
// own word. Every cgroup is made below a directory of the test's own ("taskrunner-test-...")
// that is killed and removed after each test, passed or failed.

#include "cgroupfiles.h"
#include "cgrouphierarchy.h"
#include "cgroupkiller.h"
#include "processtable.h"
#include "procprobe.h"
#include "runcgroup.h"
#include "runnercgroup.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

Q_DECLARE_METATYPE(CgroupHierarchy::Layout)
Q_DECLARE_METATYPE(CgroupKillMethod)

namespace {

// Generous bounds: shared CI machines are slow; these catch hangs, not slowness.
constexpr int WaitMs = 30'000;

// This host's mountinfo, trimmed: v1 controllers at /sys/fs/cgroup/*, v2 at .../unified.
const char HybridMountInfo[]
    = "23 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
      "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
      "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
      "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

const char PureV2MountInfo[]
    = "22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n"
      "26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
      "rw,nsdelegate,memory_recursiveprot\n";

// The processes a test started itself, reaped by pid in cleanup().
QVector<pid_t> g_children;

// Starts argv in the cgroup whose cgroup.procs is open as procsFd (-1: where we are), with
// marker=1 in its environment: fork, one write(), execve - what QProcess's child modifier
// will do. Everything is prepared before fork(): the child only makes system calls.
pid_t spawnInto(int procsFd, const QByteArrayList &arguments, const QByteArray &marker)
{
    QByteArrayList environment;
    for (char **entry = environ; *entry; ++entry)
        environment.append(QByteArray(*entry));
    environment.append(marker + "=1");
    environment.append("TR_MARKER=" + marker);
    std::vector<char *> argv;
    for (const QByteArray &argument : arguments)
        argv.push_back(const_cast<char *>(argument.constData()));
    argv.push_back(nullptr);
    std::vector<char *> envp;
    for (const QByteArray &entry : environment)
        envp.push_back(const_cast<char *>(entry.constData()));
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (procsFd >= 0 && ::write(procsFd, "0", 1) != 1)
            ::_exit(99);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    if (pid > 0)
        g_children.append(pid);
    return pid;
}

pid_t spawnShell(int procsFd, const QByteArray &script, const QByteArray &marker)
{
    return spawnInto(procsFd, {"/bin/bash", "-c", script}, marker);
}

// True once pid (our child) has exited; reaps it.
bool reaped(pid_t pid, int *status = nullptr)
{
    int local = 0;
    const pid_t done = ::waitpid(pid, &local, WNOHANG);
    if (done == pid) {
        g_children.removeAll(pid);
        if (status)
            *status = local;
        return true;
    }
    return done < 0 && errno == ECHILD;
}

QVector<pid_t> sorted(QVector<pid_t> pids)
{
    std::sort(pids.begin(), pids.end());
    return pids;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

double median(QVector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

class CgroupsTest : public QObject
{
    Q_OBJECT

private:
    CgroupHierarchy m_host;
    QString m_skipReason;    // why the live tests cannot run here
    QString m_testDirectory; // below our cgroup, made by init()
    QString m_testPath;
    QByteArray m_marker;

    // Waits for the cgroup at directory to empty, then removes it and all below it.
    static bool removeTree(const QString &directory, const QString &path, QString *error)
    {
        CgroupKiller::killTree(directory, path, CgroupKillMethod::Auto, nullptr);
        QDeadlineTimer deadline(WaitMs);
        while (!CgroupKiller::treeMembers(directory).isEmpty() && !deadline.hasExpired())
            QTest::qWait(10);
        for (const QString &cgroup : CgroupFiles::subtreeDeepestFirst(directory)) {
            if (!CgroupFiles::removeDirectory(cgroup, error))
                return false;
        }
        return true;
    }

    std::unique_ptr<RunnerCgroup> makeRunner()
    {
        QString error;
        std::unique_ptr<RunnerCgroup> runner
            = RunnerCgroup::createUnder(m_testDirectory, m_testPath, &error, m_host.v1Controllers);
        if (!runner)
            qWarning("%s", qPrintable(error));
        return runner;
    }

#define REQUIRE_WRITABLE_CGROUP()                                                                  \
    do {                                                                                           \
        if (!m_skipReason.isEmpty())                                                               \
            QSKIP(qPrintable(m_skipReason));                                                       \
    } while (false)

private Q_SLOTS:
    void initTestCase()
    {
        m_host = CgroupHierarchy::detect();
        qInfo("this host:\n%s", qPrintable(m_host.describe()));
        if (!m_host.hasDirectory())
            m_skipReason = QStringLiteral("no cgroup2 directory of ours: %1").arg(m_host.problem);
        else if (!m_host.writable)
            m_skipReason = QStringLiteral("our cgroup %1 is not writable: %2")
                               .arg(m_host.ownDirectory, m_host.notWritableReason);
    }

    void init()
    {
        m_marker = ProcProbe::newMarker();
        if (!m_skipReason.isEmpty())
            return;
        const QString name
            = QStringLiteral("taskrunner-test-%1-%2")
                  .arg(::getpid())
                  .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_testDirectory = m_host.ownDirectory + QLatin1Char('/') + name;
        m_testPath = (m_host.ownPath == QLatin1String("/") ? QString() : m_host.ownPath)
                     + QLatin1Char('/') + name;
        QString error;
        QVERIFY2(CgroupFiles::makeDirectory(m_testDirectory, &error), qPrintable(error));
    }

    void cleanup()
    {
        ProcProbe::killAllWithMarker(m_marker);
        if (!m_testDirectory.isEmpty()) {
            QString error;
            if (!removeTree(m_testDirectory, m_testPath, &error))
                qWarning("cleanup: %s", qPrintable(error));
            QVERIFY2(!CgroupFiles::exists(m_testDirectory),
                     qPrintable(m_testDirectory + QLatin1String(" left behind")));
            m_testDirectory.clear();
        }
        QDeadlineTimer deadline(WaitMs);
        for (const pid_t pid : QVector<pid_t>(g_children)) {
            while (!reaped(pid) && !deadline.hasExpired())
                QTest::qWait(5);
        }
        g_children.clear();
    }

    // --- The hierarchy, from the texts of many hosts -----------------------------------------

    void hierarchyFromTexts_data()
    {
        QTest::addColumn<QByteArray>("mountInfo");
        QTest::addColumn<QByteArray>("procSelfCgroup");
        QTest::addColumn<CgroupHierarchy::Layout>("layout");
        QTest::addColumn<QString>("mountPoint");
        QTest::addColumn<QString>("ownDirectory");
        QTest::addColumn<QString>("v1Controllers");
        QTest::addColumn<QString>("problem"); // a part of it; empty: none

        using L = CgroupHierarchy::Layout;
        const QByteArray hybridCgroup = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/5\n"
                                        "1:cpu:/\n0::/\n";
        QTest::newRow("hybrid, in the root (this host)")
            << QByteArray(HybridMountInfo) << hybridCgroup << L::Hybrid << "/sys/fs/cgroup/unified"
            << "/sys/fs/cgroup/unified"
            << "cpu cpuacct memory pids"
            << "";
        QTest::newRow("hybrid, systemd session scope")
            << QByteArray(HybridMountInfo)
            << QByteArray("1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n"
                          "0::/user.slice/user-1000.slice/session-2.scope\n")
            << L::Hybrid << "/sys/fs/cgroup/unified"
            << "/sys/fs/cgroup/unified/user.slice/user-1000.slice/session-2.scope"
            << "cpu cpuacct memory pids"
            << "";
        QTest::newRow("pure v2, systemd user slice")
            << QByteArray(PureV2MountInfo)
            << QByteArray("0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
                          "app-org.kde.konsole-1234.scope\n")
            << L::Unified << "/sys/fs/cgroup"
            << "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/"
               "app-org.kde.konsole-1234.scope"
            << ""
            << "";
        QTest::newRow("pure v2, in the root")
            << QByteArray(PureV2MountInfo) << QByteArray("0::/\n") << L::Unified << "/sys/fs/cgroup"
            << "/sys/fs/cgroup"
            << ""
            << "";
        // A v1-only host still prints "0::/": the v2 hierarchy exists, mounted nowhere.
        QTest::newRow("v1 only")
            << QByteArray("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                          "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup "
                          "rw,cpu,cpuacct\n"
                          "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n")
            << QByteArray("3:memory:/user.slice\n2:cpu,cpuacct:/user.slice\n0::/user.slice\n")
            << L::Legacy << ""
            << ""
            << "cpu cpuacct memory"
            << "cgroup v1 only";
        QTest::newRow("no cgroups")
            << QByteArray("22 1 0:21 / /sys rw - sysfs sysfs rw\n") << QByteArray() << L::None << ""
            << ""
            << ""
            << "no cgroup file system";
        QTest::newRow("escaped spaces in the mount point")
            << QByteArray("50 1 0:40 / /mnt/my\\040cgroups\\134x rw - cgroup2 none rw\n")
            << QByteArray("0::/a b\n") << L::Unified << "/mnt/my cgroups\\x"
            << "/mnt/my cgroups\\x/a b"
            << ""
            << "";
        QTest::newRow("optional fields before the separator")
            << QByteArray(
                   "26 22 0:23 / /sys/fs/cgroup rw,nosuid shared:4 master:1 propagate_from:2 "
                   "- cgroup2 cgroup2 rw\n")
            << QByteArray("0::/system.slice/foo.service\n") << L::Unified << "/sys/fs/cgroup"
            << "/sys/fs/cgroup/system.slice/foo.service"
            << ""
            << "";
        // A container without a cgroup namespace: the host's subtree bind-mounted.
        QTest::newRow("container: a subtree mounted")
            << QByteArray("600 500 0:23 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 "
                          "rw\n")
            << QByteArray("0::/docker/abc/init\n") << L::Unified << "/sys/fs/cgroup"
            << "/sys/fs/cgroup/init"
            << ""
            << "";
        QTest::newRow("container: our cgroup not in the mounted subtree")
            << QByteArray("600 500 0:23 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
            << QByteArray("0::/docker/other\n") << L::Unified << "/sys/fs/cgroup"
            << ""
            << ""
            << "not visible through the cgroup2 mount";
        QTest::newRow("container: outside our cgroup namespace")
            << QByteArray(PureV2MountInfo) << QByteArray("0::/../../user.slice\n") << L::Unified
            << "/sys/fs/cgroup"
            << ""
            << ""
            << "not visible";
        QTest::newRow("two mounts: the one showing the whole tree")
            << QByteArray("600 500 0:23 /a /srv/sub rw - cgroup2 cgroup2 rw\n"
                          "601 500 0:23 / /srv/all rw - cgroup2 cgroup2 rw\n")
            << QByteArray("0::/a/b\n") << L::Unified << "/srv/all"
            << "/srv/all/a/b"
            << ""
            << "";
        QTest::newRow("shadowed by a later mount on its parent")
            << QByteArray("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                          "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
                          "90 23 0:60 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                          "91 1 0:38 / /run/cg2 rw - cgroup2 cgroup2 rw\n")
            << QByteArray("0::/x\n") << L::Unified << "/run/cg2"
            << "/run/cg2/x"
            << ""
            << "";
        QTest::newRow("our cgroup removed")
            << QByteArray(PureV2MountInfo) << QByteArray("0::/gone (deleted)\n") << L::Unified
            << "/sys/fs/cgroup"
            << ""
            << ""
            << "has been removed";
        QTest::newRow("no 0:: line")
            << QByteArray(PureV2MountInfo) << QByteArray("1:name=systemd:/\n") << L::Unified
            << "/sys/fs/cgroup"
            << ""
            << ""
            << "no cgroup v2";
        QTest::newRow("garbage") << QByteArray("\n\n- - -\nnot mountinfo at all\n")
                                 << QByteArray("::::\n0:\n") << L::None << ""
                                 << ""
                                 << ""
                                 << "no cgroup file system";
    }

    void hierarchyFromTexts()
    {
        QFETCH(QByteArray, mountInfo);
        QFETCH(QByteArray, procSelfCgroup);
        QFETCH(CgroupHierarchy::Layout, layout);
        QFETCH(QString, mountPoint);
        QFETCH(QString, ownDirectory);
        QFETCH(QString, v1Controllers);
        QFETCH(QString, problem);

        const CgroupHierarchy h = CgroupHierarchy::fromTexts(mountInfo, procSelfCgroup);
        QCOMPARE(h.layout, layout);
        QCOMPARE(h.mountPoint, mountPoint);
        QCOMPARE(h.ownDirectory, ownDirectory);
        QCOMPARE(h.v1Controllers.join(QLatin1Char(' ')), v1Controllers);
        if (problem.isEmpty())
            QVERIFY2(h.problem.isEmpty(), qPrintable(h.problem));
        else
            QVERIFY2(h.problem.contains(problem), qPrintable(h.problem));
        QVERIFY(!h.probed);
        QVERIFY(!h.usable()); // nothing is usable before the directory was looked at
        QVERIFY(!h.describe().isEmpty());
    }

    void unescapeMountField_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("/sys/fs/cgroup") << QByteArray("/sys/fs/cgroup");
        QTest::newRow("space") << QByteArray("/a\\040b") << QByteArray("/a b");
        QTest::newRow("tab, newline") << QByteArray("\\011\\012") << QByteArray("\t\n");
        QTest::newRow("backslash") << QByteArray("a\\134b") << QByteArray("a\\b");
        QTest::newRow("not octal") << QByteArray("a\\9xy") << QByteArray("a\\9xy");
        QTest::newRow("cut short") << QByteArray("a\\04") << QByteArray("a\\04");
        QTest::newRow("trailing backslash") << QByteArray("a\\") << QByteArray("a\\");
        QTest::newRow("not UTF-8 kept") << QByteArray("caf\xe9") << QByteArray("caf\xe9");
    }

    void unescapeMountField()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, expected);
        QCOMPARE(CgroupHierarchy::unescapeMountField(field), expected);
    }

    void parseOwnPath()
    {
        bool deleted = true;
        QCOMPARE(CgroupHierarchy::parseOwnPath("0::/a:b/c\n", &deleted).value_or("none"), "/a:b/c");
        QVERIFY(!deleted);
        QCOMPARE(CgroupHierarchy::parseOwnPath("0::/x (deleted)\n", &deleted).value_or("none"),
                 "/x");
        QVERIFY(deleted);
        QVERIFY(!CgroupHierarchy::parseOwnPath("1:cpu:/\n"));
        QVERIFY(!CgroupHierarchy::parseOwnPath("0::relative\n"));
    }

    void kernelAtLeast_data()
    {
        QTest::addColumn<QByteArray>("release");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<CgroupHierarchy::Presence>("expected");
        using P = CgroupHierarchy::Presence;
        QTest::newRow("this host") << QByteArray("6.18.44-fc-v595") << 5 << 14 << P::Present;
        QTest::newRow("equal") << QByteArray("5.14.0-70.el9") << 5 << 14 << P::Present;
        QTest::newRow("older minor") << QByteArray("5.10.0-28-amd64") << 5 << 14 << P::Absent;
        QTest::newRow("older major") << QByteArray("4.19.0") << 5 << 2 << P::Absent;
        QTest::newRow("minor with suffix") << QByteArray("6.1rc2") << 6 << 1 << P::Present;
        QTest::newRow("garbage") << QByteArray("linux") << 5 << 2 << P::Unknown;
        QTest::newRow("empty") << QByteArray() << 5 << 2 << P::Unknown;
    }

    void kernelAtLeast()
    {
        QFETCH(QByteArray, release);
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(CgroupHierarchy::Presence, expected);
        QCOMPARE(CgroupHierarchy::kernelAtLeast(release, major, minor), expected);
    }

    void parseControlFiles()
    {
        const std::optional<CgroupEvents> events
            = CgroupFiles::parseEvents("populated 1\nfrozen 0\n");
        QVERIFY(events);
        QVERIFY(events->populated);
        QVERIFY(!events->frozen);
        QVERIFY(CgroupFiles::parseEvents("frozen 1\npopulated 0\n")->frozen);
        QVERIFY(!CgroupFiles::parseEvents("frozen 1\n"));
        QVERIFY(!CgroupFiles::parseEvents(""));

        const QByteArray cpuStat = "usage_usec 1023456\nuser_usec 1000000\nsystem_usec 23456\n"
                                   "nice_usec 0\nnr_periods 0\n";
        QCOMPARE(CgroupFiles::keyedValue(cpuStat, "usage_usec").value_or(0), 1023456u);
        QCOMPARE(CgroupFiles::keyedValue(cpuStat, "system_usec").value_or(0), 23456u);
        QVERIFY(!CgroupFiles::keyedValue(cpuStat, "usage")); // whole keys only
        QVERIFY(!CgroupFiles::keyedValue("usage_usec x\n", "usage_usec"));

        QCOMPARE(CgroupFiles::singleValue("8192\n").value_or(0), 8192u);
        QVERIFY(!CgroupFiles::singleValue("max\n"));
        QVERIFY(!CgroupFiles::singleValue(""));

        QCOMPARE(CgroupFiles::parsePids("12\n345\n\n"), (QVector<pid_t>{12, 345}));
        QCOMPARE(CgroupFiles::parsePids(""), QVector<pid_t>());
        QCOMPARE(CgroupFiles::parseControllers("cpuset cpu io memory hugetlb pids rdma misc\n"),
                 (QStringList{"cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"}));
        QCOMPARE(CgroupFiles::parseControllers("\n"), QStringList());

        // memory.events: kills count as the limit's only where the limit was reached (oom);
        // oom_group_kill is another key.
        QCOMPARE(CgroupFiles::memoryLimitKills("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\n"
                                               "oom_group_kill 0\n"),
                 2u);
        QCOMPARE(CgroupFiles::memoryLimitKills("low 0\nhigh 0\nmax 0\noom 0\noom_kill 1\n"), 0u);
        QCOMPARE(CgroupFiles::memoryLimitKills("oom 1\noom_group_kill 4\n"), 0u);
        QCOMPARE(CgroupFiles::memoryLimitKills(""), 0u);
    }

    void instanceNames()
    {
        const QString name = RunnerCgroup::instanceName(4242, 987654, 0xab);
        QCOMPARE(name, "taskrunner-4242-987654-000000ab");
        pid_t pid = 0;
        quint64 start = 0;
        QVERIFY(RunnerCgroup::parseInstanceName(name, &pid, &start));
        QCOMPARE(pid, 4242);
        QCOMPARE(start, 987654u);
        for (const char *other :
             {"taskrunner-test-1-2", "taskrunner-1-2", "taskrunner-0-2-00000000",
              "taskrunner-99999999999-2-00000000", "taskrunner-1-2-0000000g",
              "xtaskrunner-1-2-00000000", "run-1", "runner"})
            QVERIFY2(!RunnerCgroup::parseInstanceName(QLatin1String(other), &pid, &start), other);
    }

    void createNeedsAUsableHierarchy()
    {
        QString error;
        const CgroupHierarchy v1Only = CgroupHierarchy::fromTexts(
            "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", "0::/\n");
        QVERIFY(!RunnerCgroup::create(v1Only, &error));
        QVERIFY2(error.contains("cgroup v1 only"), qPrintable(error));
        CgroupHierarchy readOnly = CgroupHierarchy::fromTexts(PureV2MountInfo, "0::/x\n");
        readOnly.probed = true;
        readOnly.notWritableReason = "Permission denied";
        QVERIFY(!RunnerCgroup::create(readOnly, &error));
        QVERIFY2(error.contains("/sys/fs/cgroup/x") && error.contains("Permission denied"),
                 qPrintable(error));
    }

    void describeHybrid()
    {
        CgroupHierarchy h = CgroupHierarchy::fromTexts(HybridMountInfo, "0::/\n");
        // What probe() finds on this host, set by hand so that the text does not depend on it.
        h.probed = true;
        h.ownIsRoot = true;
        h.writable = true;
        h.controllers = QStringList{"hugetlb"};
        h.killFile = h.freezeFile = CgroupHierarchy::Presence::Present;
        h.memoryPeak = h.pidsPeak = CgroupHierarchy::Presence::Absent;
        h.featuresSource = "Linux 6.18.44";
        const QString text = h.describe();
        QVERIFY2(text.contains("hybrid - v2 at /sys/fs/cgroup/unified, v1 holds cpu cpuacct "
                               "memory pids"),
                 qPrintable(text));
        QVERIFY2(text.contains("our cgroup: / -> /sys/fs/cgroup/unified (the root cgroup)"),
                 qPrintable(text));
        QVERIFY2(text.contains("controllers: hugetlb (enabled for children: none)"),
                 qPrintable(text));
        QVERIFY2(text.contains("not in cgroup v2 for us: cpu (in cgroup v1 here), memory (in "
                               "cgroup v1 here), pids (in cgroup v1 here) - no limits on them, no "
                               "memory or pids figures (CPU time is counted all the same)"),
                 qPrintable(text));
        QVERIFY2(text.contains("cgroup.kill: yes; cgroup.freeze: yes; memory.peak: n/a (no memory "
                               "controller); pids.peak: n/a (no pids controller)"),
                 qPrintable(text));
    }

    // --- Real cgroups --------------------------------------------------------------------------

    void probeThisHost()
    {
        REQUIRE_WRITABLE_CGROUP();
        QVERIFY(m_host.usable());
        // Our cgroup's own view agrees with the kernel's answer for our pid.
        QCOMPARE(CgroupFiles::cgroupPathOf(::getpid()).value_or("none"), m_host.ownPath);
        QVERIFY(m_host.killFile != CgroupHierarchy::Presence::Unknown);
        // The directory we made for the test is not the root: the kernel features show there.
        QCOMPARE(CgroupFiles::exists(m_testDirectory + "/cgroup.kill"),
                 m_host.killFile == CgroupHierarchy::Presence::Present);
        QCOMPARE(CgroupFiles::exists(m_testDirectory + "/cgroup.freeze"),
                 m_host.freezeFile == CgroupHierarchy::Presence::Present);
    }

    void childJoinsThroughTheFdBeforeExec()
    {
        REQUIRE_WRITABLE_CGROUP();
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->name(), "run-1");
        QVERIFY(run->procsFd() >= 0);
        QVERIFY(!run->isPopulated());

        const pid_t pid = spawnInto(run->procsFd(), {"/bin/sleep", "300"}, m_marker);
        QVERIFY(pid > 0);
        run->closeProcsFd();
        QCOMPARE(run->procsFd(), -1);
        // In the leaf, and as sleep: the write came before the exec.
        QTRY_COMPARE_WITH_TIMEOUT(run->members(), QVector<pid_t>{pid}, WaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(readFile(QStringLiteral("/proc/%1/comm").arg(pid)).trimmed(),
                                  QByteArray("sleep"), WaitMs);
        QCOMPARE(CgroupFiles::cgroupPathOf(pid).value_or("none"), run->path());
        QVERIFY(run->isPopulated());
        // Not us: the runner stays where it was.
        QCOMPARE(CgroupFiles::cgroupPathOf(::getpid()).value_or("none"), m_host.ownPath);

        QVERIFY2(run->kill(&error), qPrintable(error));
        int status = 0;
        QTRY_VERIFY_WITH_TIMEOUT(reaped(pid, &status), WaitMs);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void killEndsEveryDescendant_data()
    {
        QTest::addColumn<CgroupKillMethod>("method");
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<int>("processes"); // carrying the marker once all have started

        // Whatever leaves the session, the process group, the parent or the environment.
        const QByteArray escapees
            = "sleep 300 & "
              "setsid sleep 300 & "
              "( (exec sleep 300) & ) ; "
              "setsid bash -c 'sleep 300 & wait' & "
              "env -i setsid bash -c 'exec -a \"sleep-$0\" sleep 300' \"$TR_MARKER\" & "
              "wait";
        const QByteArray storm = "for i in $(seq 300); do sleep 300 & done; wait";
        for (const CgroupKillMethod method :
             {CgroupKillMethod::KillFile, CgroupKillMethod::SignalEach}) {
            const char *how = method == CgroupKillMethod::KillFile ? "cgroup.kill" : "signal each";
            QTest::addRow("%s: setsid, double fork, cleared environment", how)
                << method << escapees << 7;
            QTest::addRow("%s: 300 children", how) << method << storm << 301;
        }
    }

    void killEndsEveryDescendant()
    {
        REQUIRE_WRITABLE_CGROUP();
        QFETCH(CgroupKillMethod, method);
        QFETCH(QByteArray, script);
        QFETCH(int, processes);
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        if (method == CgroupKillMethod::KillFile && !runner->hasKillFile())
            QSKIP("this kernel has no cgroup.kill (Linux 5.14)");
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        QSignalSpy emptied(run, &RunCgroup::emptied);

        const pid_t shell = spawnShell(run->procsFd(), script, m_marker);
        run->closeProcsFd();
        PROBE_WAIT_FOR_PROCESSES(m_marker, processes, WaitMs);
        // Every process carrying the marker is a member, and every member carries it.
        QTRY_COMPARE_WITH_TIMEOUT(sorted(run->members()),
                                  sorted(ProcProbe::processesWithMarker(m_marker)), WaitMs);
        QCOMPARE(run->members().size(), processes);
        QCOMPARE(emptied.count(), 0);

        QVERIFY2(run->kill(&error, method), qPrintable(error));
        // The kernel's word: the leaf is empty, told through inotify.
        QTRY_COMPARE_WITH_TIMEOUT(emptied.count(), 1, WaitMs);
        QVERIFY(!run->isPopulated());
        QVERIFY(run->members().isEmpty());
        // And /proc's.
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QTRY_VERIFY_WITH_TIMEOUT(reaped(shell), WaitMs);
        QVERIFY2(run->remove(&error), qPrintable(error));
        QVERIFY(!CgroupFiles::exists(run->directory()));
    }

    void emptiedWhenTheLastProcessEnds_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<bool>("endsAtOnce");
        // Ends, with its child, when the FIFO it reads is closed by the test.
        QTest::newRow("ends when told")
            << QByteArray("sleep 300 & child=$!; read line < \"$GO\"; kill $child; wait") << false;
        // Joins and exits between two reads of cgroup.events: told all the same.
        QTest::newRow("ends at once") << QByteArray("exit 0") << true;
    }

    void emptiedWhenTheLastProcessEnds()
    {
        REQUIRE_WRITABLE_CGROUP();
        QFETCH(QByteArray, script);
        QFETCH(bool, endsAtOnce);
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QByteArray go = QFile::encodeName(temporary.filePath("go"));
        QCOMPARE(::mkfifo(go.constData(), 0600), 0);
        qputenv("GO", go);
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        QSignalSpy emptied(run, &RunCgroup::emptied);
        QSignalSpy populated(run, &RunCgroup::populatedChanged);
        QSignalSpy instanceEmptied(runner.get(), &RunnerCgroup::emptied);

        const pid_t shell = spawnShell(run->procsFd(), script, m_marker);
        qunsetenv("GO");
        run->closeProcsFd();
        if (!endsAtOnce) {
            QTRY_VERIFY_WITH_TIMEOUT(populated.count() >= 1, WaitMs); // joined
            QCOMPARE(populated.first().first().toBool(), true);
            QVERIFY(runner->isPopulated());
            QCOMPARE(emptied.count(), 0);
            // Open the FIFO's writing end once the shell reads it, and close it: EOF.
            // (QTRY_VERIFY evaluates its condition once more after success: only once here.)
            bool closed = false;
            auto openedAndClosed = [&] {
                if (!closed) {
                    const int writer = ::open(go.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
                    closed = writer >= 0 && ::close(writer) == 0;
                }
                return closed;
            };
            QTRY_VERIFY_WITH_TIMEOUT(openedAndClosed(), WaitMs);
        }
        QTRY_COMPARE_WITH_TIMEOUT(emptied.count(), 1, WaitMs); // the last one ended
        QVERIFY(!run->isPopulated());
        QTRY_VERIFY_WITH_TIMEOUT(reaped(shell), WaitMs);
        if (!endsAtOnce)
            QTRY_COMPARE_WITH_TIMEOUT(instanceEmptied.count(), 1, WaitMs);
        // The kernel may tell the same change twice (a notification within 20 ms of the last is
        // deferred): it is still one emptied().
        QTest::qWait(100);
        QCOMPARE(emptied.count(), 1);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void freezeStopsProgressAndThawResumesIt()
    {
        REQUIRE_WRITABLE_CGROUP();
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        if (!runner->hasFreezeFile())
            QSKIP("this kernel has no cgroup.freeze (Linux 5.2)");
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString counter = temporary.filePath("counter");
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        QSignalSpy frozen(run, &RunCgroup::frozenChanged);

        // A counter, written through a new file renamed over the old (never seen half
        // written), and a fork per step: freezing must stop forks too.
        const QByteArray script = "i=0; while :; do i=$((i+1)); echo $i > \"$0.new\"; "
                                  "mv \"$0.new\" \"$0\"; done";
        spawnInto(run->procsFd(), {"/bin/bash", "-c", script, QFile::encodeName(counter)},
                  m_marker);
        run->closeProcsFd();
        auto count = [&] { return readFile(counter).trimmed().toLongLong(); };
        QTRY_VERIFY_WITH_TIMEOUT(count() > 3, WaitMs); // it counts

        QVERIFY2(run->freeze(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(frozen.count(), 1, WaitMs); // frozen 1, told by inotify
        QCOMPARE(frozen.first().first().toBool(), true);
        QVERIFY(run->isFrozen());
        const qint64 atFreeze = count();
        QVERIFY(atFreeze > 3);
        // Not a synchronisation: the absence of progress takes time to show.
        QTest::qWait(500);
        QCOMPARE(count(), atFreeze);
        QVERIFY(run->isPopulated()); // frozen, not dead

        QVERIFY2(run->thaw(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(frozen.count(), 2, WaitMs);
        QCOMPARE(frozen.at(1).first().toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(count() > atFreeze + 3, WaitMs); // it counts again

        // Frozen processes still die from a kill.
        QVERIFY2(run->freeze(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(run->isFrozen(), WaitMs);
        QSignalSpy emptied(run, &RunCgroup::emptied);
        QVERIFY2(run->kill(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(emptied.count(), 1, WaitMs);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void cpuStatCountsABusySecond()
    {
        REQUIRE_WRITABLE_CGROUP();
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        const CgroupUsage before = run->usage();
        QVERIFY(before.cpuUsageUsec); // cpu.stat is there, with or without the cpu controller
        QCOMPARE(*before.cpuUsageUsec, 0u);

        // Busy until it has used 1 s of CPU itself (user and system: times() is a system call),
        // however loaded the machine is.
        static const char busySecond[]
            = "do { $n++ for 1 .. 100000 } until do { my ($u, $s) = times; $u + $s >= 1.0 }";
        QSignalSpy emptied(run, &RunCgroup::emptied);
        const pid_t pid = spawnInto(run->procsFd(), {"/usr/bin/perl", "-e", busySecond}, m_marker);
        run->closeProcsFd();
        QTRY_COMPARE_WITH_TIMEOUT(emptied.count(), 1, WaitMs);
        int status = 0;
        QTRY_VERIFY_WITH_TIMEOUT(reaped(pid, &status), WaitMs);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);

        const CgroupUsage usage = run->usage();
        QVERIFY(usage.cpuUsageUsec && usage.cpuUserUsec && usage.cpuSystemUsec);
        qInfo("cpu.stat after a busy second: usage %llu us, user %llu us, system %llu us",
              *usage.cpuUsageUsec, *usage.cpuUserUsec, *usage.cpuSystemUsec);
        QVERIFY2(*usage.cpuUsageUsec >= 950'000 && *usage.cpuUsageUsec <= 3'000'000,
                 qPrintable(QString::number(*usage.cpuUsageUsec)));
        QVERIFY(*usage.cpuUserUsec >= 800'000);
        QVERIFY(*usage.cpuUserUsec + *usage.cpuSystemUsec <= *usage.cpuUsageUsec + 10'000);

        // Memory and pids: figures where their controller is enabled, unavailable (not 0)
        // where not - on a hybrid host they are in cgroup v1.
        const bool memory = runner->controllers().contains("memory");
        const bool pids = runner->controllers().contains("pids");
        qInfo("memory figures: %s; pids figures: %s", memory ? "available" : "unavailable",
              pids ? "available" : "unavailable");
        QCOMPARE(bool(usage.memoryCurrentBytes), memory);
        QCOMPARE(bool(usage.pidsCurrent), pids);
        if (memory)
            QVERIFY(usage.memoryPeakBytes.value_or(0) > 0); // perl's pages, at its peak
        else
            QVERIFY(!usage.memoryPeakBytes);
        if (pids)
            QVERIFY(usage.pidsPeak.value_or(0) >= 1);
        else
            QVERIFY(!usage.pidsPeak);
        if (m_host.layout == CgroupHierarchy::Layout::Hybrid
            && m_host.v1Controllers.contains("memory"))
            QVERIFY(!memory);
    }

    void limitsNeedTheirController_data()
    {
        QTest::addColumn<QString>("controller");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("readBack");
        QTest::newRow("memory.max") << "memory"
                                    << "memory.max" << QByteArray("67108864");
        QTest::newRow("pids.max") << "pids"
                                  << "pids.max" << QByteArray("50");
        QTest::newRow("cpu.max") << "cpu"
                                 << "cpu.max" << QByteArray("50000 100000");
    }

    void limitsNeedTheirController()
    {
        REQUIRE_WRITABLE_CGROUP();
        QFETCH(QString, controller);
        QFETCH(QString, file);
        QFETCH(QByteArray, readBack);
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        QString error;
        RunCgroup *run = runner->createRun(&error);
        QVERIFY2(run, qPrintable(error));
        auto set = [&](QString *why) {
            if (controller == "memory")
                return run->setMemoryMax(64 * 1024 * 1024, why);
            if (controller == "pids")
                return run->setPidsMax(50, why);
            return run->setCpuMax(50'000, 100'000, why);
        };
        const bool enabled = runner->controllers().contains(controller);
        QString why;
        QCOMPARE(set(&why), enabled);
        if (enabled) {
            QCOMPARE(readFile(run->directory() + '/' + file).trimmed(), readBack);
            QVERIFY(runner->whyUnavailable(controller).isEmpty());
        } else {
            qInfo("%s", qPrintable(why));
            // Says what failed and why: the file, the controller, what the hierarchy offers.
            QVERIFY2(why.contains(file) && why.contains("the " + controller + " controller"),
                     qPrintable(why));
            QVERIFY2((why.contains(m_testDirectory + " passes on to its children only"))
                         || why.contains("could not be enabled"),
                     qPrintable(why));
            if (m_host.v1Controllers.contains(controller))
                QVERIFY2(why.contains("cgroup v1"), qPrintable(why));
            QVERIFY(!CgroupFiles::exists(run->directory() + '/' + file));
        }
    }

    void removingLeavesNothingBehind()
    {
        REQUIRE_WRITABLE_CGROUP();
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        const QString instance = runner->directory();
        QCOMPARE(CgroupFiles::childDirectories(m_testDirectory), QStringList{instance});
        QString error;
        RunCgroup *empty = runner->createRun(&error);
        RunCgroup *busy = runner->createRun(&error);
        RunCgroup *handedOver = runner->createRun(&error);
        RunCgroup *left = runner->createRun(&error);
        QVERIFY2(empty && busy && handedOver && left, qPrintable(error));
        QCOMPARE(runner->runs().size(), 4);
        spawnShell(busy->procsFd(), "sleep 300 & wait", m_marker);
        spawnShell(handedOver->procsFd(), "sleep 300 & wait", m_marker);
        spawnShell(left->procsFd(), "setsid sleep 300 & wait", m_marker);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 6, WaitMs);

        // An empty leaf goes; a populated one refuses, saying so.
        const QString emptyDirectory = empty->directory();
        QVERIFY2(empty->remove(&error), qPrintable(error));
        QVERIFY(!CgroupFiles::exists(emptyDirectory));
        QVERIFY(!busy->remove(&error));
        QVERIFY2(error.contains("2 process(es) still in it"), qPrintable(error));
        QVERIFY(CgroupFiles::exists(busy->directory()));

        // Deleting a populated run kills what is in it; its leaf goes once empty.
        const QString handedOverDirectory = handedOver->directory();
        delete handedOver;
        QTRY_VERIFY_WITH_TIMEOUT(!CgroupFiles::exists(handedOverDirectory), WaitMs);
        QCOMPARE(runner->runs().size(), 3); // empty, busy, left: empty is removed, not deleted

        // The runner's end takes the rest: killed, every leaf and the instance removed.
        runner.reset();
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QCOMPARE(CgroupFiles::childDirectories(m_testDirectory), QStringList());
        QVERIFY(!CgroupFiles::exists(instance));
    }

    void manyRunsShareOneInotifyInstance()
    {
        REQUIRE_WRITABLE_CGROUP();
        // More runs than a user's inotify instances (128 by default).
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        const int fdsBefore = ProcProbe::openFdCount();
        QString error;
        QVector<RunCgroup *> runs;
        for (int i = 0; i < 200; ++i) {
            RunCgroup *run = runner->createRun(&error);
            QVERIFY2(run, qPrintable(QStringLiteral("run %1: %2").arg(i).arg(error)));
            runs.append(run);
        }
        // Each run watched, and the last one still told when its process ends.
        QSignalSpy emptied(runs.last(), &RunCgroup::emptied);
        const pid_t pid = spawnInto(runs.last()->procsFd(), {"/bin/true"}, m_marker);
        for (RunCgroup *run : std::as_const(runs))
            run->closeProcsFd();
        QCOMPARE(ProcProbe::openFdCount(), fdsBefore); // no descriptor per run once started
        QTRY_COMPARE_WITH_TIMEOUT(emptied.count(), 1, WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(reaped(pid), WaitMs);
        runner.reset();
        QCOMPARE(CgroupFiles::childDirectories(m_testDirectory), QStringList());
    }

    void leftoversOfDeadRunners()
    {
        REQUIRE_WRITABLE_CGROUP();
        // A pid nobody has: the highest, counting down past any in use.
        pid_t deadPid = 4'000'000;
        while (::kill(deadPid, 0) == 0 || errno != ESRCH)
            --deadPid;
        const quint64 ourStart = ProcessTable::readProcess(::getpid())->startTime;
        QVERIFY(ourStart > 0);

        auto make = [&](const QString &name) {
            const QString directory = m_testDirectory + '/' + name;
            QString error;
            [&] { QVERIFY2(CgroupFiles::makeDirectory(directory, &error), qPrintable(error)); }();
            return directory;
        };
        const QString dead = make(RunnerCgroup::instanceName(deadPid, 12345, 1));
        const QString reused = make(RunnerCgroup::instanceName(::getpid(), ourStart + 1, 2));
        const QString live = make(RunnerCgroup::instanceName(::getpid(), ourStart, 3));
        const QString stranger = make("taskrunner-test-not-an-instance");
        // The dead runner left a run going, with a child.
        const QString deadRun = make(RunnerCgroup::instanceName(deadPid, 12345, 1) + "/run-1");
        QString error;
        const int procs = ::open(QFile::encodeName(deadRun + "/cgroup.procs").constData(),
                                 O_WRONLY | O_CLOEXEC);
        QVERIFY(procs >= 0);
        spawnShell(procs, "sleep 300 & wait", m_marker);
        ::close(procs);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, WaitMs);

        QVector<RunnerCgroup::Leftover> leftovers
            = RunnerCgroup::findLeftovers(m_testDirectory, m_testPath);
        std::sort(leftovers.begin(), leftovers.end(),
                  [](const auto &a, const auto &b) { return a.directory < b.directory; });
        QCOMPARE(leftovers.size(), 2); // not the live one, not a stranger's
        const auto &first = leftovers.at(0).directory == dead ? leftovers.at(0) : leftovers.at(1);
        const auto &second = leftovers.at(0).directory == dead ? leftovers.at(1) : leftovers.at(0);
        QCOMPARE(first.directory, dead);
        QCOMPARE(first.pid, deadPid);
        QVERIFY(!first.pidReused);
        QCOMPARE(sorted(first.processes), sorted(ProcProbe::processesWithMarker(m_marker)));
        QCOMPARE(second.directory, reused);
        QVERIFY(second.pidReused);
        QVERIFY(second.processes.isEmpty());

        for (const RunnerCgroup::Leftover &leftover : std::as_const(leftovers))
            QVERIFY2(RunnerCgroup::removeLeftover(leftover, &error), qPrintable(error));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QVERIFY(!CgroupFiles::exists(dead));
        QVERIFY(!CgroupFiles::exists(reused));

        // A live runner's instance is never taken.
        RunnerCgroup::Leftover notLeft;
        notLeft.directory = live;
        QVERIFY(!RunnerCgroup::removeLeftover(notLeft, &error));
        QVERIFY2(error.contains("live runner"), qPrintable(error));
        notLeft.directory = stranger;
        QVERIFY(!RunnerCgroup::removeLeftover(notLeft, &error));
        QVERIFY(CgroupFiles::exists(live) && CgroupFiles::exists(stranger));
    }

    void adoptedCgroupMovesTheRunnerIntoALeaf()
    {
        REQUIRE_WRITABLE_CGROUP();
        // A cgroup handed to a runner whole, with it inside - as a systemd scope would be.
        const QString scope = m_testDirectory + "/scope";
        const QString scopePath = m_testPath + "/scope";
        QString error;
        QVERIFY2(CgroupFiles::makeDirectory(scope, &error), qPrintable(error));

        QProcess adopter;
        const int procs
            = ::open(QFile::encodeName(scope + "/cgroup.procs").constData(), O_WRONLY | O_CLOEXEC);
        QVERIFY(procs >= 0);
        adopter.setChildProcessModifier([procs] {
            if (::write(procs, "0", 1) != 1)
                ::_exit(99);
        });
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(m_marker), "1");
        adopter.setProcessEnvironment(environment);
        adopter.start(CGROUPADOPTER, {scope, scopePath});
        QVERIFY2(adopter.waitForStarted(WaitMs), qPrintable(adopter.errorString()));
        ::close(procs);
        QTRY_VERIFY_WITH_TIMEOUT(adopter.canReadLine() || adopter.state() != QProcess::Running,
                                 WaitMs);
        const QList<QByteArray> words = adopter.readLine().trimmed().split(' ');
        QVERIFY2(words.value(0) == "adopted", words.join(' ').constData());
        // The runner is in <scope>/runner; its run in a sibling leaf.
        QCOMPARE(QString::fromLocal8Bit(words.value(1)), scopePath + "/runner");
        QCOMPARE(QString::fromLocal8Bit(words.value(2)), scope + "/run-1");
        const pid_t sleeper = pid_t(words.value(3).toInt());
        QCOMPARE(CgroupFiles::cgroupPathOf(sleeper).value_or("none"), scopePath + "/run-1");
        QCOMPARE(CgroupFiles::read(scope + "/cgroup.procs").value_or("?"), QByteArray());
        QCOMPARE(CgroupFiles::read(scope + "/runner/cgroup.procs").value_or("?").trimmed(),
                 QByteArray::number(adopter.processId()));

        // Never the root cgroup.
        QVERIFY(!RunnerCgroup::adopt(m_host.mountPoint, "/", &error));
        QVERIFY2(error.contains("root cgroup"), qPrintable(error));
        QCOMPARE(CgroupFiles::cgroupPathOf(::getpid()).value_or("none"), m_host.ownPath);

        // Its end kills the run and removes the run's leaf - not runner/, which still holds it.
        adopter.closeWriteChannel();
        QVERIFY(adopter.waitForFinished(WaitMs));
        QCOMPARE(adopter.exitCode(), 0);
        QVERIFY(!CgroupFiles::exists(scope + "/run-1"));
        QVERIFY(CgroupFiles::exists(scope + "/runner"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A measurement, not a test: run with TASKRUNNER_MEASURE_CGROUP_KILL=1. bash and 300 sleeping
    // children killed by cgroup.kill, by the fallback, and - the baseline, the kernel's exit work
    // alone - by one SIGKILL to their process group; the time until the last has exited, and
    // until emptied() said so. Medians of 7.
    void measureKillOf300()
    {
        REQUIRE_WRITABLE_CGROUP();
        if (qEnvironmentVariableIsEmpty("TASKRUNNER_MEASURE_CGROUP_KILL"))
            QSKIP("a measurement: set TASKRUNNER_MEASURE_CGROUP_KILL=1 to take it");
        std::unique_ptr<RunnerCgroup> runner = makeRunner();
        QVERIFY(runner);
        enum class Way { KillFile, SignalEach, ProcessGroup };
        for (const Way way : {Way::KillFile, Way::SignalEach, Way::ProcessGroup}) {
            QVector<double> allExited;
            QVector<double> toldEmpty;
            for (int round = 0; round < 7; ++round) {
                QString error;
                RunCgroup *run = runner->createRun(&error);
                QVERIFY2(run, qPrintable(error));
                // setsid: a group of their own (ours otherwise), for the baseline's killpg.
                const pid_t shell = spawnInto(run->procsFd(),
                                              {"/usr/bin/setsid", "/bin/bash", "-c",
                                               "for i in $(seq 300); do sleep 300 & done; wait"},
                                              m_marker);
                run->closeProcsFd();
                QTRY_COMPARE_WITH_TIMEOUT(run->members().size(), 301, WaitMs);
                // A pidfd reads as readable once its process has exited: the last of them is
                // when everything has ended; emptied() is when the kernel said so (inotify).
                // Both are taken in one event loop, which blocks until either comes.
                QElapsedTimer clock;
                QEventLoop loop;
                double lastExitAt = -1;
                double emptiedAt = -1;
                int left = 0;
                std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
                for (const pid_t pid : run->members()) {
                    const int fd = int(::syscall(SYS_pidfd_open, pid, 0));
                    QVERIFY(fd >= 0);
                    auto notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
                    QSocketNotifier *raw = notifier.get();
                    connect(raw, &QSocketNotifier::activated, this, [&, raw, fd] {
                        raw->setEnabled(false);
                        ::close(fd);
                        if (--left == 0) {
                            lastExitAt = clock.nsecsElapsed() / 1e6;
                            if (emptiedAt >= 0)
                                loop.quit();
                        }
                    });
                    notifiers.push_back(std::move(notifier));
                    ++left;
                }
                connect(run, &RunCgroup::emptied, this, [&] {
                    emptiedAt = clock.nsecsElapsed() / 1e6;
                    if (lastExitAt >= 0)
                        loop.quit();
                });
                QTimer::singleShot(WaitMs, &loop, &QEventLoop::quit);
                clock.start();
                if (way == Way::ProcessGroup) {
                    QCOMPARE(::getpgid(shell), shell);
                    QCOMPARE(::kill(-shell, SIGKILL), 0);
                } else {
                    QVERIFY2(run->kill(&error, way == Way::KillFile ? CgroupKillMethod::KillFile
                                                                    : CgroupKillMethod::SignalEach),
                             qPrintable(error));
                }
                loop.exec();
                QVERIFY2(lastExitAt >= 0 && emptiedAt >= 0, "the kill did not end it all in time");
                allExited.append(lastExitAt);
                toldEmpty.append(emptiedAt);
                PROBE_VERIFY_NO_SURVIVORS(m_marker);
                QTRY_VERIFY_WITH_TIMEOUT(g_children.isEmpty() || reaped(g_children.last()), WaitMs);
                QVERIFY2(run->remove(&error), qPrintable(error));
            }
            qInfo("%s, bash + 300 sleeps: all exited after %.1f ms, emptied() after %.1f ms "
                  "(medians of 7; all exited %.1f..%.1f ms)",
                  way == Way::KillFile     ? "cgroup.kill"
                  : way == Way::SignalEach ? "freeze + SIGKILL each"
                                           : "killpg (baseline)",
                  median(allExited), median(toldEmpty),
                  *std::min_element(allExited.cbegin(), allExited.cend()),
                  *std::max_element(allExited.cbegin(), allExited.cend()));
        }
    }
};

QTEST_GUILESS_MAIN(CgroupsTest)
#include "tst_cgroups.moc"
