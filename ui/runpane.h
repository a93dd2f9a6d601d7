#pragma once

#include "managedrun.h"
#include "runmanager.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class LogView;
class OutputLog;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

// One run on screen: a header - one summary line (a coloured dot, the state or outcome in
// words, the elapsed time and the countdowns to its timeout or to SIGKILL), and on demand its
// details (command, directory, state with live elapsed time, start time, process group, what
// it uses while live, outcome in words with what it used, log file) - the output, and a line
// to type into stdin. Whether the details show is remembered (view/runDetails). It
// only shows a run: the run is RunManager's, and goes on when the pane is gone. A rerun is a
// new run the window shows in the same pane. A queued run's header says its place and why it
// waits, with Move up, Move down and Run next beside it.
class RunPane : public QWidget
{
    Q_OBJECT
public:
    explicit RunPane(QWidget *parent = nullptr);
    ~RunPane() override;

    // The run to show; not owned. The previous one is no longer shown (nor counted as viewed).
    void showRun(ManagedRun *run);
    ManagedRun *run() const { return m_run; }
    const Task &task() const;
    bool isLive() const { return m_run && m_run->isLive(); }
    bool isPaused() const { return m_run && m_run->state() == ManagedRun::State::Paused; }
    LogView *logView() const { return m_view; }
    OutputLog *outputLog() const;
    QString outcomeText() const;
    QString stateText() const;
    // The Resources row while the run is live (CPU, memory and processes, now and at most);
    // what the run used in all, under the outcome, once it has ended.
    QString resourcesText() const;
    QString usedText() const;
    QString summaryText() const; // the header's one line
    // The Restarts row (RunSummary::restarts()), shown for a task with a restart policy.
    QString restartsText() const;
    bool detailsShown() const;
    void setDetailsShown(bool shown); // for this pane (the button also remembers it)
    static constexpr const char *DetailsSetting = "view/runDetails";
    // The history's id of the shown run, 0 when it is not recorded.
    qint64 recordId() const { return m_run ? m_run->recordId() : 0; }
    bool isReleased() const { return m_run && m_run->isReleased(); }
    // A part of the header of another class's (the run's group), under the details.
    void addToHeader(QWidget *widget);

public Q_SLOTS:
    void stop();
    void kill();
    // Freezes every process of the run, or lets them go on (ManagedRun::pause(), resume()).
    void pause();
    void resume();
    void clearOutput();

Q_SIGNALS:
    // Once per change of the shown run's state (starting, running, paused, stopping, finished -
    // the last once the outcome is shown), and when another run is shown: tab icons, status bar.
    void runStateChanged();
    // The user moved the queued run (the window asks the manager: RunManager::moveInQueue()).
    void moveInQueueRequested(quint64 runId, RunManager::QueueMove move);
    // A source location Ctrl+clicked in the output could not be opened: why, in a sentence.
    void editorFailed(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void setViewing(bool viewing);
    void updateHeader();
    void showOutcome(); // of a finished run
    void onStateChanged();
    void sendStdinLine();
    void updateQueueButtons();

    QPointer<ManagedRun> m_run;
    bool m_viewing = false; // counted as the run's viewer
    QTimer m_ticker;        // live elapsed time, the stop countdown and the resources

    QLabel *m_dot = nullptr;
    QColor m_dotColor;
    QLabel *m_summary = nullptr;
    QToolButton *m_detailsButton = nullptr;
    QWidget *m_queueButtons = nullptr; // Move up, Move down, Run next: while queued
    QToolButton *m_moveUp = nullptr;
    QToolButton *m_moveDown = nullptr;
    QToolButton *m_runNext = nullptr;
    QWidget *m_details = nullptr; // the form below
    QFormLayout *m_header = nullptr;
    QLabel *m_command = nullptr;
    QLabel *m_directory = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_started = nullptr;
    QLabel *m_process = nullptr;
    QLabel *m_resources = nullptr; // its row shown while the run is live
    QLabel *m_outcome = nullptr;
    QLabel *m_used = nullptr; // under the outcome
    QLabel *m_restarts = nullptr;
    LogView *m_view = nullptr;
    QLabel *m_logFile = nullptr;
    QLineEdit *m_stdinLine = nullptr;
    QPushButton *m_closeStdin = nullptr;
};
