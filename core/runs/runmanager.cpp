#include "runmanager.h"

#include "logging.h"
#include "logpruner.h"
#include "logsettings.h"
#include "outputlog.h"
#include "rawlogwriter.h"

#include <QFileInfo>
#include <QSet>
#include <QSettings>
#include <QThreadPool>

#ifdef __GLIBC__
#include <malloc.h>
#endif

RunManager::RunManager(RunHistory *history, QObject *parent)
    : QObject(parent)
    , m_history(history)
{
    m_memoryCheck.setSingleShot(true);
    connect(&m_memoryCheck, &QTimer::timeout, this, &RunManager::enforceMemoryBudget);
}

RunManager::~RunManager() = default; // the runs are children: ~TaskRun kills what is live

quint64 RunManager::start(const RunRequest &request)
{
    auto *run = new ManagedRun(m_nextId++, request, this);
    run->m_history = m_history; // a run that never starts is recorded too
    m_runs.append(run);
    connect(run, &ManagedRun::stateChanged, this, [this, run] { onRunStateChanged(run); });
    connect(run, &ManagedRun::viewedChanged, this, [this](bool viewed) {
        if (!viewed)
            scheduleMemoryCheck(); // after a tab switch has shown the next one
    });
    Q_EMIT runAdded(run);
    reconsiderQueue();
    return run->id();
}

void RunManager::addGate(std::unique_ptr<RunGate> gate)
{
    m_gates.push_back(std::move(gate));
}

void RunManager::reconsiderQueue()
{
    // A run started here may finish at once (a program not found) and ask again from inside
    // this loop: that pass is done after this one, not nested in it.
    if (m_reconsidering) {
        m_reconsiderAgain = true;
        return;
    }
    m_reconsidering = true;
    do {
        m_reconsiderAgain = false;
        // The per-run limit (logs/maxRunMB); a bad value is its default here, and reported by
        // pruneLogs().
        qint64 logLimit = -1;
        // Guarded: a run that finishes at once may have a slot remove another.
        QList<QPointer<ManagedRun>> queued;
        for (ManagedRun *each : std::as_const(m_runs)) {
            if (each->state() == ManagedRun::State::Queued)
                queued.append(each);
        }
        for (const QPointer<ManagedRun> &each : std::as_const(queued)) {
            if (!each || each->state() != ManagedRun::State::Queued)
                continue;
            QString reason;
            for (const auto &gate : m_gates) {
                reason = gate->holds(*each, *this);
                if (!reason.isEmpty())
                    break;
            }
            if (!reason.isEmpty()) {
                if (each->setWaitReason(reason))
                    Q_EMIT runChanged(each);
                continue;
            }
            each->setWaitReason(QString());
            if (logLimit < 0)
                logLimit = LogSettings::read(QSettings()).maxRunBytes;
            each->start(m_history, logLimit);
        }
    } while (m_reconsiderAgain);
    m_reconsidering = false;
}

bool RunManager::finishUnstarted(quint64 id, RunOutcome outcome, const QString &reason)
{
    ManagedRun *found = run(id);
    if (!found || found->state() != ManagedRun::State::Queued)
        return false;
    found->finishUnstarted(m_history, outcome, reason);
    return true;
}

int RunManager::queuedCount() const
{
    int count = 0;
    for (const ManagedRun *each : m_runs)
        count += each->state() == ManagedRun::State::Queued ? 1 : 0;
    return count;
}

quint64 RunManager::rerun(quint64 id, const QString &trigger)
{
    const ManagedRun *previous = run(id);
    if (!previous)
        return 0;
    RunRequest request = previous->request();
    request.trigger = trigger;
    request.rerunOf = id;
    return start(request);
}

void RunManager::stop(quint64 id)
{
    if (ManagedRun *found = run(id))
        found->stop();
}

void RunManager::kill(quint64 id)
{
    if (ManagedRun *found = run(id))
        found->kill();
}

void RunManager::stopAll()
{
    for (ManagedRun *each : std::as_const(m_runs))
        each->stop();
}

void RunManager::killAll()
{
    for (ManagedRun *each : std::as_const(m_runs))
        each->kill();
}

ManagedRun *RunManager::run(quint64 id) const
{
    for (ManagedRun *each : m_runs) {
        if (each->id() == id)
            return each;
    }
    return nullptr;
}

ManagedRun *RunManager::runRecordedAs(qint64 recordId) const
{
    if (recordId <= 0)
        return nullptr;
    for (ManagedRun *each : m_runs) {
        if (each->recordId() == recordId)
            return each;
    }
    return nullptr;
}

int RunManager::liveCount() const
{
    int live = 0;
    for (const ManagedRun *each : m_runs)
        live += each->isLive() ? 1 : 0;
    return live;
}

int RunManager::backgroundCount() const
{
    int count = 0;
    for (const ManagedRun *each : m_runs)
        count += each->m_discardWhenFinished && !each->isFinished() ? 1 : 0;
    return count;
}

void RunManager::discardWhenFinished(quint64 id)
{
    ManagedRun *found = run(id);
    if (!found)
        return;
    if (found->isFinished()) {
        remove(found);
        return;
    }
    found->m_discardWhenFinished = true;
    Q_EMIT runChanged(found); // it is in the background now
}

void RunManager::keep(quint64 id)
{
    ManagedRun *found = run(id);
    if (!found || !found->m_discardWhenFinished)
        return;
    found->m_discardWhenFinished = false;
    Q_EMIT runChanged(found);
}

void RunManager::onRunStateChanged(ManagedRun *run)
{
    Q_EMIT runChanged(run);
    const int live = liveCount();
    if (live != m_lastLiveCount) {
        m_lastLiveCount = live;
        Q_EMIT liveCountChanged(live);
    }
    if (!run->isFinished())
        return;
    Q_EMIT runFinished(run);
    pruneLogs(); // its log is complete: older ones may have to go
    if (run->m_discardWhenFinished)
        remove(run);
    else
        scheduleMemoryCheck();
    reconsiderQueue(); // what it held (a place under a limit, its group) is free
}

void RunManager::remove(ManagedRun *run)
{
    if (!m_runs.removeOne(run))
        return;
    const quint64 id = run->id();
    run->deleteLater(); // it may be in the middle of telling its end
    Q_EMIT runRemoved(id);
}

void RunManager::setMemoryBudget(qint64 bytes)
{
    m_memoryBudget = bytes;
    scheduleMemoryCheck();
}

void RunManager::countMemoryOf(OutputLog *log)
{
    m_countedLogs.append(QPointer<OutputLog>(log));
    scheduleMemoryCheck();
}

void RunManager::keepLogWhileOpen(const QString &path, QObject *holder)
{
    if (!path.isEmpty())
        m_openLogs.append({QPointer<QObject>(holder), QFileInfo(path).absoluteFilePath()});
}

qint64 RunManager::memoryInUse() const
{
    qint64 total = 0;
    for (const ManagedRun *each : m_runs)
        total += each->log()->store().memoryBytes();
    for (const QPointer<OutputLog> &log : m_countedLogs) {
        if (log)
            total += log->store().memoryBytes();
    }
    return total;
}

void RunManager::scheduleMemoryCheck(int delayMs)
{
    // Runs ending together, or a tab switch that hides one run and shows another: one check,
    // after the event that asked for it.
    if (!m_memoryCheck.isActive() || m_memoryCheck.remainingTime() > delayMs)
        m_memoryCheck.start(delayMs);
}

void RunManager::enforceMemoryBudget()
{
    m_countedLogs.removeAll(QPointer<OutputLog>());
    qint64 total = memoryInUse();
    // The oldest runs first: the most likely done with.
    bool waiting = false;
    qint64 released = 0;
    for (ManagedRun *each : std::as_const(m_runs)) {
        if (total <= m_memoryBudget)
            break;
        const qint64 freed = each->releaseMemory();
        if (freed < 0)
            waiting = true;
        else
            released += freed;
        total -= qMax<qint64>(0, freed);
    }
#ifdef __GLIBC__
    // The lines' blocks were malloc'ed below the mmap threshold (it rises to the size of what
    // was last freed), so freeing them leaves the pages with malloc; give them to the system.
    if (released > 0)
        ::malloc_trim(0);
#endif
    // Some could not yet (their log still being written): look again shortly.
    if (total > m_memoryBudget && waiting)
        scheduleMemoryCheck(500);
}

void RunManager::pruneLogs()
{
    // A bad value (a typo, 0, a negative) is reported and its default used: it must never mean
    // "keep nothing" (see LogSettings). Told once per distinct set of problems, not at every
    // run's end.
    const QSettings settings;
    const LogSettings logSettings = LogSettings::read(settings);
    if (logSettings.problems != m_logSettingsProblems) {
        m_logSettingsProblems = logSettings.problems;
        for (const QString &problem : logSettings.problems)
            qCWarning(lcRun).noquote() << settings.fileName() << problem;
        Q_EMIT logSettingsProblemsChanged(logSettings.problems, settings.fileName());
    }
    const LogRetention retention = logSettings.retention;
    QSet<QString> inUse;
    for (const ManagedRun *each : std::as_const(m_runs)) {
        if (!each->logPath().isEmpty())
            inUse.insert(QFileInfo(each->logPath()).absoluteFilePath());
    }
    m_openLogs.removeIf([](const auto &open) { return open.first.isNull(); });
    for (const auto &open : std::as_const(m_openLogs))
        inUse.insert(open.second);
    // Removing big files can take a while: not on this thread.
    QThreadPool::globalInstance()->start([retention, inUse] {
        const LogPruneResult result
            = LogPruner::prune(LogPruner::defaultDirectory(), retention, inUse);
        for (const QString &error : result.errors)
            qCWarning(lcRun) << "could not remove an old log:" << error;
    });
}
