#pragma once

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

// What a run may use at most, each enforced by the kernel through a cgroup controller of the
// run's leaf: memory.max, cpu.max, pids.max. Nothing: no limit. A limit is applied before the
// task starts, or the run does not start (ContainmentBackend::canApplyLimits says why): it is
// never silently left out. Typed and read back by core/library's limitparser.
struct RunLimits
{
    // Memory of every process of the run together (anonymous, page cache, kernel); past it the
    // kernel reclaims, and where it cannot, its OOM killer kills a process of the run.
    std::optional<quint64> memoryMaxBytes;
    // CPU time in CPUs' worth: 0.5 is half of one CPU's time, 2 two CPUs' (cpu.max quota per
    // period, CpuPeriodUsec).
    std::optional<double> cpuMaxCores;
    // Processes and threads at once; fork() and clone() fail past it (EAGAIN).
    std::optional<quint64> pidsMax;

    // The limits set, as the library file and the history's spec snapshot both name them
    // (memoryMaxBytes, cpuMaxCores, pidsMax); those not set are not written.
    void writeTo(QJsonObject *object) const;

    bool isEmpty() const { return !memoryMaxBytes && !cpuMaxCores && !pidsMax; }
    bool operator==(const RunLimits &other) const
    {
        return memoryMaxBytes == other.memoryMaxBytes && cpuMaxCores == other.cpuMaxCores
               && pidsMax == other.pidsMax;
    }
    bool operator!=(const RunLimits &other) const { return !(*this == other); }

    enum class Kind { Memory, Cpu, Pids };
    struct Limit
    {
        Kind kind;
        QString controller; // the cgroup v2 controller it needs: "memory", "cpu", "pids"
        QString words;      // what it limits, and to what: "memory to 512 MB"
    };
    // The limits set, in this order: memory, CPU, processes.
    QVector<Limit> each() const;

    // cpu.max's period: the kernel's default, 100 ms.
    static constexpr quint64 CpuPeriodUsec = 100'000;
    // The quota per CpuPeriodUsec for cores: 0.5 -> 50000.
    static quint64 cpuQuotaUsec(double cores);

    // For messages (not for typing: limitparser's formats are what parses back): "512 MB",
    // "1.5 GB", "95.4 MB" - MB are MiB, as everywhere in taskrunner.
    static QString memoryWords(quint64 bytes);
    // "0.5 CPU", "1 CPU", "2 CPUs".
    static QString cpuWords(double cores);
};
