#pragma once

#include "processtable.h"
#include "runnercgroup.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

// What the runs of a taskrunner program that died (a SIGKILL, a crash) left alive, when its
// guardian could not kill them - it was killed too, or missing. Meant for the start of the
// desktop app: find them, show each in one line, kill those the user agrees to.
struct RunLeftover
{
    enum class Kind {
        Processes, // the /proc backend: processes carrying the run's marker
        Cgroup,    // the cgroup backend: an instance cgroup of a runner that is gone
    };
    Kind kind = Kind::Processes;
    pid_t runnerPid = 0;          // of the dead runner
    bool runnerPidReused = false; // its number belongs to another process now

    // Processes: the marker entry they carry (TASKRUNNER_RUN_ID=...), and them as found.
    QByteArray markerEntry;
    QVector<ProcessInfo> processes;
    QStringList commands; // each one's command line, in the same order
    QDateTime since;      // when the oldest of them started

    // Cgroup: the instance (its processes, too, in cgroup.processes).
    RunnerCgroup::Leftover cgroup;

    // One line for a list the user chooses from, e.g.
    // "2 processes of a run of taskrunner (pid 4242, gone), since 14:02: sleep 300, bash -c …"
    QString description() const;
};

namespace RunLeftovers {

// Everything of dead runners, both backends: the instance cgroups beside where ours would be
// (when this host has a cgroup2 directory of ours), then the processes by marker - less those
// already in one of those cgroups.
QVector<RunLeftover> find();

// The /proc backend: every live process of our own user whose TASKRUNNER_RUN_ID names a runner
// that is gone - no process has its pid, or the one that has it started after the process did
// (a runner is always older than its tasks, so that one is a reuse of the number). One leftover
// per marker, that is per run.
QVector<RunLeftover> findProcesses();
// The cgroup backend: RunnerCgroup::findLeftovers() under the directory our instance would be in.
QVector<RunLeftover> findCgroups(const QString &parentDirectory, const QString &parentPath);

// Kills a leftover: for processes, SIGKILL through a pidfd to each process still carrying its
// marker, checked against its start time, again until none is left; for a cgroup,
// RunnerCgroup::removeLeftover(). Refuses when the runner turns out to be alive. Blocks for up
// to about a second (what dying processes take), so a GUI may call it from a worker thread:
// it touches nothing but /proc and cgroupfs.
bool kill(const RunLeftover &leftover, QString *error);

// The runner's pid in a marker entry "TASKRUNNER_RUN_ID=<pid>-<counter>-<random>".
std::optional<pid_t> runnerPidOfMarker(const QByteArray &markerEntry);

} // namespace RunLeftovers
