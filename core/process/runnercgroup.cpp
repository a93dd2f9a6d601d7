#include "runnercgroup.h"

#include "cgroupeventswatcher.h"
#include "cgroupfiles.h"
#include "cgrouphierarchy.h"
#include "processtable.h"
#include "runcgroup.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <unistd.h>

namespace {

// The controllers a run leaf gets where the hierarchy offers them: figures and limits for CPU,
// memory and processes. Not io or cpuset: nothing here uses them.
const QStringList &wantedControllers()
{
    static const QStringList names
        = {QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("pids")};
    return names;
}

// How long the destructor and removeLeftover() wait for killed processes to leave.
constexpr int EmptyWaitMs = 1000;

QString childPath(const QString &parentPath, const QString &name)
{
    return (parentPath == QLatin1String("/") ? QString() : parentPath) + QLatin1Char('/') + name;
}

bool eventsPopulated(const QString &directory)
{
    const std::optional<CgroupEvents> events = CgroupFiles::parseEvents(
        CgroupFiles::read(directory + QLatin1String("/cgroup.events")).value_or(QByteArray()));
    return events && events->populated;
}

} // namespace

RunnerCgroup::RunnerCgroup(Layout layout, const QString &directory, const QString &path)
    : m_layout(layout)
    , m_directory(directory)
    , m_path(path)
    , m_watcher(new CgroupEventsWatcher(this))
{}

std::unique_ptr<RunnerCgroup> RunnerCgroup::create(const CgroupHierarchy &hierarchy, QString *error)
{
    if (!hierarchy.usable()) {
        if (error) {
            *error = !hierarchy.problem.isEmpty()
                         ? hierarchy.problem
                         : QStringLiteral("cannot make cgroups in %1: %2")
                               .arg(hierarchy.ownDirectory, hierarchy.notWritableReason);
        }
        return nullptr;
    }
    return createUnder(hierarchy.ownDirectory, hierarchy.ownPath, error, hierarchy.v1Controllers);
}

std::unique_ptr<RunnerCgroup> RunnerCgroup::createUnder(const QString &parentDirectory,
                                                        const QString &parentPath, QString *error,
                                                        const QStringList &v1Controllers)
{
    const std::optional<ProcessInfo> self = ProcessTable::readProcess(::getpid());
    if (!self) {
        if (error)
            *error = QStringLiteral("cannot read this process's start time from /proc");
        return nullptr;
    }
    const QString name
        = instanceName(::getpid(), self->startTime, QRandomGenerator::system()->generate());
    const QString directory = parentDirectory + QLatin1Char('/') + name;
    if (!CgroupFiles::makeDirectory(directory, error))
        return nullptr;
    std::unique_ptr<RunnerCgroup> runner(
        new RunnerCgroup(Layout::RunnerOutside, directory, childPath(parentPath, name)));
    if (!runner->setUp(v1Controllers, error))
        return nullptr; // the destructor removes the instance
    return runner;
}

std::unique_ptr<RunnerCgroup> RunnerCgroup::adopt(const QString &directory, const QString &path,
                                                  QString *error, const QStringList &v1Controllers)
{
    // Never the root cgroup (it has no cgroup.type): that is nobody's to hand over.
    if (!CgroupFiles::exists(directory + QLatin1String("/cgroup.type"))) {
        if (error)
            *error = QStringLiteral("%1 is the root cgroup (or not a cgroup): not ours to adopt")
                         .arg(directory);
        return nullptr;
    }
    std::unique_ptr<RunnerCgroup> runner(new RunnerCgroup(Layout::RunnerInside, directory, path));
    const QString leaf = directory + QLatin1String("/runner");
    if (!CgroupFiles::exists(leaf) && !CgroupFiles::makeDirectory(leaf, error))
        return nullptr;
    // "0" moves the writer: the whole process, every thread of it.
    if (!CgroupFiles::write(leaf + QLatin1String("/cgroup.procs"), "0", error))
        return nullptr;
    if (!runner->setUp(v1Controllers, error))
        return nullptr;
    return runner;
}

bool RunnerCgroup::setUp(const QStringList &v1Controllers, QString *error)
{
    if (!m_watcher->isValid()) {
        if (error)
            *error = m_watcher->errorString();
        return false;
    }
    m_hasKillFile = CgroupFiles::exists(m_directory + QLatin1String("/cgroup.kill"));
    m_hasFreezeFile = CgroupFiles::exists(m_directory + QLatin1String("/cgroup.freeze"));

    // What the parent passes on is what the instance may enable for its leaves. Each controller
    // on its own write, so that one refused does not take the others with it.
    const QStringList offered = CgroupFiles::parseControllers(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.controllers"))
            .value_or(QByteArray()));
    const QStringList enabled = CgroupFiles::parseControllers(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.subtree_control"))
            .value_or(QByteArray()));
    const QString offeredText
        = offered.isEmpty() ? QStringLiteral("none") : offered.join(QLatin1Char(' '));
    const QString parent = m_directory.left(m_directory.lastIndexOf(QLatin1Char('/')));
    for (const QString &controller : wantedControllers()) {
        QString why;
        if (enabled.contains(controller)) {
            m_controllers.append(controller);
            continue;
        }
        if (!offered.contains(controller)) {
            why = QStringLiteral("the %1 controller is not available to taskrunner's cgroups "
                                 "(%2 passes on to its children only: %3)")
                      .arg(controller, parent, offeredText);
            if (v1Controllers.contains(controller))
                why += QStringLiteral("; %1 is managed by cgroup v1 on this host").arg(controller);
        } else if (!CgroupFiles::write(m_directory + QLatin1String("/cgroup.subtree_control"),
                                       "+" + controller.toLatin1(), &why)) {
            why = QStringLiteral("the %1 controller could not be enabled for taskrunner's "
                                 "cgroups: %2")
                      .arg(controller, why);
        } else {
            m_controllers.append(controller);
            continue;
        }
        m_unavailable.insert(controller, why);
        qCInfo(lcCgroup).noquote() << why;
    }

    if (m_layout == Layout::RunnerOutside) {
        m_instanceWatch = m_watcher->watch(
            m_directory, [this] { onInstanceEventsModified(); }, error);
        if (!m_instanceWatch)
            return false;
        m_instancePopulated = eventsPopulated(m_directory);
    }
    return true;
}

RunnerCgroup::~RunnerCgroup()
{
    m_destroying = true;
    // The runs first: each kills what is left in it and hands its leaf over to be removed.
    const QList<RunCgroup *> live = runs();
    for (RunCgroup *run : live)
        delete run;
    const QStringList leaves = runLeafDirectories();
    if (m_layout == Layout::RunnerOutside) {
        QString error;
        if (isPopulated()
            && !CgroupKiller::killTree(m_directory, m_path, CgroupKillMethod::Auto, &error))
            qCWarning(lcCgroup).noquote() << error;
    }
    if (!waitUntilEmpty(leaves, EmptyWaitMs))
        qCWarning(lcCgroup).noquote()
            << QStringLiteral("processes of runs still in %1 after SIGKILL; it stays, to be "
                              "found as a leftover")
                   .arg(m_directory);
    for (const QString &leaf : leaves) {
        QString error;
        if (CgroupFiles::exists(leaf) && !CgroupFiles::removeDirectory(leaf, &error))
            qCWarning(lcCgroup).noquote() << error;
    }
    if (m_layout == Layout::RunnerOutside) {
        m_watcher->unwatch(m_instanceWatch);
        QString error;
        if (!CgroupFiles::removeDirectory(m_directory, &error))
            qCWarning(lcCgroup).noquote() << error;
    }
}

QString RunnerCgroup::whyUnavailable(const QString &controller) const
{
    if (m_controllers.contains(controller))
        return QString();
    return m_unavailable.value(
        controller,
        QStringLiteral("the %1 controller is not one taskrunner enables").arg(controller));
}

RunCgroup *RunnerCgroup::createRun(QString *error)
{
    // A leaf left by a run of ours that is still being removed keeps its number: skip it.
    QString name;
    do {
        name = QStringLiteral("run-%1").arg(m_nextRun++);
    } while (CgroupFiles::exists(m_directory + QLatin1Char('/') + name));
    auto *run = new RunCgroup(this, name);
    if (!run->open(error)) {
        run->m_removed = true; // nothing to remove: open() cleaned up
        delete run;
        return nullptr;
    }
    return run;
}

QList<RunCgroup *> RunnerCgroup::runs() const
{
    return findChildren<RunCgroup *>(QString(), Qt::FindDirectChildrenOnly);
}

bool RunnerCgroup::killAll(QString *error, CgroupKillMethod method)
{
    if (m_layout == Layout::RunnerOutside)
        return CgroupKiller::killTree(m_directory, m_path, method, error);
    // RunnerInside: the instance holds us too; leaf by leaf.
    bool ok = true;
    for (const QString &leaf : runLeafDirectories()) {
        QString leafError;
        const QString leafPath = childPath(m_path, leaf.mid(m_directory.size() + 1));
        if (!CgroupKiller::killTree(leaf, leafPath, method, &leafError)) {
            ok = false;
            if (error)
                *error = leafError;
        }
    }
    return ok;
}

bool RunnerCgroup::isPopulated() const
{
    if (m_layout == Layout::RunnerOutside)
        return eventsPopulated(m_directory);
    const QStringList leaves = runLeafDirectories();
    return std::any_of(leaves.cbegin(), leaves.cend(), eventsPopulated);
}

void RunnerCgroup::removeWhenEmpty(const QString &directory)
{
    if (m_destroying)
        return; // the destructor removes every leaf anyway
    auto tryRemove = [this, directory] {
        if (eventsPopulated(directory) || !CgroupFiles::removeDirectory(directory, nullptr))
            return;
        m_watcher->unwatch(m_pendingLeaves.take(directory));
    };
    QString error;
    const int handle = m_watcher->watch(directory, tryRemove, &error);
    if (!handle) {
        qCWarning(lcCgroup).noquote() << error;
        return;
    }
    m_pendingLeaves.insert(directory, handle);
    tryRemove(); // it may have emptied before the watch
}

void RunnerCgroup::onInstanceEventsModified()
{
    const bool populated = eventsPopulated(m_directory);
    const bool wasPopulated = m_instancePopulated;
    m_instancePopulated = populated;
    if (wasPopulated && !populated)
        Q_EMIT emptied();
}

QStringList RunnerCgroup::runLeafDirectories() const
{
    QStringList leaves;
    for (const QString &child : CgroupFiles::childDirectories(m_directory)) {
        if (child.mid(m_directory.size() + 1).startsWith(QLatin1String("run-")))
            leaves.append(child);
    }
    return leaves;
}

bool RunnerCgroup::waitUntilEmpty(const QStringList &directories, int timeoutMs)
{
    // Watches of our own, on every leaf: wait for a notification rather than sleep.
    QVector<int> handles;
    for (const QString &directory : directories) {
        if (const int handle = m_watcher->watch(
                directory, [] {}, nullptr))
            handles.append(handle);
    }
    QDeadlineTimer deadline(timeoutMs);
    bool empty = false;
    for (;;) {
        empty = std::none_of(directories.cbegin(), directories.cend(), eventsPopulated);
        if (empty || deadline.hasExpired())
            break;
        m_watcher->waitAndDispatch(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    for (const int handle : handles)
        m_watcher->unwatch(handle);
    return empty;
}

QString RunnerCgroup::instanceName(pid_t pid, quint64 startTime, quint32 random)
{
    return QStringLiteral("taskrunner-%1-%2-%3")
        .arg(pid)
        .arg(startTime)
        .arg(random, 8, 16, QLatin1Char('0'));
}

bool RunnerCgroup::parseInstanceName(const QString &name, pid_t *pid, quint64 *startTime)
{
    static const QRegularExpression pattern(
        QStringLiteral("^taskrunner-([1-9][0-9]{0,9})-([0-9]{1,20})-[0-9a-f]{8}$"));
    const QRegularExpressionMatch match = pattern.match(name);
    if (!match.hasMatch())
        return false;
    bool pidOk = false;
    bool startOk = false;
    const qint64 number = match.captured(1).toLongLong(&pidOk);
    const quint64 start = match.captured(2).toULongLong(&startOk);
    if (!pidOk || !startOk || number > std::numeric_limits<pid_t>::max())
        return false;
    *pid = pid_t(number);
    *startTime = start;
    return true;
}

QVector<RunnerCgroup::Leftover> RunnerCgroup::findLeftovers(const QString &parentDirectory,
                                                            const QString &parentPath)
{
    QVector<Leftover> leftovers;
    for (const QString &directory : CgroupFiles::childDirectories(parentDirectory)) {
        const QString name = directory.mid(parentDirectory.size() + 1);
        Leftover leftover;
        if (!parseInstanceName(name, &leftover.pid, &leftover.startTime))
            continue;
        const std::optional<ProcessInfo> process = ProcessTable::readProcess(leftover.pid);
        if (process && process->startTime == leftover.startTime && !process->isZombie())
            continue; // its runner lives
        leftover.pidReused = process && process->startTime != leftover.startTime;
        leftover.directory = directory;
        leftover.path = childPath(parentPath, name);
        leftover.processes = CgroupKiller::treeMembers(directory);
        leftovers.append(leftover);
    }
    return leftovers;
}

bool RunnerCgroup::removeLeftover(const Leftover &leftover, QString *error)
{
    // Only what findLeftovers() names: an instance, named as ours, whose runner is gone.
    pid_t pid = 0;
    quint64 startTime = 0;
    const QString name
        = leftover.directory.mid(leftover.directory.lastIndexOf(QLatin1Char('/')) + 1);
    if (!parseInstanceName(name, &pid, &startTime)) {
        if (error)
            *error
                = QStringLiteral("%1 is not a taskrunner instance cgroup").arg(leftover.directory);
        return false;
    }
    const std::optional<ProcessInfo> process = ProcessTable::readProcess(pid);
    if (process && process->startTime == startTime && !process->isZombie()) {
        if (error)
            *error = QStringLiteral("%1 belongs to a live runner (pid %2)")
                         .arg(leftover.directory)
                         .arg(pid);
        return false;
    }
    if (eventsPopulated(leftover.directory)) {
        if (!CgroupKiller::killTree(leftover.directory, leftover.path, CgroupKillMethod::Auto,
                                    error))
            return false;
        CgroupEventsWatcher watcher;
        watcher.watch(
            leftover.directory, [] {}, nullptr);
        QDeadlineTimer deadline(EmptyWaitMs);
        while (eventsPopulated(leftover.directory) && !deadline.hasExpired())
            watcher.waitAndDispatch(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    for (const QString &directory : CgroupFiles::subtreeDeepestFirst(leftover.directory)) {
        if (!CgroupFiles::removeDirectory(directory, error))
            return false;
    }
    return true;
}
