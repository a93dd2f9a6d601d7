#include "processtreesampler.h"

#include "managedrun.h"
#include "taskrun.h"

#include <QElapsedTimer>

// A first version, synchronous: the leader and its descendants from one /proc scan. The
// thread, the run's real member list (cgroup, the supervisor's attribution), cmdline and CPU
// rates come next.

ProcessTreeSampler::ProcessTreeSampler(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ProcessTreeSnapshot>();
}

ProcessTreeSampler::~ProcessTreeSampler() = default;

void ProcessTreeSampler::watch(ManagedRun *run)
{
    m_run = run;
    m_last = ProcessTreeSnapshot();
}

void ProcessTreeSampler::setIntervalMs(int ms)
{
    m_intervalMs = qMax(250, ms);
}

void ProcessTreeSampler::sampleNow()
{
    ProcessTreeSnapshot snapshot;
    TaskRun *taskRun = m_run ? m_run->taskRun() : nullptr;
    if (taskRun && taskRun->isLive() && taskRun->processId() > 0) {
        snapshot.runId = m_run->id();
        snapshot.leader = taskRun->processId();
        if (const auto leader = ProcessTable::readProcess(snapshot.leader)) {
            ProcessRow row;
            row.info = *leader;
            snapshot.rows.append(row);
        }
        const ProcessTable table = ProcessTable::descendantsOf(snapshot.leader);
        for (const ProcessInfo &info : table.processes()) {
            ProcessRow row;
            row.info = info;
            row.parentInTree = info.ppid;
            row.leftGroup = info.pgid != snapshot.leader;
            row.leftSession = info.sid != snapshot.leader;
            snapshot.rows.append(row);
        }
    }
    m_last = snapshot;
    Q_EMIT sampled(m_last);
}
