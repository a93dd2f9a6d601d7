#pragma once

#include "lineprefixer.h"
#include "outputchannel.h"
#include "runresult.h"
#include "taskspec.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

class QueuedFdWriter;
class RunHistory;
class RunRecorder;
class TaskRun;
class UnixSignalWatcher;

// `taskrunner-cli run --task NAME` for a task with dependencies: the tasks of its plan
// (DependencyGraph), each started once what it waits for has succeeded, their output here with
// each line prefixed by the task's name ("[build] ..."; setPrefix(false) for none), the exit
// status of the first run that failed or 0, and done(exitCode) once.
//
// The first failure skips everything that has not started ("taskrunner-cli: 'build' exited with
// code 2; skipped: test, deploy" on stderr); runs already going on are let finish. The signals
// that would end us (HUP, INT, QUIT, USR1, USR2, ALRM, TERM) stop every running task of the
// group and skip the rest (a second one kills them); a closed stdout does the same, as SIGPIPE.
// Ctrl+Z pauses every running task, then stops the CLI; fg or bg resumes them.
//
// Only the task asked for reads our standard input; its dependencies read EOF. A task without
// dependencies is not run here but by RunSession, as it always was.
class GroupSession : public QObject
{
    Q_OBJECT
public:
    struct Member
    {
        QString name;
        QString taskId; // the saved task's, for the history
        TaskSpec spec;
        QStringList after; // names of the members it waits for
    };

    // members: in an order where each comes after what it waits for; the last is the task.
    explicit GroupSession(QList<Member> members, QObject *parent = nullptr);
    ~GroupSession() override;

    void setPrefix(bool prefix) { m_prefix = prefix; }
    // --stats: what each run used, a line on stderr as it ends ("[build] cpu ...").
    void setPrintStats(bool print) { m_printStats = print; }
    // Records each run (and each run skipped) under groupId; history may be closed.
    void setHistory(RunHistory *history, const QString &groupId);
    void start();

    static constexpr qint64 HighWater = 4 * 1024 * 1024;
    static constexpr qint64 LowWater = 1024 * 1024;
    // How long the writers are waited for once an interrupted group has ended.
    static constexpr int DrainAfterInterruptMs = 2000;

Q_SIGNALS:
    void done(int exitCode);

private:
    struct Step;

    void startReady();
    void launch(Step *step);
    void onOutput(Step *step, OutputChannel channel, const QByteArray &data);
    void onFinished(Step *step, const RunResult &result);
    void skipWaiting(RunOutcome outcome, const QString &reason);
    void onSignal(int signal);
    void interrupt(int signal);
    void suspend();
    void updateBackPressure();
    void maybeDone();
    void write(OutputChannel channel, const QByteArray &data);
    void say(const QString &line);
    [[noreturn]] void exitNow();

    std::vector<std::unique_ptr<Step>> m_steps;
    QueuedFdWriter *m_out;
    QueuedFdWriter *m_err;
    UnixSignalWatcher *m_signals;
    QTimer m_drainTimer;
    RunHistory *m_history = nullptr;
    QString m_groupId;
    int m_exitCode = 0;
    int m_interruptedBy = 0;
    bool m_failed = false;
    bool m_prefix = true;
    bool m_printStats = false;
    bool m_paused = false;
    bool m_done = false;
};
