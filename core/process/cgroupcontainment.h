#pragma once

#include "processusagetracker.h"
#include "runcontainment.h"

#include <QPointer>
#include <QTimer>

class RunCgroup;

// A run in a cgroup v2 leaf of its own (RunCgroup), joined by the child before exec: the
// kernel keeps the member list - setsid, double forks, a cleared environment change nothing -
// so members are read, never guessed. cgroup.kill ends them all at once, forks during the kill
// included; cgroup.events tells when the leaf is empty (watched through inotify, not polled);
// cgroup.freeze pauses them. CPU time comes from cpu.stat; memory and process counts from the
// memory and pids controllers where they are enabled for our leaves, else summed from /proc.
class CgroupContainment : public RunContainment
{
    Q_OBJECT
public:
    explicit CgroupContainment(RunCgroup *leaf); // takes ownership
    ~CgroupContainment() override;

    Kind kind() const override { return Kind::Cgroup; }
    int joinFd() const override;
    void leaderSpawned(pid_t leader) override;
    void leaderReaped() override {}
    void release(bool leaveMembers = false) override;
    QVector<ProcessInfo> membersNow() override;
    QVector<ProcessInfo> lastMembers() override { return membersNow(); }
    bool lastMembersAreFresh() const override { return true; }
    void setUrgent(bool urgent) override;
    bool killAll() override;
    bool setFrozen(bool frozen) override;
    ResourceUsage usage() override;
    // memory.max, cpu.max, pids.max of the leaf, each needing its controller enabled for the
    // run leaves (RunnerCgroup::controllers()).
    bool applyLimits(const RunLimits &limits, QString *error) override;
    int memoryLimitKills() const override { return m_memoryLimitKills; }

    QString cgroupPath() const;
    QString memberListPath() const override;

private:
    QPointer<RunCgroup> m_leaf;
    ProcessUsageTracker m_procUsage; // what the leaf's controllers do not give
    ResourceUsage m_final;           // read once released
    int m_memoryLimitKills = 0;      // read once released
    bool m_released = false;
    // While stopping, a look every few ms as well: a process that ignores SIGTERM and forks
    // changes nothing cgroup.events tells.
    QTimer m_urgentTicks;
    // Without the memory or pids controller for our leaves, their figures are summed from /proc,
    // sampled while the run lives (ProcessUsageTracker::nextSampleMs(): often at first, then
    // every second, as the /proc supervisor scans).
    QTimer m_sampleTicks;
};
