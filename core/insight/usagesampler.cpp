#include "usagesampler.h"

#include "managedrun.h"
#include "processsupervisor.h"
#include "runhistory.h"
#include "runmanager.h"
#include "taskrun.h"
#include "usageseriescodec.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUsage, "taskrunner.core.usage")

namespace {
// Below this, the CPU time's growth says more about the kernel's accounting ticks than about
// the run: such an interval gives no CPU figure rather than a wild one.
constexpr qint64 MinCpuIntervalMs = 40;
} // namespace

UsageSampler::UsageSampler(RunManager *runs, RunHistory *history, QObject *parent)
    : QObject(parent)
    , m_history(history)
{
    m_timer.setInterval(DefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &UsageSampler::sampleNow);
    if (!runs)
        return;
    const QList<ManagedRun *> existing = runs->runs();
    for (ManagedRun *run : existing)
        follow(run);
    connect(runs, &RunManager::runAdded, this, &UsageSampler::follow);
}

UsageSampler::~UsageSampler() = default;

void UsageSampler::setIntervalMs(int ms)
{
    m_timer.setInterval(std::max(ms, 50));
}

void UsageSampler::setEnabled(bool enabled)
{
    m_enabled = enabled;
    updateTimer();
}

const UsageSeries *UsageSampler::series(quint64 runId) const
{
    const auto it = m_entries.constFind(runId);
    return it == m_entries.cend() || !it->clock.isValid() ? nullptr : &it->series;
}

void UsageSampler::follow(ManagedRun *run)
{
    const quint64 id = run->id();
    if (m_entries.contains(id))
        return;
    Entry &entry = m_entries[id];
    entry.run = run;
    connect(run, &ManagedRun::stateChanged, this, [this, id] { onStateChanged(id); });
    connect(run, &ManagedRun::finished, this, [this, id] { onFinished(id); });
    connect(run, &QObject::destroyed, this, [this, id] {
        m_entries.remove(id);
        updateTimer();
    });
    onStateChanged(id); // it may have started already
}

void UsageSampler::onStateChanged(quint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || !it->run || !it->run->isLive() || it->clock.isValid())
        return;
    // Started: the curve's time 0, its first sample soon (a two-second build has a curve).
    it->clock.start();
    QTimer::singleShot(FirstSampleMs, this, [this, id] {
        const auto entry = m_entries.find(id);
        if (!m_enabled || entry == m_entries.end() || !entry->run || !entry->run->isLive()
            || !entry->series.isEmpty())
            return;
        refreshProcScans();
        if (sample(*entry, false))
            Q_EMIT seriesChanged(id);
    });
    updateTimer();
}

void UsageSampler::onFinished(quint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || !it->run)
        return;
    ManagedRun *run = it->run;
    if (it->clock.isValid()) { // it ran: its last figures end the curve
        if (m_enabled && sample(*it, true))
            Q_EMIT seriesChanged(id);
        const qint64 recordId = run->recordId();
        if (m_history && m_history->isOpen() && recordId > 0 && !it->series.isEmpty()) {
            if (m_history->recordSamples(recordId, UsageSeriesCodec::encode(it->series.points())))
                Q_EMIT recorded(id, recordId);
            else
                qCWarning(lcUsage)
                    << "run" << recordId
                    << "- its resource curve was not kept:" << m_history->lastError();
        }
    }
    updateTimer();
}

void UsageSampler::sampleNow()
{
    if (!m_enabled)
        return;
    refreshProcScans();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->run || !it->run->isLive() || !it->clock.isValid())
            continue;
        if (sample(*it, false))
            Q_EMIT seriesChanged(it.key());
    }
}

bool UsageSampler::sample(Entry &entry, bool final)
{
    UsageSample sample;
    sample.msSinceStart = entry.clock.elapsed();
    // Right after a sample (the first one meeting the timer's tick): too close to tell the CPU,
    // and nothing new about the rest. The last figures are kept all the same: they say when the
    // run ended and what it held then (the CPU of so short a stretch is left unknown).
    if (!final && !entry.series.isEmpty() && sample.msSinceStart - entry.lastMs < MinCpuIntervalMs)
        return false;
    ManagedRun *run = entry.run;
    TaskRun *attempt = run->taskRun();
    if (run->state() == ManagedRun::State::Restarting || !attempt) {
        // Between two attempts nothing runs: that is known, not a gap.
        sample.cpuPercent = 0.0;
        sample.memoryBytes = 0;
        sample.processes = 0;
    } else {
        const ResourceUsage usage = final ? run->result().usage : attempt->usage();
        if (attempt != entry.attempt) { // a new attempt counts its CPU time from 0
            entry.attempt = attempt;
            entry.lastCpuMs = 0;
        }
        if (usage.cpuUserMs || usage.cpuSystemMs) {
            const qint64 cpuMs = usage.cpuUserMs.value_or(0) + usage.cpuSystemMs.value_or(0);
            const qint64 wallMs = sample.msSinceStart - entry.lastMs;
            if (entry.lastCpuMs && wallMs >= MinCpuIntervalMs)
                sample.cpuPercent
                    = std::max(0.0, double(cpuMs - *entry.lastCpuMs) * 100.0 / double(wallMs));
            entry.lastCpuMs = cpuMs;
        } else {
            entry.lastCpuMs.reset();
        }
        sample.memoryBytes = usage.memoryBytes;
        sample.processes = usage.processes;
    }
    entry.lastMs = sample.msSinceStart;
    return entry.series.append(sample);
}

// The /proc supervisor's figures are those of its last scan, which comes when it likes (every
// second, and whenever a run asks): growth of CPU time between two of them, divided by the time
// between two samples, read 0 % and then 300 % for a loop that used one core all along. One
// scan for all its runs makes their figures those of now.
void UsageSampler::refreshProcScans()
{
    for (const Entry &entry : std::as_const(m_entries)) {
        const TaskRun *attempt = entry.run && entry.run->isLive() ? entry.run->taskRun() : nullptr;
        if (attempt && attempt->isLive()
            && attempt->containmentKind() == RunContainment::Kind::ProcScan) {
            ProcessSupervisor::instance()->scan();
            return;
        }
    }
}

void UsageSampler::updateTimer()
{
    bool live = false;
    for (const Entry &entry : std::as_const(m_entries))
        live = live || (entry.run && entry.run->isLive() && entry.clock.isValid());
    if (live && m_enabled) {
        if (!m_timer.isActive())
            m_timer.start();
    } else {
        m_timer.stop();
    }
}
