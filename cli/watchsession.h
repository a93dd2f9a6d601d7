#pragma once

#include "outputchannel.h"
#include "taskspec.h"

#include <QObject>
#include <QString>

class FileWatchTrigger;
class QueuedFdWriter;
class TaskRun;
class UnixSignalWatcher;
struct RunResult;

// The CLI's watch: runs the task, and runs it again when its trigger fires. With restart, a
// change while it runs stops it (TaskRun::stop(): SIGTERM, SIGKILL after the grace) and the next
// run starts only from the old one's finished() - which comes once every process of it is gone,
// so no two runs ever overlap. Without, the change is kept and the task runs again once the
// run ends on its own.
//
// The signals that would end us (HUP, INT, QUIT, TERM ...) stop the run and then end the session
// with 128+N; a second one kills the run at once. The task's output goes to our stdout/stderr
// (its stdin is /dev/null: runs come and go, the terminal stays ours); our own lines start with
// "taskrunner-cli: " on stderr. Emits done(exitCode) once.
class WatchSession : public QObject
{
    Q_OBJECT
public:
    // trigger: armed by start(); owned by the session from here on.
    WatchSession(TaskSpec spec, FileWatchTrigger *trigger, bool restartOnChange,
                 QObject *parent = nullptr);
    ~WatchSession() override;

    void start();
    // Runs started so far.
    int runCount() const { return m_runs; }

    static constexpr qint64 HighWater = 4 * 1024 * 1024;
    static constexpr qint64 LowWater = 1024 * 1024;
    static constexpr int DrainMs = 1000; // the most the output is waited for at the end

Q_SIGNALS:
    void done(int exitCode);

private:
    void startRun();
    void onFired();
    void onFinished(const RunResult &result);
    void onOutput(OutputChannel channel, const QByteArray &data);
    void onSignal(int signal);
    void updateBackPressure();
    void finish(int exitCode);
    void say(const QString &line);

    TaskSpec m_spec;
    FileWatchTrigger *m_trigger;
    bool m_restart;
    TaskRun *m_run = nullptr;
    UnixSignalWatcher *m_signals;
    QueuedFdWriter *m_out;
    QueuedFdWriter *m_err;
    QString m_lastProblem;
    int m_runs = 0;
    int m_quitSignal = 0;
    bool m_runAgain = false; // a change came while the run was going
    bool m_paused = false;
    bool m_done = false;
};
