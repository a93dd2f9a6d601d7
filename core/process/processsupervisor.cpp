#include "processsupervisor.h"

#include "logging.h"
#include "pipeholders.h"
#include "runguardian.h"

#include "taskrun.h"
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <cerrno>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
ProcessSupervisor *g_instance = nullptr; // cleared by the destructor: atexit may come later
} // namespace

ProcessSupervisor *ProcessSupervisor::instance()
{
    if (!g_instance)
        g_instance = new ProcessSupervisor(QCoreApplication::instance()); // owned by the app
    return g_instance;
}

ProcessSupervisor::~ProcessSupervisor()
{
    if (g_instance == this)
        g_instance = nullptr;
}

ProcessSupervisor::ProcessSupervisor(QObject *parent)
    : QObject(parent)
{
    m_subreaper = ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    if (!m_subreaper)
        qCWarning(lcSupervisor) << "PR_SET_CHILD_SUBREAPER failed; orphaned escapees are found"
                                   " through a scan of all processes instead";
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        scan();
        Q_EMIT scanned(); // only here: runs react by scanning themselves, which must not recurse
    });
}

void ProcessSupervisor::addRun(TaskRun *run, const QByteArray &markerEntry)
{
    Tracked &tracked = m_runs[run];
    tracked.marker = markerEntry;
    m_scanIsFresh = false; // the last scan did not look for this run
    updateTimer();
}

void ProcessSupervisor::setLeader(TaskRun *run, pid_t leaderPid)
{
    auto it = m_runs.find(run);
    if (it == m_runs.end())
        return;
    it->leader = leaderPid;
    it->session = leaderPid;
    m_scanIsFresh = false; // nor for its main process
    updateTimer();
}

void ProcessSupervisor::leaderReaped(TaskRun *run)
{
    auto it = m_runs.find(run);
    if (it != m_runs.end())
        it->leader = 0; // the number is free now; the session rule keeps matching survivors
}

void ProcessSupervisor::removeRun(TaskRun *run)
{
    m_runs.remove(run);
    m_lingerClock.start();
    updateTimer();
}

void ProcessSupervisor::setUrgent(TaskRun *run, bool urgent)
{
    auto it = m_runs.find(run);
    if (it == m_runs.end() || it->urgent == urgent)
        return;
    it->urgent = urgent;
    updateTimer();
}

QVector<ProcessInfo> ProcessSupervisor::scanFor(TaskRun *run)
{
    scan();
    return lastMembers(run);
}

QVector<ProcessInfo> ProcessSupervisor::lastMembers(TaskRun *run) const
{
    const auto it = m_runs.constFind(run);
    return it == m_runs.constEnd() ? QVector<ProcessInfo>() : it->members;
}

void ProcessSupervisor::scan()
{
    const pid_t self = ::getpid();
    // Without the subreaper, orphans go to init: look at everything, still attributing only
    // by our own marks (session, group, marker, history), never by "it is somewhere".
    const ProcessTable table = ProcessTable::descendantsOf(m_subreaper ? self : 0);

    for (Tracked &tracked : m_runs)
        tracked.members.clear();
    m_unowned.clear();

    QHash<pid_t, TaskRun *> owner;
    m_strayChildren = false;
    m_pendingUnknown = false;
    if (!m_clock.isValid())
        m_clock.start();
    const qint64 now = m_clock.elapsed();
    QHash<QPair<pid_t, quint64>, qint64> unknownNow;
    // Indexes of every run's marks, so attribution is a lookup, not a loop over the runs.
    QHash<pid_t, TaskRun *> byLeader;
    QHash<pid_t, TaskRun *> bySession;
    QHash<QPair<pid_t, quint64>, TaskRun *> byKnown;
    for (auto it = m_runs.cbegin(); it != m_runs.cend(); ++it) {
        if (it->leader)
            byLeader.insert(it->leader, it.key());
        if (it->session)
            bySession.insert(it->session, it.key());
        for (auto known = it->known.cbegin(); known != it->known.cend(); ++known)
            byKnown.insert(qMakePair(known.key(), known.value()), it.key());
    }
    for (const ProcessInfo &process : table.processes()) {
        TaskRun *found = byLeader.value(process.pid, nullptr);
        if (!found)
            found = byKnown.value(qMakePair(process.pid, process.startTime), nullptr);
        if (!found)
            found = bySession.value(process.sid, nullptr);
        if (!found)
            found = bySession.value(process.pgid, nullptr);
        if (!found)
            found = owner.value(process.ppid, nullptr); // a child of one of a run's processes
        if (!found && !process.isZombie() && !m_runs.isEmpty()) {
            const QByteArray environment = ProcessTable::readEnvironment(process.pid); // once
            for (auto it = m_runs.cbegin(); it != m_runs.cend() && !found; ++it) {
                if (ProcessTable::environmentHas(environment, it->marker))
                    found = it.key();
            }
        }
        if (process.ppid == self && !process.isZombie()
            && !(found && m_runs[found].leader == process.pid)
            && !RunGuardian::isGuardianProcess(process.pid)) // it is reaped by RunGuardian
            m_strayChildren = true; // an adopted orphan: its zombie will need reaping
        // Candidates for adoption by the pipes they hold: never one in our own session - every
        // task runs in a session of its own, so that is a process this program started
        // otherwise (a helper, a test's stranger), not an escapee.
        if (!found && !process.isZombie() && process.sid != ::getsid(0))
            m_unowned.append(process.pid);
        if (!found) {
            // A live orphan of ours in another session that nothing attributes may be a task's
            // process caught in the middle of execve(), when /proc hides its environment. Runs
            // wait for it to be recognised - but not for long: one that stays unknown is an
            // environment-clearing escapee we cannot attribute (see the README's known gaps).
            if (process.ppid == self && !process.isZombie() && process.sid != ::getsid(0)) {
                const auto id = qMakePair(process.pid, process.startTime);
                unknownNow.insert(id, m_unknownSince.value(id, now));
                if (now - unknownNow.value(id) < UnknownOrphanWaitMs)
                    m_pendingUnknown = true;
            }
            continue;
        }
        owner.insert(process.pid, found);
        Tracked &tracked = m_runs[found];
        tracked.known.insert(process.pid, process.startTime);
        tracked.members.append(process);
    }

    // Forget what is gone, so the history cannot match a reused number later.
    for (Tracked &tracked : m_runs) {
        for (auto it = tracked.known.begin(); it != tracked.known.end();) {
            const ProcessInfo *now = table.find(it.key());
            if (!now || now->startTime != it.value())
                it = tracked.known.erase(it);
            else
                ++it;
        }
    }

    m_unknownSince = unknownNow;
    reapAdoptedZombies(table, owner);
    updateTimer();

    m_scanIsFresh = true;
    if (!m_staleQueued) { // stale from the next turn of the event loop on
        m_staleQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_scanIsFresh = false;
            m_staleQueued = false;
        });
    }
}

int ProcessSupervisor::adoptPipeHolders(TaskRun *run, const QSet<QByteArray> &links)
{
    auto it = m_runs.find(run);
    if (it == m_runs.end())
        return 0;
    scan();
    const QVector<PipeHolder> holders = PipeHolders::amongst(m_unowned, links);
    for (const PipeHolder &holder : holders) {
        qCDebug(lcSupervisor) << "adopting" << holder.pid << holder.name
                              << "which holds the output of a run";
        it->known.insert(holder.pid, holder.startTime);
    }
    if (!holders.isEmpty())
        scan(); // attribute them, and whatever descends from them, in the members
    return int(holders.size());
}

void ProcessSupervisor::reapAdoptedZombies(const ProcessTable &table,
                                           const QHash<pid_t, TaskRun *> &owner)
{
    const pid_t self = ::getpid();
    const pid_t ourSession = ::getsid(0);
    QSet<pid_t> leaders;
    for (const Tracked &tracked : m_runs) {
        if (tracked.leader)
            leaders.insert(tracked.leader);
    }
    for (const ProcessInfo &process : table.processes()) {
        if (process.ppid != self || !process.isZombie() || leaders.contains(process.pid))
            continue;
        // A zombie child of ours that no QProcess of a run owns. Ours to reap when it was a
        // task's (attributed, or in another session: every task runs in a session of its own,
        // while a QProcess started elsewhere in this program stays in ours and is left to Qt).
        if (!owner.contains(process.pid) && process.sid == ourSession)
            continue;
        siginfo_t info{};
        // The pid cannot be reused before we reap it: it is our unreaped child.
        if (::waitid(P_PID, id_t(process.pid), &info, WEXITED | WNOHANG) != 0)
            qCDebug(lcSupervisor) << "waitid" << process.pid << "failed:" << strerror(errno);
    }
}

void ProcessSupervisor::updateTimer()
{
    bool urgent = false;
    for (const Tracked &tracked : m_runs)
        urgent = urgent || tracked.urgent;
    const bool lingering = m_lingerClock.isValid() && m_lingerClock.elapsed() < LingerMs;
    const bool needed = !m_runs.isEmpty() || m_strayChildren || lingering;
    if (!needed) {
        m_timer.stop();
        return;
    }
    const int interval = urgent      ? UrgentIntervalMs
                         : lingering ? LingerIntervalMs
                                     : RoutineIntervalMs;
    if (!m_timer.isActive() || m_timer.interval() != interval)
        m_timer.start(interval);
}
