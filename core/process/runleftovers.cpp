#include "runleftovers.h"

#include "cgrouphierarchy.h"
#include "processsignaller.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <csignal>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int KillDeadlineMs = 1000;
constexpr int ExitWaitMs = 20;
const QByteArray MarkerName = QByteArrayLiteral("TASKRUNNER_RUN_ID=");

bool ownedByUs(pid_t pid)
{
    struct stat info
    {
    };
    const QByteArray path = "/proc/" + QByteArray::number(pid);
    return ::stat(path.constData(), &info) == 0 && info.st_uid == ::geteuid();
}

// The TASKRUNNER_RUN_ID=... entry of an environment, or nothing.
QByteArray markerIn(const QByteArray &environment)
{
    qsizetype from = 0;
    while (from < environment.size()) {
        qsizetype end = environment.indexOf('\0', from);
        if (end < 0)
            end = environment.size();
        if (QByteArrayView(environment.constData() + from, end - from).startsWith(MarkerName))
            return environment.mid(from, end - from);
        from = end + 1;
    }
    return QByteArray();
}

// Whether the runner named in a marker is alive: its pid is a process that started no later
// than the task did (the runner existed when it started the task; a later process with that
// number is a reuse). Equal start times (10 ms ticks) count as alive: never kill on a doubt.
bool runnerAlive(pid_t runner, quint64 taskStartTime, bool *reused = nullptr)
{
    const std::optional<ProcessInfo> process = ProcessTable::readProcess(runner);
    const bool alive = process && !process->isZombie() && process->startTime <= taskStartTime;
    if (reused)
        *reused = process && !alive && !process->isZombie();
    return alive;
}

QString commandLineOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    QByteArray command;
    if (file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        command = file.read(4096);
    while (command.endsWith('\0'))
        command.chop(1);
    command.replace('\0', ' ');
    return QString::fromLocal8Bit(command);
}

// A process start time (clock ticks since boot) as a wall-clock time.
QDateTime startedAt(quint64 startTime)
{
    static const qint64 bootSeconds = [] {
        QFile stat(QStringLiteral("/proc/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            return qint64(0);
        for (const QByteArray &line : stat.readAll().split('\n')) {
            if (line.startsWith("btime "))
                return line.mid(6).trimmed().toLongLong();
        }
        return qint64(0);
    }();
    const long ticks = ::sysconf(_SC_CLK_TCK);
    if (bootSeconds == 0 || ticks <= 0)
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(bootSeconds * 1000 + qint64(startTime) * 1000 / ticks);
}

// Live processes of ours carrying exactly marker.
QVector<ProcessInfo> carrying(const QByteArray &marker)
{
    QVector<ProcessInfo> found;
    const ProcessTable table = ProcessTable::descendantsOf(0);
    for (const ProcessInfo &process : table.processes()) {
        if (process.isZombie() || process.pid <= 1 || process.pid == ::getpid()
            || !ownedByUs(process.pid))
            continue;
        if (ProcessTable::environmentHas(ProcessTable::readEnvironment(process.pid), marker))
            found.append(process);
    }
    return found;
}

bool killProcesses(const RunLeftover &leftover, pid_t runner, QString *error)
{
    QDeadlineTimer deadline(KillDeadlineMs);
    int quietLooks = 0;
    for (;;) {
        const QVector<ProcessInfo> members = carrying(leftover.markerEntry);
        for (const ProcessInfo &process : members) {
            if (runnerAlive(runner, process.startTime)) {
                if (error)
                    *error = QStringLiteral("pid %1 belongs to a live taskrunner (pid %2)")
                                 .arg(process.pid)
                                 .arg(runner);
                return false;
            }
        }
        QVector<pollfd> exits;
        for (const ProcessInfo &process : members) {
            if (!ProcessSignaller::signalProcess(process, SIGKILL))
                continue;
            const int pidfd = ProcessSignaller::openPidfd(process.pid);
            if (pidfd >= 0)
                exits.append(pollfd{pidfd, POLLIN, 0});
        }
        if (members.isEmpty()) {
            // Once more, a moment later: /proc hides the environment of a process in the middle
            // of execve(), so one look may miss one.
            if (++quietLooks >= 2)
                return true;
            ::poll(nullptr, 0, 10);
            continue;
        }
        quietLooks = 0;
        if (deadline.hasExpired()) {
            for (const pollfd &exit : std::as_const(exits))
                ::close(exit.fd);
            if (error)
                *error = QStringLiteral("%1 process(es) carrying %2 still alive after SIGKILL")
                             .arg(members.size())
                             .arg(QString::fromLatin1(leftover.markerEntry));
            return false;
        }
        // Wait for them on their pidfds, briefly, then look again for what they forked.
        QDeadlineTimer wait(ExitWaitMs);
        for (const pollfd &exit : std::as_const(exits)) {
            pollfd one = exit;
            ::poll(&one, 1, int(std::max<qint64>(0, wait.remainingTime())));
            ::close(exit.fd);
        }
    }
}

} // namespace

QString RunLeftover::description() const
{
    const QString runner = QStringLiteral("taskrunner (pid %1, %2)")
                               .arg(runnerPid)
                               .arg(runnerPidReused ? QStringLiteral("its number reused since")
                                                    : QStringLiteral("gone"));
    if (kind == Kind::Cgroup) {
        const int count = int(cgroup.processes.size());
        if (count == 0)
            return QStringLiteral("the empty cgroup %1 of %2, to remove")
                .arg(cgroup.directory, runner);
        return QStringLiteral("%1 process%2 in the cgroup %3 of %4")
            .arg(count)
            .arg(count == 1 ? QString() : QStringLiteral("es"))
            .arg(cgroup.directory, runner);
    }
    const int count = int(processes.size());
    QStringList shown;
    for (const QString &command : commands.mid(0, 3))
        shown.append(command.size() > 60 ? command.left(59) + QChar(0x2026) : command);
    if (commands.size() > 3)
        shown.append(QString(QChar(0x2026)));
    return QStringLiteral("%1 process%2 of a run of %3%4: %5")
        .arg(count)
        .arg(count == 1 ? QString() : QStringLiteral("es"))
        .arg(runner)
        .arg(since.isValid() ? QStringLiteral(", since %1").arg(since.toString(Qt::ISODate))
                             : QString())
        .arg(shown.join(QLatin1String(", ")));
}

namespace RunLeftovers {

std::optional<pid_t> runnerPidOfMarker(const QByteArray &markerEntry)
{
    if (!markerEntry.startsWith(MarkerName))
        return std::nullopt;
    const QByteArray value = markerEntry.mid(MarkerName.size());
    const qsizetype dash = value.indexOf('-');
    if (dash <= 0)
        return std::nullopt;
    bool ok = false;
    const qlonglong pid = value.left(dash).toLongLong(&ok);
    if (!ok || pid <= 1 || pid > std::numeric_limits<pid_t>::max())
        return std::nullopt;
    return pid_t(pid);
}

QVector<RunLeftover> findProcesses()
{
    QVector<RunLeftover> leftovers;
    QHash<QByteArray, int> indexOfMarker;
    const ProcessTable table = ProcessTable::descendantsOf(0);
    for (const ProcessInfo &process : table.processes()) {
        if (process.isZombie() || process.pid <= 1 || process.pid == ::getpid()
            || !ownedByUs(process.pid))
            continue;
        const QByteArray marker = markerIn(ProcessTable::readEnvironment(process.pid));
        const std::optional<pid_t> runner = runnerPidOfMarker(marker);
        bool reused = false;
        if (!runner || runnerAlive(*runner, process.startTime, &reused))
            continue;
        int index = indexOfMarker.value(marker, -1);
        if (index < 0) {
            index = int(leftovers.size());
            indexOfMarker.insert(marker, index);
            RunLeftover leftover;
            leftover.kind = RunLeftover::Kind::Processes;
            leftover.runnerPid = *runner;
            leftover.markerEntry = marker;
            leftovers.append(leftover);
        }
        RunLeftover &leftover = leftovers[index];
        leftover.runnerPidReused = leftover.runnerPidReused || reused;
        leftover.processes.append(process);
        leftover.commands.append(commandLineOf(process.pid));
        const QDateTime started = startedAt(process.startTime);
        if (started.isValid() && (!leftover.since.isValid() || started < leftover.since))
            leftover.since = started;
    }
    return leftovers;
}

QVector<RunLeftover> findCgroups(const QString &parentDirectory, const QString &parentPath)
{
    QVector<RunLeftover> leftovers;
    for (const RunnerCgroup::Leftover &found :
         RunnerCgroup::findLeftovers(parentDirectory, parentPath)) {
        RunLeftover leftover;
        leftover.kind = RunLeftover::Kind::Cgroup;
        leftover.runnerPid = found.pid;
        leftover.runnerPidReused = found.pidReused;
        leftover.cgroup = found;
        leftovers.append(leftover);
    }
    return leftovers;
}

QVector<RunLeftover> find()
{
    QVector<RunLeftover> leftovers;
    QSet<pid_t> inCgroups;
    const CgroupHierarchy hierarchy = CgroupHierarchy::detect();
    if (hierarchy.hasDirectory()) {
        leftovers = findCgroups(hierarchy.ownDirectory, hierarchy.ownPath);
        for (const RunLeftover &leftover : std::as_const(leftovers)) {
            for (const pid_t pid : leftover.cgroup.processes)
                inCgroups.insert(pid);
        }
    }
    for (RunLeftover &leftover : findProcesses()) {
        for (qsizetype i = leftover.processes.size(); i-- > 0;) {
            if (inCgroups.contains(leftover.processes.at(i).pid)) {
                leftover.processes.removeAt(i);
                leftover.commands.removeAt(i);
            }
        }
        if (!leftover.processes.isEmpty())
            leftovers.append(leftover);
    }
    return leftovers;
}

bool kill(const RunLeftover &leftover, QString *error)
{
    if (leftover.kind == RunLeftover::Kind::Cgroup)
        return RunnerCgroup::removeLeftover(leftover.cgroup, error);
    const std::optional<pid_t> runner = runnerPidOfMarker(leftover.markerEntry);
    if (!runner) {
        if (error)
            *error = QStringLiteral("not a taskrunner run marker: %1")
                         .arg(QString::fromLatin1(leftover.markerEntry));
        return false;
    }
    return killProcesses(leftover, *runner, error);
}

} // namespace RunLeftovers
