#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <sys/types.h>

class QSocketNotifier;

// This program's side of taskrunner-guardian (app/guardian/main.cpp): a small process that
// outlives us just long enough to kill what our runs left alive if we die without stopping them
// - a SIGKILL, a crash - whichever containment is active.
//
// It is started at the first registerRun() (never before a run), as our child in a process group
// of its own - not in any run's session, group or cgroup, and out of reach of a Ctrl+C meant for
// us - with one end of a socket pair as its stdin. Each call below is one line to it:
//
//   setInstanceCgroup(dir)        cgroup <dir>   (or nocgroup)
//   registerRun(marker, pid, t)   run <marker> <pid> <t>
//   unregisterRun(marker)         done <marker>
//   shutdown()                    bye
//
// Writes never block: the socket is non-blocking, and what it cannot take waits in memory for
// it to be writable. A guardian that dies (it is watched through a pidfd, and a write may fail
// with EPIPE) is reaped, and started again once, told everything again; if that one dies too,
// or the program is missing, it is said once through qCWarning and runs go on unguarded.
class RunGuardian : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Idle,        // nothing registered yet: no guardian started
        Running,     // a guardian is watching over us
        ShutDown,    // shutdown() said bye
        Unavailable, // the program is missing, would not start, or died twice: runs are unguarded
    };
    Q_ENUM(Status)

    // The program's guardian, owned by the application. Made on first call; starts nothing until
    // a run is registered. It says bye on QCoreApplication::aboutToQuit (see shutdown()).
    static RunGuardian *instance();

    // program: the guardian's path; empty: defaultProgram().
    explicit RunGuardian(const QString &program = QString(), QObject *parent = nullptr);
    // Closes our end without bye: a guardian still watching kills whatever is still registered.
    ~RunGuardian() override;

    // $TASKRUNNER_GUARDIAN if set (the tests), else taskrunner-guardian beside our executable.
    static QString defaultProgram();
    // Whether pid is a guardian this program started: a child of ours that is no task's process,
    // for ProcessSupervisor, which would otherwise take it for an orphan to watch.
    static bool isGuardianProcess(pid_t pid);

    // A run whose processes carry markerEntry (TASKRUNNER_RUN_ID=...), whose main process is
    // leaderPid (0: not spawned yet - register before the spawn, and again once the pid is
    // known). leaderStartTime 0: read from /proc now. Registering a marker again updates it.
    void registerRun(const QByteArray &markerEntry, pid_t leaderPid = 0,
                     quint64 leaderStartTime = 0);
    // The run has ended: nothing of it is alive (or it was left running on purpose).
    void unregisterRun(const QByteArray &markerEntry);
    // The runner's instance cgroup (RunnerCgroup::directory()); empty: none. Told to a guardian
    // already running at once, else with the first run.
    void setInstanceCgroup(const QString &directory);
    // A clean exit: says bye, and the guardian exits without killing - when no run is registered.
    // With runs still registered nothing is said but the end of the input, and the guardian
    // kills them: nothing of ours may outlive us. Idempotent; later calls register nothing.
    void shutdown();

    Status status() const { return m_status; }
    pid_t processId() const { return m_pid; } // 0 when none runs
    int registeredRuns() const { return int(m_runs.size()); }

Q_SIGNALS:
    void statusChanged(RunGuardian::Status status); // any transition

private:
    struct Record
    {
        pid_t leader = 0;
        quint64 startTime = 0;
    };

    bool ensureStarted();
    bool spawn(QString *error);
    void send(const QByteArray &line);
    void flush();
    void onGuardianExited();
    void lose(const QString &why); // the guardian is gone: reap it, start another once
    void closeConnection();
    void giveUp(const QString &why);
    void setStatus(Status status);
    static QByteArray runLine(const QByteArray &marker, const Record &record);
    QByteArray cgroupLine() const;

    QString m_program;
    Status m_status = Status::Idle;
    int m_socket = -1;
    pid_t m_pid = 0;
    int m_pidfd = -1; // m_pid's, owned by m_exitWatches
    // pidfd -> its notifier, for every guardian started and not reaped yet: watched for its end
    QHash<int, QSocketNotifier *> m_exitWatches;
    QSocketNotifier *m_writeNotifier = nullptr; // child; enabled while m_pending waits
    QByteArray m_pending;
    QHash<QByteArray, Record> m_runs;
    QByteArray m_cgroup; // bytes (ByteText), empty: none
    int m_restarts = 0;
};
