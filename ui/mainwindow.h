#pragma once

#include "runleftovers.h"
#include "runrequest.h"
#include "tasklibrary.h"
#include "userprompts.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class ActionIcons;
class PreferencesDialog;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QToolButton;
class FindBar;
class HistoryPanel;
class LibraryActions;
class LogView;
class ManagedRun;
class PastRunPane;
class ProcessTreePanel;
class RunHistory;
class RunManager;
class UsageSampler;
class RunPane;
class StatusNotes;
class TaskEditorDialog;
class TaskLauncher;
class TaskListModel;
class TaskListPanel;
class TaskTrendsCache;
class TrayIcon;
class TrendsDialog;
class TriggerHub;

// The desktop app: the task library on the left, one tab per run on the right, actions with
// shortcuts in a toolbar and menus, and a status bar counting live runs. The runs are the
// RunManager's: a tab shows one, and closing it while the run is live can leave the run going
// in the background.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(std::unique_ptr<UserPrompts> prompts,
                        const QString &libraryPath = TaskLibrary::defaultPath(),
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    const TaskLibrary &library() const { return *m_library; }
    RunManager *runManager() const { return m_runs.get(); }
    UsageSampler *usageSampler() const { return m_usage.get(); }
    // Every run of a task starts through it (dependencies, parameters, instance policy).
    TaskLauncher *launcher() const { return m_launcher.get(); }
    // The tasks' schedules and other triggers, armed while the window is open.
    TriggerHub *triggers() const { return m_triggers; }
    int liveRunCount() const;
    RunPane *currentPane() const;
    // The run panes in tabs, left to right.
    QList<RunPane *> panes() const;
    // Live runs without a tab (closed while live and kept running).
    int backgroundRunCount() const;
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    ProcessTreePanel *processTreePanel() const { return m_processTree; }
    TaskEditorDialog *openEditor() const;
    TrayIcon *trayIcon() const { return m_tray; }
    PreferencesDialog *preferencesDialog() const; // while open
    // Each task's last runs, for the task list's tooltip and the Trends dialog.
    TaskTrendsCache *trendsCache() const { return m_trends; }
    // What main() returns: 128+N after quitOnSignal(N), else 0.
    int exitCode() const { return m_exitCode; }
    // Quitting: every run is being stopped, and no new one may start (it would keep the app
    // from ending).
    bool isQuitting() const { return m_quitting; }

public Q_SLOTS:
    bool selectTask(const QString &name); // in the library list; false if it is not shown
    void newTask();
    void editTask();
    void duplicateTask();
    void deleteTask();
    void runSelectedTask();
    void stopCurrent();
    void killCurrent();
    // Pause (Ctrl+P): every process of the current tab's run frozen; again: resumed.
    void togglePauseCurrent();
    void showAbout(); // Help > About, through UserPrompts
    // Edit > Preferences (Ctrl+,): not modal; its changes apply when written.
    void showPreferences();
    // Quit (Ctrl+Q, the tray's Quit): the window's close, never into the tray - runs are
    // stopped first (asked), then the app ends.
    void quit();
    void rerunCurrent();
    void clearCurrent();
    void saveOutputAs();
    void quickRun();
    void saveQuickRunToLibrary();
    void importTasks();                        // asks for a file
    bool importTasksFrom(const QString &path); // false (and the user told) if refused
    void exportTasks();
    void findInOutput(bool backwards = false);
    // Runs the library's task of that name; false (and a word in the status bar) if none.
    // trigger: where the request came from (RunTriggers), as the history records it.
    bool runTaskNamed(const QString &name, const QString &trigger = RunTriggers::manual());
    // A signal that would end the program (TERM, HUP, INT, ...): stop every run, without
    // asking, and close once all have ended; exitCode() is then 128 + signal. A second such
    // signal kills every run at once.
    void quitOnSignal(int signal);
    // The history panel's actions: a past run's log in a tab of its own, the run again, runs
    // and their logs deleted (asked first).
    PastRunPane *openPastRun(qint64 runId);
    // A run's tab made current (made again for a run in the background); once the manager no
    // longer holds the run, its log from the history (recordId, when not 0). A notification's
    // "Show".
    void showRun(quint64 runId, qint64 recordId = 0);
    void rerunPastRun(qint64 runId, const QString &trigger = RunTriggers::rerun());
    void deletePastRuns(const QList<qint64> &runIds);
    // Task > Trends… (Ctrl+Shift+G, the task list's context menu): the selected task's last
    // runs as a chart and figures, not modal; a bar or a row opens that run's log. Null when
    // no task is selected.
    TrendsDialog *showTrends();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildActions();
    // Asks for the task's parameters first when a person started it (TaskInputsDialog): then
    // nothing has started yet on return.
    RunPane *runTask(const Task &task, const QString &trigger = QStringLiteral("manual"));
    // The task already running with policy ask: the user is asked first. Then startRun().
    RunPane *askIfRunningThenStart(const RunRequest &request);
    RunPane *startRun(RunRequest request); // through the launcher; null when refused
    // Every new run gets a tab, except a rerun shown where its first run was.
    void showNewRun(ManagedRun *run);
    RunPane *paneShowing(quint64 runId) const;
    // Its tab, made again for a run in the background.
    RunPane *showRunTab(ManagedRun *run);
    RunPane *addRunTab(ManagedRun *run);
    void applyViewToggles(LogView *view) const;
    void updateRunTab(RunPane *pane);
    void updateStatus();
    void updatePauseAction();        // for the current tab's run
    void updateRunActions();         // each enabled only when it can act (RunActionStates)
    LogView *currentLogView() const; // the current tab's output: a run's or a past run's
    void saySettingsProblems(const QString &file);
    void openHistory();
    void openProcessTree();   // the Processes dock (View > Processes, Ctrl+Shift+P)
    void updateProcessTree(); // to the current tab's run
    void scheduleHistoryReload();
    void closeRunTab(int index);
    // Quitting, and the last run has ended: close (or, after a signal, exit with 128 + N).
    void finishQuitting();
    void lookForLeftovers();
    void offerToKillLeftovers(const QVector<RunLeftover> &leftovers);
    bool writeFileOrSay(const QString &path, const QByteArray &data, const QString &title);
    void setUpTray();
    void applyPreferences(); // written by the Preferences dialog: used from now on

    std::unique_ptr<UserPrompts> m_prompts;
    std::unique_ptr<RunHistory> m_history;    // every run is recorded in it
    std::unique_ptr<RunManager> m_runs;       // after the history: it records into it
    std::unique_ptr<UsageSampler> m_usage;    // after the runs: it follows them
    std::unique_ptr<TaskLauncher> m_launcher; // after the runs: it starts them
    TaskLibrary *m_library = nullptr;         // its file watched from LibraryActions::load() on
    bool m_quitting = false;
    int m_exitCode = 0;

    QSplitter *m_splitter = nullptr;
    TaskListModel *m_taskModel = nullptr;
    TaskListPanel *m_taskList = nullptr;
    LibraryActions *m_libraryActions = nullptr; // New, Edit, ..., Import, Export, the editor
    QTabWidget *m_tabs = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    ProcessTreePanel *m_processTree = nullptr;
    QTimer *m_historyReload = nullptr; // runs ending together reload the panel once
    QLineEdit *m_quickRun = nullptr;
    FindBar *m_findBar = nullptr;
    QToolButton *m_liveRuns = nullptr;
    QAction *m_pause = nullptr;
    ActionIcons *m_actionIcons = nullptr;
    TrayIcon *m_tray = nullptr;
    TriggerHub *m_triggers = nullptr;    // what it fires starts through runTask()
    TaskTrendsCache *m_trends = nullptr; // reads the history, follows the runs
    QPointer<PreferencesDialog> m_preferences;
    QStringList m_saidSettingsProblems; // saySettingsProblems(): each set once
    StatusNotes *m_notes = nullptr;     // the status bar's words, each for as long as it is worth
    bool m_quitAsked = false;           // quit(): closing must end the app, not go into the tray
};
