#pragma once

#include "processusagetracker.h"
#include "runcontainment.h"

#include <QTimer>

class TaskRun;

// A run held together by the /proc supervisor: ProcessSupervisor attributes its processes by
// session, group, ancestry and its environment marker, scanning /proc (see there). The
// fallback where no cgroup v2 of ours can be used.
class ProcContainment : public RunContainment
{
    Q_OBJECT
public:
    // run: the supervisor's key for the run; marker: NAME=VALUE in the task's environment.
    ProcContainment(TaskRun *run, const QByteArray &marker);
    ~ProcContainment() override;

    Kind kind() const override { return Kind::ProcScan; }
    void leaderSpawned(pid_t leader) override;
    void leaderReaped() override;
    void release(bool leaveMembers = false) override;
    QVector<ProcessInfo> membersNow() override;
    QVector<ProcessInfo> lastMembers() override;
    bool lastMembersAreFresh() const override;
    bool hasPendingUnknown() const override;
    void setUrgent(bool urgent) override;
    int adoptPipeHolders(const QSet<QByteArray> &links) override;
    ResourceUsage usage() override;

private:
    TaskRun *m_run;
    bool m_registered = false;
    ProcessUsageTracker m_usage;
    // A few scans of our own in the run's first second, before the supervisor's first (a
    // second after the start): a short run has figures too.
    QTimer m_earlySamples;
};
