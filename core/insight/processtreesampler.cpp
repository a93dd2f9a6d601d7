#include "processtreesampler.h"

#include "managedrun.h"
#include "processtreereader.h"
#include "taskrun.h"

#include <QDeadlineTimer>

#include <ctime>

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

ProcessTreeSampler::ProcessTreeSampler(QObject *parent)
    : QObject(parent)
    , m_reader(std::make_unique<ProcessTreeReader>())
{
    qRegisterMetaType<ProcessTreeSnapshot>();
    m_timer.setInterval(m_intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProcessTreeSampler::startSample);
    m_thread.setObjectName(QStringLiteral("process tree"));
    m_worker = new QObject; // owned by the thread: deleted when it finishes
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

ProcessTreeSampler::~ProcessTreeSampler()
{
    // A sample in flight is finished (a few ms), then the thread's loop ends; its result, posted
    // to us meanwhile, is dropped with us.
    m_thread.quit();
    m_thread.wait();
}

void ProcessTreeSampler::watch(ManagedRun *run)
{
    if (m_run)
        disconnect(m_run, nullptr, this, nullptr);
    m_run = run;
    ++m_generation; // what is in flight was for the previous run
    m_again = false;
    m_last = ProcessTreeSnapshot();
    m_timer.stop();
    if (!run)
        return;
    connect(run, &ManagedRun::stateChanged, this, &ProcessTreeSampler::onRunStateChanged);
    connect(run, &QObject::destroyed, this, [this] { watch(nullptr); });
    if (run->isFinished()) {
        const quint64 generation = m_generation;
        ProcessTreeSnapshot last;
        last.runId = run->id();
        last.sampledAtMs = QDeadlineTimer::current().deadline();
        QMetaObject::invokeMethod(
            this,
            [this, last, generation] {
                if (generation != m_generation)
                    return;
                m_last = last;
                Q_EMIT sampled(m_last);
            },
            Qt::QueuedConnection);
        return;
    }
    m_timer.start();
    sampleNow(); // after the one in flight, if one is: that was for the previous run
}

void ProcessTreeSampler::setIntervalMs(int ms)
{
    m_intervalMs = qMax(MinimumIntervalMs, ms);
    m_timer.setInterval(m_intervalMs); // keeps running if it was
}

void ProcessTreeSampler::sampleNow()
{
    if (!m_run || m_run->isFinished())
        return;
    if (m_inFlight)
        m_again = true;
    else
        startSample();
}

ProcessTreeRequest ProcessTreeSampler::requestFor(ManagedRun *run) const
{
    ProcessTreeRequest request;
    request.runId = run->id();
    request.generation = m_generation;
    const TaskRun *taskRun = run->taskRun();
    if (!taskRun || !taskRun->isLive() || taskRun->processId() <= 0)
        return request; // queued, between two attempts of a service, or done: no processes
    request.leader = taskRun->processId();
    if (taskRun->containmentKind() == RunContainment::Kind::Cgroup) {
        request.memberListPath = taskRun->memberListPath();
        request.membersFrom = tr("the run's cgroup");
    } else {
        // The supervisor's last scan (a second old at most), taken as it is: no scan here.
        request.knownMembers = taskRun->lastSeenMembers();
        request.membersFrom = tr("the /proc supervisor");
    }
    return request;
}

void ProcessTreeSampler::startSample()
{
    if (!m_run) {
        m_timer.stop();
        return;
    }
    if (m_inFlight)
        return; // a slow /proc: this turn is skipped, not queued
    const qint64 guiStart = threadCpuNs();
    m_inFlight = true;
    m_again = false;
    const ProcessTreeRequest request = requestFor(m_run);
    ProcessTreeReader *reader = m_reader.get();
    QMetaObject::invokeMethod(
        m_worker,
        [this, reader, request] {
            // On the reading thread. The sampler outlives this call: its destructor joins us.
            const qint64 start = threadCpuNs();
            const ProcessTreeSnapshot snapshot = reader->read(request);
            const qint64 used = threadCpuNs() - start;
            const quint64 generation = request.generation;
            QMetaObject::invokeMethod(
                this, [this, snapshot, generation, used] { onRead(snapshot, generation, used); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    m_cost.guiCpuNs += threadCpuNs() - guiStart;
}

void ProcessTreeSampler::onRead(const ProcessTreeSnapshot &snapshot, quint64 generation,
                                qint64 readerCpuNs)
{
    const qint64 guiStart = threadCpuNs();
    m_inFlight = false;
    ++m_cost.samples;
    m_cost.readerCpuNs += readerCpuNs;
    if (generation == m_generation && m_run && !m_run->isFinished()) {
        m_last = snapshot;
        m_cost.guiCpuNs += threadCpuNs() - guiStart;
        Q_EMIT sampled(m_last);
    } else {
        m_cost.guiCpuNs += threadCpuNs() - guiStart;
    }
    if (m_again && m_run && !m_run->isFinished())
        startSample();
}

void ProcessTreeSampler::onRunStateChanged()
{
    if (m_run && m_run->isFinished())
        finishWatching();
}

void ProcessTreeSampler::finishWatching()
{
    // The last snapshot: the run, no processes. A sample in flight is dropped when it comes.
    m_timer.stop();
    ++m_generation;
    m_again = false;
    ProcessTreeSnapshot last;
    last.runId = m_run->id();
    last.leader = m_last.leader;
    last.membersFrom = m_last.membersFrom;
    last.sampledAtMs = QDeadlineTimer::current().deadline();
    m_last = last;
    Q_EMIT sampled(m_last);
}
