#pragma once

#include "processtable.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <optional>

// One process of a run as the process tree panel shows it: what /proc/PID/stat, statm and
// cmdline said at one sample. (info.pid, info.startTime) is its identity across samples.
struct ProcessRow
{
    ProcessInfo info;
    int threads = 0;
    QString name;        // comm: what the kernel calls it (15 bytes at most)
    QString commandLine; // the arguments joined by spaces; empty for a zombie (then show name)
    // The raw arguments (/proc/PID/cmdline: each ended by NUL, cut like commandLine), for a copy
    // a shell reads back as the same words; empty for a zombie.
    QByteArray arguments;
    // CPU use since the previous sample of the same process, in % of one core (a process with
    // several busy threads goes above 100); unknown at its first sample.
    std::optional<double> cpuPercent;
    qint64 residentBytes = 0;
    QDateTime started;
    // parent in the tree: info.ppid when that process is in the same snapshot, else 0 (a row
    // at the top: the leader, or a process whose parent is not the run's - a daemon reparented
    // to init or to our subreaper)
    pid_t parentInTree = 0;
    bool leftGroup = false;   // its process group is not the run's (setpgid, setsid)
    bool leftSession = false; // its session is not the run's (setsid, a double-fork daemon)
};

// Every process of one run at one moment.
struct ProcessTreeSnapshot
{
    quint64 runId = 0;
    pid_t leader = 0;         // the run's main process: its pid is its group and session
    QVector<ProcessRow> rows; // parents before their children
    qint64 sampledAtMs = 0;   // QDeadlineTimer/steady clock, ms: for rates between samples
    QString membersFrom;      // how the members were found, in words ("the run's cgroup", ...)
};
Q_DECLARE_METATYPE(ProcessTreeSnapshot)
