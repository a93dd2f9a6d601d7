#pragma once

#include "task.h"
#include "taskrun.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

class LogView;
class OutputLog;
class QLabel;
class QLineEdit;
class QPushButton;
class RunHistory;

// One run of a task on screen: a header (command, directory, state with live elapsed time,
// start time, process group, outcome in words), the output, and a line to type into stdin.
// Rerun starts the same task again in the same pane.
class RunPane : public QWidget
{
    Q_OBJECT
public:
    explicit RunPane(const Task &task, QWidget *parent = nullptr);
    ~RunPane() override;

    const Task &task() const { return m_task; }
    TaskRun *run() const { return m_run; }
    bool isLive() const { return m_run && m_run->isLive(); }
    LogView *logView() const { return m_view; }
    OutputLog *outputLog() const { return m_log; }
    QString outcomeText() const;
    QString stateText() const;
    // Where runs are recorded (may be null: not recorded). Must outlive the pane.
    void setHistory(RunHistory *history) { m_history = history; }
    // What started the first run, for the history ("manual" unless said; reruns are "rerun").
    void setFirstTrigger(const QString &trigger) { m_firstTrigger = trigger; }
    // The history's id of the current run, 0 when it is not recorded.
    qint64 runId() const { return m_runId; }

    // A finished run that is not on screen gives its lines' memory back; they are read again
    // from its log file (its last MemoryReloadBytes) when it is shown. Returns the bytes freed,
    // or -1 when it will be able to once its log file is written out.
    qint64 releaseMemory();
    bool isReleased() const { return m_released; }
    static constexpr qint64 MemoryReloadBytes = 16 * 1024 * 1024;

public Q_SLOTS:
    void start(); // also Rerun, when the previous run has finished
    void stop();
    void kill();
    void clearOutput();

Q_SIGNALS:
    // Once per change of the run's state (started, running, stopping, finished - the last once
    // the outcome is shown): for tab icons, the status bar and pruning the logs.
    void runStateChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateHeader();
    void reloadFromLog();
    void onFinished(const RunResult &result);
    void sendStdinLine();

    Task m_task;
    RunHistory *m_history = nullptr;
    qint64 m_runId = 0;
    int m_starts = 0;
    QString m_logPath;       // this run's log file, if it has one
    QString m_finalNote;     // the outcome line shown at the end of the output
    bool m_released = false; // lines given back, to be read from the log when shown
    QString m_firstTrigger = QStringLiteral("manual");
    TaskRun *m_run = nullptr; // child; the finished one is replaced on rerun
    QDateTime m_startedAt;
    QTimer m_ticker; // live elapsed time and the stop countdown

    QLabel *m_command = nullptr;
    QLabel *m_directory = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_started = nullptr;
    QLabel *m_process = nullptr;
    QLabel *m_outcome = nullptr;
    LogView *m_view = nullptr;
    OutputLog *m_log = nullptr; // child; a new one per run, with its own log file
    QLabel *m_logFile = nullptr;
    QLineEdit *m_stdinLine = nullptr;
    QPushButton *m_closeStdin = nullptr;
};
