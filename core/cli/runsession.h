#pragma once

#include "taskspec.h"

#include <QObject>

class TaskRun;
class UnixSignalWatcher;
struct RunResult;

// The CLI's run: the task's output to our stdout/stderr, our stdin to the task, SIGINT/SIGTERM/
// SIGHUP to a graceful stop, and the exit status per ExitStatus. Emits done(exitCode) once.
class RunSession : public QObject
{
    Q_OBJECT
public:
    explicit RunSession(TaskSpec spec, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void done(int exitCode);

private:
    void onSignal(int signal);
    void onFinished(const RunResult &result);

    TaskRun *m_run = nullptr;
    UnixSignalWatcher *m_signals = nullptr;
    int m_interruptedBy = 0;
    bool m_outputClosed = false;
};
