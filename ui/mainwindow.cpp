#include "mainwindow.h"

#include "actionicons.h"
#include "apppalette.h"
#include "closabletabsaccessible.h"
#include "containmentbackend.h"
#include "findbar.h"
#include "historypanel.h"
#include "libraryactions.h"
#include "logging.h"
#include "logview.h"
#include "namedwidget.h"
#include "outcomecolors.h"
#include "outcometext.h"
#include "outputlog.h"
#include "pastrunpane.h"
#include "preferencesdialog.h"
#include "processtreepanel.h"
#include "rememberedfolder.h"
#include "runactionstates.h"
#include "rungroupview.h"
#include "runhistory.h"
#include "runlogname.h"
#include "runmanager.h"
#include "runpane.h"
#include "runsummary.h"
#include "safefilename.h"
#include "settingscheck.h"
#include "specsnapshot.h"
#include "statusnotes.h"
#include "tabtitles.h"
#include "taskinputsdialog.h"
#include "tasklauncher.h"
#include "tasklistmodel.h"
#include "tasklistpanel.h"
#include "taskrun.h"
#include "tasktrendscache.h"
#include "trayicon.h"
#include "trendsdialog.h"
#include "triggerhub.h"
#include "usagesampler.h"
#include "usageseriescodec.h"
#include "viewsettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPainter>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <cstdio>
#include <tuple>

namespace {

// Said in words, not "%n run(s)": without a translation loaded, Qt leaves "(s)" as it is.
QString stoppingBeforeQuitting(int runs)
{
    return runs == 1 ? MainWindow::tr("Stopping a run before quitting…")
                     : MainWindow::tr("Stopping %1 runs before quitting…").arg(runs);
}

// The state of a run at a glance: colour and a word for the tooltip and accessibility.
QPair<QColor, QString> stateLook(const ManagedRun *run)
{
    if (run && run->state() == ManagedRun::State::Queued)
        return {OutcomeColors::queued(), MainWindow::tr("queued")};
    const TaskRun *process = run ? run->taskRun() : nullptr;
    if (!process || process->state() == TaskRun::State::NotStarted)
        return {OutcomeColors::unknown(),
                OutcomeText::stateName(TaskRun::State::NotStarted).toLower()};
    if (run->state() == ManagedRun::State::Restarting) // between two attempts of a service
        return {OutcomeColors::paused(), MainWindow::tr("restarting")};
    if (process->isLive()) { // "starting", "running", "paused", "stopping"
        const TaskRun::State state = process->state();
        return {state == TaskRun::State::Stopping ? OutcomeColors::stopping()
                : state == TaskRun::State::Paused ? OutcomeColors::paused()
                                                  : OutcomeColors::running(),
                OutcomeText::stateName(state).toLower()};
    }
    // The words are OutcomeText's, shared with the CLI; the colours are the window's.
    return {OutcomeColors::forResult(run->result()), OutcomeText::brief(run->result())};
}

// memory/budgetMB: all runs' scrollback together. A value out of range is the default.
qint64 memoryBudgetSetting()
{
    bool ok = false;
    const qint64 budgetMB = QSettings().value(QStringLiteral("memory/budgetMB")).toLongLong(&ok);
    if (!ok || budgetMB < 1 || budgetMB > RunManager::MaxMemoryBudgetMB)
        return RunManager::DefaultMemoryBudget;
    return budgetMB * 1024 * 1024;
}

} // namespace

MainWindow::MainWindow(std::unique_ptr<UserPrompts> prompts, const QString &libraryPath,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_prompts(std::move(prompts))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("taskrunner"));
    m_notes = new StatusNotes(statusBar(), this); // before anything has a word to say

    m_library = new TaskLibrary(libraryPath, this);
    m_taskModel = new TaskListModel(m_library, this);
    m_taskList = new TaskListPanel(m_taskModel);
    m_libraryActions = new LibraryActions(m_library, m_taskList, m_prompts.get(), this);
    connect(m_libraryActions, &LibraryActions::runRequested, this,
            [this](const Task &task) { runTask(task); });
    connect(m_libraryActions, &LibraryActions::statusMessage, this,
            [this](const QString &text) { m_notes->info(text); });

    ClosableTabsAccessible::install(); // the tabs' close buttons for assistive technology
    m_tabs = named(new QTabWidget, "runTabs", tr("Runs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setUsesScrollButtons(true); // dozens of runs stay reachable
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeRunTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updatePauseAction);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateRunActions);
    connect(m_taskList, &TaskListPanel::currentTaskChanged, this, &MainWindow::updateRunActions);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_taskList);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(1, 3);
    setCentralWidget(m_splitter);

    // The live runs, counted; its menu reaches each of them, those in the background too.
    m_liveRuns = named(new QToolButton, "liveRunsButton", tr("Live runs"));
    m_liveRuns->setPopupMode(QToolButton::InstantPopup);
    m_liveRuns->setAutoRaise(true);
    // The tooltip also names the containment (eventFilter()): asked for only when shown, as
    // deciding it makes the runner's cgroup, which a window that runs nothing does not need.
    m_liveRuns->installEventFilter(this);
    auto *liveMenu = new QMenu(m_liveRuns);
    liveMenu->setObjectName(QStringLiteral("liveRunsMenu"));
    liveMenu->setTitle(tr("Live runs")); // its name for assistive technology
    connect(liveMenu, &QMenu::aboutToShow, this, [this, liveMenu] {
        liveMenu->clear();
        // The live runs, then the queue in its order.
        QList<ManagedRun *> shown;
        for (ManagedRun *run : m_runs->runs()) {
            if (run->isLive())
                shown.append(run);
        }
        shown += m_runs->queue();
        for (ManagedRun *run : std::as_const(shown)) {
            const bool background = !paneShowing(run->id());
            const QString place
                = run->queuePosition() > 0
                      ? QStringLiteral(" (%1)").arg(RunSummary::ordinal(run->queuePosition()))
                      : QString();
            QString text = run->task().name + QStringLiteral(" — ") + stateLook(run).second + place
                           + (background ? tr(" (in the background)") : QString());
            QAction *action
                = liveMenu->addAction(text.replace(QLatin1Char('&'), QLatin1String("&&")));
            action->setIcon(OutcomeColors::dot(stateLook(run).first));
            const quint64 id = run->id();
            const qint64 recordId = run->recordId();
            connect(action, &QAction::triggered, this, [this, id, recordId] {
                if (ManagedRun *chosen = m_runs->run(id))
                    showRunTab(chosen);
                else if (recordId > 0) // it ended meanwhile, and was let go: from its log
                    openPastRun(recordId);
                else
                    m_notes->info(tr("That run has ended."));
            });
        }
        if (liveMenu->isEmpty())
            liveMenu->addAction(tr("No live runs"))->setEnabled(false);
    });
    m_liveRuns->setMenu(liveMenu);
    statusBar()->addPermanentWidget(m_liveRuns);

    buildActions();
    m_libraryActions->load();
    openHistory();
    openProcessTree();
    m_actionIcons = new ActionIcons(this); // after the last action (History) is made
    m_actionIcons->apply();
    setUpTray();
    m_triggers = new TriggerHub(m_library, this);
    connect(m_triggers, &TriggerHub::launchRequested, this,
            [this](const Task &task, const QString &trigger) {
                if (m_quitting) // nothing new while quitting, and nothing to say about it
                    return;
                Task toRun = task;
                // watchexec's main mode: a change restarts the run it makes stale.
                if (trigger == RunTriggers::fileChange() && task.watch.restartOnChange)
                    toRun.concurrency.whenRunning = InstancePolicy::Restart;
                runTask(toRun, trigger);
            });
    connect(m_triggers, &TriggerHub::note, this,
            [this](const QString &text) { m_notes->info(text); });
    m_taskModel->setTriggers(m_triggers);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    ViewSettings::restoreDocks(this, settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_taskList->selectTask(settings.value(QStringLiteral("library/selected")).toString());
    updateStatus();
    updateRunActions();
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1100, 700);
    m_runs->pruneLogs();
    saySettingsProblems(settings.fileName()); // unless pruneLogs() has said them already
    // Off this thread: it reads /proc. Queued, so the window is up first.
    QTimer::singleShot(0, this, &MainWindow::lookForLeftovers);
}

void MainWindow::setUpTray()
{
    m_tray = new TrayIcon(m_runs.get(), m_history.get(), this);
    connect(m_tray, &TrayIcon::showRequested, this, [this] { TrayIcon::showWindow(this); });
    connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quit);
    connect(m_tray, &TrayIcon::runAgainRequested, this, [this](const TrayModel::RecentTask &task) {
        // A library task as it is now; a quick run, or a task deleted since, as it was run.
        if (const Task *current
            = task.taskId.isEmpty() ? nullptr : m_library->findById(task.taskId))
            runTask(*current, RunTriggers::tray());
        else
            rerunPastRun(task.recordId, RunTriggers::tray());
    });
    m_tray->applySettings();
}

void MainWindow::showPreferences()
{
    if (!m_preferences) {
        m_preferences = new PreferencesDialog(TrayIcon::isAvailable(), this);
        m_preferences->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_preferences, &PreferencesDialog::applied, this, &MainWindow::applyPreferences);
        connect(m_preferences, &PreferencesDialog::paletteChanged, this,
                [] { AppPalette::apply(AppPalette::fromSettings()); });
    }
    m_preferences->show();
    m_preferences->raise();
    m_preferences->activateWindow();
}

PreferencesDialog *MainWindow::preferencesDialog() const
{
    return m_preferences;
}

void MainWindow::applyPreferences()
{
    // Logs and notifications are read where they are used, at each run; the containment is
    // decided once per start (the dialog says so).
    m_runs->setMemoryBudget(memoryBudgetSetting());
    m_usage = std::make_unique<UsageSampler>(m_runs.get(), m_history.get());
    m_runs->enforceMemoryBudget();
    m_launcher->setMaxConcurrentRuns(SettingsCheck::maxConcurrentRuns(QSettings()));
    m_tray->applySettings();
    m_trends->setRunCount(SettingsCheck::trendRuns(QSettings()));
}

void MainWindow::quit()
{
    m_quitAsked = true;
    if (isHidden()) // in the tray: back, so that a question about live runs has its window
        TrayIcon::showWindow(this);
    close();
    if (!m_quitting && isVisible()) // the user chose not to quit: closing may use the tray again
        m_quitAsked = false;
}

void MainWindow::lookForLeftovers()
{
    // What dead taskrunners' runs left alive (their guardian was killed too): asked about.
    // Their empty cgroups are removed without asking: there is nothing in them to lose.
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self] {
        QVector<RunLeftover> alive;
        for (const RunLeftover &leftover : RunLeftovers::find()) {
            QString error;
            const bool empty
                = leftover.kind == RunLeftover::Kind::Cgroup && leftover.cgroup.processes.isEmpty();
            if (empty)
                RunLeftovers::kill(leftover, &error);
            else
                alive.append(leftover);
        }
        if (alive.isEmpty())
            return;
        QMetaObject::invokeMethod(qApp, [self, alive] {
            if (self)
                self->offerToKillLeftovers(alive);
        });
    });
}

void MainWindow::offerToKillLeftovers(const QVector<RunLeftover> &leftovers)
{
    QStringList lines;
    for (const RunLeftover &leftover : leftovers)
        lines.append(leftover.description());
    if (!m_prompts->confirmKillLeftovers(this, lines))
        return;
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, leftovers] { // each may take up to a second
        QStringList errors;
        for (const RunLeftover &leftover : leftovers) {
            QString error;
            if (!RunLeftovers::kill(leftover, &error))
                errors.append(error);
        }
        QMetaObject::invokeMethod(qApp, [self, errors, count = leftovers.size()] {
            if (!self)
                return;
            if (errors.isEmpty())
                self->m_notes->info(count == 1
                                        ? tr("Killed what a dead run left behind.")
                                        : tr("Killed what %1 dead runs left behind.").arg(count));
            else
                self->m_notes->problem(tr("Could not kill everything left behind: %1")
                                           .arg(errors.join(QLatin1String("; "))));
        });
    });
}

void MainWindow::openProcessTree()
{
    m_processTree = new ProcessTreePanel;
    auto *dock = new QDockWidget(tr("Processes"), this);
    dock->setObjectName(QStringLiteral("processTreeDock"));
    dock->setWidget(m_processTree);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {520}, Qt::Horizontal); // wide enough for a command and the figures
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("processTreeAction"));
    toggle->setText(tr("&Processes"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    if (QMenu *view = findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->addAction(toggle);
    ViewSettings::keep(dock, "view/processTree", false);
    // Opened from the keyboard, the panel takes the focus: its keys (Alt+K...) act on it.
    connect(toggle, &QAction::triggered, this, [this](bool shown) {
        if (shown)
            m_processTree->setFocus();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateProcessTree);
    updateProcessTree();
}

void MainWindow::updateProcessTree()
{
    if (RunPane *pane = currentPane())
        m_processTree->showRun(pane->run());
    else if (qobject_cast<PastRunPane *>(m_tabs->currentWidget()))
        m_processTree->showRun(nullptr, tr("This tab shows a past run from the history: its "
                                           "processes are gone."));
    else
        m_processTree->showRun(nullptr);
}

void MainWindow::openHistory()
{
    m_historyPanel = new HistoryPanel;
    auto *dock = new QDockWidget(tr("History"), this);
    dock->setObjectName(QStringLiteral("historyDock"));
    dock->setWidget(m_historyPanel);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {160}, Qt::Vertical); // the output keeps most of the height
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("historyAction"));
    toggle->setText(tr("&History"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    if (QMenu *view = findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->addAction(toggle);
    ViewSettings::keep(dock, "view/history", true);
    connect(m_historyPanel, &HistoryPanel::openRequested, this, &MainWindow::openPastRun);
    connect(m_historyPanel, &HistoryPanel::rerunRequested, this,
            [this](qint64 runId) { rerunPastRun(runId); });
    connect(m_historyPanel, &HistoryPanel::deleteRequested, this, &MainWindow::deletePastRuns);
    m_historyReload = new QTimer(this);
    m_historyReload->setSingleShot(true);
    m_historyReload->setInterval(250);
    connect(m_historyReload, &QTimer::timeout, m_historyPanel, &HistoryPanel::reload);
    // Other programs (the CLI) record runs too: while the panel is shown, look every few
    // seconds, and at once when it is shown again.
    auto *poll = new QTimer(this);
    poll->setInterval(3000);
    connect(poll, &QTimer::timeout, this, &MainWindow::scheduleHistoryReload);
    connect(dock, &QDockWidget::visibilityChanged, this, [this, poll](bool visible) {
        if (visible) {
            scheduleHistoryReload();
            poll->start();
        } else {
            poll->stop();
        }
    });
    connect(m_historyReload, &QTimer::timeout, m_taskModel,
            &TaskListModel::refresh); // the tasks' last runs

    m_history = std::make_unique<RunHistory>();
    const RunHistory::OpenResult opened = m_history->open(RunHistory::defaultPath());
    QString text;
    if (!opened.backupPath.isEmpty())
        text = tr("The run history was damaged. It was kept as %1 and a new one started.")
                   .arg(opened.backupPath);
    if (!opened.ok)
        text = opened.error;
    if (!text.isEmpty()) {
        QTimer::singleShot(0, this,
                           [this, text] { m_prompts->showError(this, tr("Run history"), text); });
    }
    // Runs left "running" by a program that is gone: this app, ended by a crash, SIGKILL or a
    // power cut while they ran.
    const int interrupted = m_history->markInterrupted();
    m_historyPanel->setHistory(m_history.get());
    m_taskModel->setHistory(m_history.get());
    m_trends = new TaskTrendsCache(this);
    m_trends->setHistory(m_history.get());
    m_trends->setRunCount(SettingsCheck::trendRuns(QSettings()));
    m_taskModel->setTrends(m_trends);

    m_runs = std::make_unique<RunManager>(m_history.get());
    m_runs->setMemoryBudget(memoryBudgetSetting());
    m_usage = std::make_unique<UsageSampler>(m_runs.get(), m_history.get());
    m_launcher = std::make_unique<TaskLauncher>(m_runs.get());
    m_launcher->setLibrary(m_library);
    m_launcher->setMaxConcurrentRuns(SettingsCheck::maxConcurrentRuns(QSettings()));
    connect(m_runs.get(), &RunManager::queueChanged, this, [this] {
        updateStatus();
        scheduleHistoryReload(); // the task list says "queued"
    });
    m_taskModel->setRuns(m_runs.get()); // "stopping", "paused": the history says "running"
    m_trends->setRuns(m_runs.get());    // a run of a task started or ended: its trends moved
    connect(m_runs.get(), &RunManager::runAdded, this, &MainWindow::showNewRun);
    connect(m_runs.get(), &RunManager::runChanged, this, [this](ManagedRun *run) {
        if (RunPane *pane = paneShowing(run->id()))
            updateRunTab(pane);
        updateStatus();
        scheduleHistoryReload(); // started or ended: the history panel shows it
    });
    connect(m_runs.get(), &RunManager::runRemoved, this, &MainWindow::updateStatus);
    connect(m_runs.get(), &RunManager::liveCountChanged, this, [this](int live) {
        if (m_quitting && live == 0)
            QTimer::singleShot(0, this, &MainWindow::finishQuitting);
    });
    connect(m_runs.get(), &RunManager::logSettingsProblemsChanged, this,
            [this](const QStringList &, const QString &file) { saySettingsProblems(file); });
    if (interrupted > 0)
        m_notes->problem(
            (interrupted == 1 ? tr("1 run interrupted")
                              : tr("%1 runs interrupted").arg(interrupted))
            + tr(": the app ended unexpectedly while it ran (taskrunner-cli history)."));
}

void MainWindow::scheduleHistoryReload()
{
    m_historyReload->start(); // once for runs ending together
}

PastRunPane *MainWindow::openPastRun(qint64 runId)
{
    const std::optional<RunRecord> record = m_history ? m_history->run(runId) : std::nullopt;
    if (!record) {
        m_notes->problem(tr("Run %1 is no longer in the history.").arg(runId));
        return nullptr;
    }
    if (ManagedRun *run = m_runs->runRecordedAs(runId)) { // still held: its own tab
        showRunTab(run);
        return nullptr;
    }
    for (int i = 0; i < m_tabs->count(); ++i) { // already open: show it
        auto *past = qobject_cast<PastRunPane *>(m_tabs->widget(i));
        if (past && past->record().id == runId) {
            m_tabs->setCurrentIndex(i);
            return past;
        }
    }
    auto *past = new PastRunPane(*record);
    past->showUsage(UsageSeriesCodec::decode(m_history->samples(runId)));
    applyViewToggles(past->logView());
    connect(past, &PastRunPane::editorFailed, m_notes, &StatusNotes::problem);
    m_runs->countMemoryOf(past->outputLog());        // one budget for what is on screen
    m_runs->keepLogWhileOpen(record->logPath, past); // never pruned under the open tab
    const int index = m_tabs->addTab(past, QString());
    TabTitles::setTitle(m_tabs, past, QStringLiteral("#%1 %2").arg(runId).arg(record->taskName));
    m_tabs->setTabIcon(index, OutcomeColors::dot(record->state == RunRecord::State::Finished
                                                     ? OutcomeColors::forResult(record->result)
                                                     : OutcomeColors::unknown()));
    m_tabs->setCurrentIndex(index);
    return past;
}

void MainWindow::showRun(quint64 runId, qint64 recordId)
{
    if (ManagedRun *run = m_runs->run(runId))
        showRunTab(run);
    else if (recordId > 0)
        openPastRun(recordId);
}

void MainWindow::rerunPastRun(qint64 runId, const QString &trigger)
{
    const std::optional<RunRecord> record = m_history ? m_history->run(runId) : std::nullopt;
    const std::optional<TaskSpec> spec
        = record ? SpecSnapshot::fromJson(record->specJson) : std::nullopt;
    if (!spec) {
        m_notes->problem(tr("Run %1 cannot be run again: what it ran is not recorded.").arg(runId));
        return;
    }
    RunRequest request;
    request.task.name = record->taskName;
    request.task.id = record->taskId;
    request.task.spec = *spec;
    request.trigger = trigger;
    request.prepared = true; // what ran then, its placeholders expanded: run as it is
    startRun(request);
}

void MainWindow::deletePastRuns(const QList<qint64> &runIds)
{
    if (!m_history || runIds.isEmpty())
        return;
    // Kept: a run still going, in this app or another program (the CLI) - its log is being
    // written; and a run shown in a tab here, whose log the tab reads from.
    QSet<qint64> open;
    for (const ManagedRun *run : m_runs->runs())
        open.insert(run->recordId());
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *past = qobject_cast<PastRunPane *>(m_tabs->widget(i)))
            open.insert(past->record().id);
    }
    const QSet<qint64> interrupted = m_history->interruptedRuns(); // their program is gone
    QList<RunRecord> deletable;
    int running = 0;
    int shown = 0;
    for (qint64 id : runIds) {
        const std::optional<RunRecord> record = m_history->run(id);
        if (!record)
            continue;
        const ManagedRun *held = m_runs->runRecordedAs(id);
        if ((held && !held->isFinished())
            || (!held && record->state == RunRecord::State::Running && !interrupted.contains(id)))
            ++running;
        else if (open.contains(id))
            ++shown;
        else
            deletable.append(*record);
    }
    QString kept;
    if (running > 0)
        kept += running == 1
                    ? tr(" 1 is still running and was kept: stop it first.")
                    : tr(" %1 are still running and were kept: stop them first.").arg(running);
    if (shown > 0)
        kept += shown == 1 ? tr(" 1 is open in a tab and was kept: close it first.")
                           : tr(" %1 are open in tabs and were kept: close them first.").arg(shown);
    if (deletable.isEmpty()) { // nothing to ask about
        m_notes->problem(tr("No run deleted.") + kept);
        return;
    }
    if (!m_prompts->confirmDeleteRuns(this, int(deletable.size())))
        return;
    int deleted = 0;
    for (const RunRecord &record : std::as_const(deletable)) {
        if (!m_history->remove(record.id))
            continue;
        ++deleted;
        if (!record.logPath.isEmpty()) {
            QFile::remove(record.logPath);
            QFile::remove(RunLogName::indexPathFor(record.logPath));
        }
    }
    m_notes->info((deleted == 1 ? tr("1 run deleted.") : tr("%1 runs deleted.").arg(deleted))
                  + kept);
    m_historyPanel->reload();
}

void MainWindow::saySettingsProblems(const QString &file)
{
    // Every bad value of the file (SettingsCheck knows them all), said once: at start, and
    // again only when the log settings' problems change (RunManager reads those at each run).
    // A bad value is used as SettingsCheck says - a log limit as none, never as "keep nothing".
    const QStringList problems = SettingsCheck::problems(QSettings());
    if (problems == m_saidSettingsProblems)
        return;
    m_saidSettingsProblems = problems;
    if (problems.isEmpty())
        return;
    // The status bar has room for one short line - it cuts a longer one: how many, in which
    // file, where to fix them; the whole story goes in a message, queued so that the window is
    // up behind it.
    const QString name = QFileInfo(file).fileName();
    m_notes->problem(problems.size() == 1
                         ? tr("A setting in %1 not understood — see Edit ▸ Preferences.").arg(name)
                         : tr("%1 settings in %2 not understood — see Edit ▸ Preferences.")
                               .arg(QString::number(problems.size()), name));
    const QString text = tr("In %1:\n\n%2").arg(file, problems.join(QLatin1String("\n\n")));
    QTimer::singleShot(0, this, [this, text] { m_prompts->showError(this, tr("Settings"), text); });
}

MainWindow::~MainWindow()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState()); // the docks' places
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("library/selected"), m_taskList->selectedTaskName());
}

void MainWindow::buildActions()
{
    QMenu *taskMenu = menuBar()->addMenu(tr("&Task"));
    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));

    const auto add = [&](QMenu *menu, const char *name, const QString &text,
                         const QList<QKeySequence> &keys, auto slot, bool onToolbar) {
        QAction *action = makeAction(this, name, text, keys);
        connect(action, &QAction::triggered, this, slot);
        menu->addAction(action);
        if (onToolbar)
            toolbar->addAction(action);
        return action;
    };
    const LibraryActions *library = m_libraryActions;
    taskMenu->addActions({library->newAction(), library->editAction(), library->duplicateAction(),
                          library->deleteAction()});
    toolbar->addActions({library->newAction(), library->editAction()});
    QAction *trends = add(taskMenu, "trendsAction", tr("T&rends…"),
                          {Qt::CTRL | Qt::SHIFT | Qt::Key_G}, &MainWindow::showTrends, false);
    taskMenu->addSeparator();
    taskMenu->addActions({library->importAction(), library->exportAction()});
    taskMenu->addSeparator();
    add(taskMenu, "quitAction", tr("&Quit"), {QKeySequence::Quit}, &MainWindow::quit, false);
    QMenu *editMenu = new QMenu(tr("&Edit"), this);
    editMenu->setObjectName(QStringLiteral("editMenu"));
    menuBar()->insertMenu(runMenu->menuAction(), editMenu);
    add(editMenu, "preferencesAction", tr("&Preferences…"), {Qt::CTRL | Qt::Key_Comma},
        &MainWindow::showPreferences, false);

    toolbar->addSeparator();
    add(runMenu, "runAction", tr("&Run"), {Qt::CTRL | Qt::Key_R, Qt::Key_F5},
        &MainWindow::runSelectedTask, true);
    add(runMenu, "stopAction", tr("&Stop"), {Qt::CTRL | Qt::Key_Period}, &MainWindow::stopCurrent,
        true);
    add(runMenu, "killAction", tr("&Kill"), {Qt::CTRL | Qt::Key_K}, &MainWindow::killCurrent, true);
    // One action, Pause or Resume as the current run is (updatePauseAction()).
    m_pause = add(runMenu, "pauseAction", tr("&Pause"), {Qt::CTRL | Qt::Key_P},
                  &MainWindow::togglePauseCurrent, true);
    m_pause->setCheckable(true);
    add(runMenu, "rerunAction", tr("R&erun"), {Qt::CTRL | Qt::SHIFT | Qt::Key_R},
        &MainWindow::rerunCurrent, true);
    add(runMenu, "clearAction", tr("&Clear output"), {Qt::CTRL | Qt::SHIFT | Qt::Key_X},
        &MainWindow::clearCurrent, false);
    add(runMenu, "saveOutputAction", tr("Save output &as…"), {QKeySequence::Save},
        &MainWindow::saveOutputAs, false);
    add(
        runMenu, "findAction", tr("&Find in output"), {QKeySequence::Find},
        [this] {
            m_findBar->edit()->setFocus();
            m_findBar->edit()->selectAll();
        },
        false);
    add(
        runMenu, "findNextAction", tr("Find &next"), {QKeySequence::FindNext},
        [this] { findInOutput(false); }, false);
    add(
        runMenu, "findPreviousAction", tr("Find pre&vious"), {QKeySequence::FindPrevious},
        [this] { findInOutput(true); }, false);
    runMenu->addSeparator();
    add(
        runMenu, "quickRunAction", tr("&Quick run…"), {Qt::CTRL | Qt::Key_L},
        [this] {
            m_quickRun->setFocus();
            m_quickRun->selectAll();
        },
        false);
    add(runMenu, "saveQuickRunAction", tr("Save quick run to &library…"), {},
        &MainWindow::saveQuickRunToLibrary, false);
    runMenu->addSeparator();
    // The current tab closed as its close button would (a live run asks first).
    add(
        runMenu, "closeTabAction", tr("Close &tab"),
        {QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::CTRL | Qt::Key_F4)},
        [this] {
            if (m_tabs->currentIndex() >= 0)
                closeRunTab(m_tabs->currentIndex());
        },
        false);

    // View toggles apply to every run pane, open or opened later.
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    const auto toggle = [&](const char *name, const QString &text, const QKeySequence &key,
                            void (LogView::*setter)(bool)) {
        QAction *action = makeAction(this, name, text, {key});
        action->setCheckable(true);
        connect(action, &QAction::toggled, this, [this, setter](bool on) {
            for (int i = 0; i < m_tabs->count(); ++i) { // runs, and runs opened from the history
                if (auto *pane = qobject_cast<RunPane *>(m_tabs->widget(i)))
                    (pane->logView()->*setter)(on);
                else if (auto *past = qobject_cast<PastRunPane *>(m_tabs->widget(i)))
                    (past->logView()->*setter)(on);
            }
        });
        viewMenu->addAction(action);
    };
    toggle("lineNumbersAction", tr("&Line numbers"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
           &LogView::setShowLineNumbers);
    toggle("timestampsAction", tr("&Timestamps"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
           &LogView::setShowTimestamps);
    toggle("softWrapAction", tr("Soft &wrap"), QKeySequence(Qt::ALT | Qt::Key_Z),
           &LogView::setWordWrap);
    ViewSettings::keep(findChild<QAction *>(QStringLiteral("lineNumbersAction")),
                       "view/lineNumbers", false);
    ViewSettings::keep(findChild<QAction *>(QStringLiteral("timestampsAction")), "view/timestamps",
                       false);
    ViewSettings::keep(findChild<QAction *>(QStringLiteral("softWrapAction")), "view/softWrap",
                       false);

    toolbar->addSeparator();
    m_quickRun = named(new QLineEdit, "quickRunEdit", tr("Quick run command"));
    m_quickRun->setPlaceholderText(tr("Quick run: a shell command (Ctrl+L, Enter runs it)"));
    m_quickRun->setMinimumWidth(260);
    connect(m_quickRun, &QLineEdit::returnPressed, this, &MainWindow::quickRun);
    toolbar->addWidget(m_quickRun);
    m_findBar = new FindBar;
    connect(m_findBar, &FindBar::problem, this,
            [this](const QString &text) { m_notes->problem(text); });
    toolbar->addWidget(m_findBar);
    connect(m_findBar->edit(), &QLineEdit::textChanged, this, &MainWindow::updateRunActions);
    // How to match. Either one changing makes a new search: the find bar compares what is typed,
    // with both flags, with what the view searched for last. Alt+X, as Alt+R opens
    // the Run menu.
    for (auto [name, text, key, iconText] :
         {std::tuple{"findRegexAction", tr("Regular expression"), Qt::ALT | Qt::Key_X, ".*"},
          std::tuple{"findCaseAction", tr("Match case"), Qt::ALT | Qt::Key_C, "Aa"}}) {
        QAction *action = makeAction(this, name, text, {QKeySequence(key)});
        action->setCheckable(true);
        action->setIconText(QLatin1String(iconText));
        action->setToolTip(text + QStringLiteral(" (") + QKeySequence(key).toString() + u')');
        connect(action, &QAction::toggled, this, [this] { findInOutput(false); });
        runMenu->addAction(action);
        toolbar->addAction(action);
        // The button shows ".*" or "Aa"; it is named by what it does.
        toolbar->widgetForAction(action)->setAccessibleName(text);
    }

    m_findBar->setOptions(findChild<QAction *>(QStringLiteral("findRegexAction")),
                          findChild<QAction *>(QStringLiteral("findCaseAction")));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    add(helpMenu, "aboutAction", tr("&About taskrunner…"), {}, &MainWindow::showAbout, false);
    updatePauseAction();
    m_taskList->setContextActions(
        {findChild<QAction *>(QStringLiteral("runAction")), library->editAction(), trends});
}

TrendsDialog *MainWindow::showTrends()
{
    const QString id = m_taskList->selectedTaskId();
    if (id.isEmpty() || !m_trends)
        return nullptr;
    // One per task: asked again, the open one comes to the front.
    for (TrendsDialog *open : findChildren<TrendsDialog *>()) {
        if (open->taskId() == id) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    auto *dialog = new TrendsDialog(m_trends, id, m_taskList->selectedTaskName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TrendsDialog::openRunRequested, this, &MainWindow::openPastRun);
    dialog->show();
    return dialog;
}

// The library's actions are LibraryActions'; these are the window's names for them.
bool MainWindow::selectTask(const QString &name)
{
    return m_taskList->selectTask(name);
}

TaskEditorDialog *MainWindow::openEditor() const
{
    return m_libraryActions->openEditor();
}

void MainWindow::newTask()
{
    m_libraryActions->newTask();
}

void MainWindow::editTask()
{
    m_libraryActions->editTask();
}

void MainWindow::duplicateTask()
{
    m_libraryActions->duplicateTask();
}

void MainWindow::deleteTask()
{
    m_libraryActions->deleteTask();
}

void MainWindow::runSelectedTask()
{
    m_libraryActions->runSelected();
}

void MainWindow::saveQuickRunToLibrary()
{
    // A quick run's task is in no library (it has no id); a library task is there already.
    RunPane *pane = currentPane();
    if (pane && pane->run() && pane->task().id.isEmpty())
        m_libraryActions->saveToLibrary(pane->task());
}

void MainWindow::importTasks()
{
    m_libraryActions->importTasks();
}

bool MainWindow::importTasksFrom(const QString &path)
{
    return m_libraryActions->importTasksFrom(path);
}

void MainWindow::exportTasks()
{
    m_libraryActions->exportTasks();
}

void MainWindow::applyViewToggles(LogView *view) const
{
    if (auto *numbers = findChild<QAction *>(QStringLiteral("lineNumbersAction")))
        view->setShowLineNumbers(numbers->isChecked());
    if (auto *stamps = findChild<QAction *>(QStringLiteral("timestampsAction")))
        view->setShowTimestamps(stamps->isChecked());
    if (auto *wrap = findChild<QAction *>(QStringLiteral("softWrapAction")))
        view->setWordWrap(wrap->isChecked());
}

RunPane *MainWindow::runTask(const Task &task, const QString &trigger)
{
    if (m_quitting) { // every run is being stopped: a new one would keep the app from ending
        m_notes->problem(tr("Quitting: no new runs."));
        return nullptr;
    }
    RunRequest request;
    request.task = task;
    request.trigger = trigger;
    if (TaskInputsDialog::asksFor(task, trigger)) { // its parameters first; Cancel runs nothing
        auto *dialog = new TaskInputsDialog(task, this);
        connect(dialog, &QDialog::accepted, this, [this, dialog, request]() mutable {
            request.inputValues = dialog->values();
            askIfRunningThenStart(request);
        });
        dialog->open();
        return nullptr;
    }
    return askIfRunningThenStart(request);
}

RunPane *MainWindow::askIfRunningThenStart(const RunRequest &request)
{
    // Already running, and its policy is to ask: asked without blocking, then launched with
    // the answer (the launcher applies it). Other policies are the launcher's alone.
    const Task &task = request.task;
    const bool byHand
        = request.trigger == RunTriggers::manual() || request.trigger == RunTriggers::tray();
    const int active = int(m_launcher->instances().activeRunsOf(task).size());
    if (byHand && active > 0 && task.concurrency.whenRunning == InstancePolicy::Ask) {
        // The dialog is this window's child: the answer never comes after the window is gone.
        m_prompts->askAlreadyRunning(
            this, task.name, active, [this, request](UserPrompts::AlreadyRunningChoice choice) {
                if (choice == UserPrompts::AlreadyRunningChoice::Cancel) {
                    m_notes->info(
                        tr("Nothing started: '%1' is already running.").arg(request.task.name));
                    return;
                }
                RunRequest answered = request;
                answered.instancePolicy = choice == UserPrompts::AlreadyRunningChoice::Restart
                                              ? InstancePolicy::Restart
                                              : InstancePolicy::Parallel;
                startRun(answered);
            });
        return nullptr;
    }
    return startRun(request);
}

RunPane *MainWindow::startRun(RunRequest request)
{
    if (m_quitting) { // began while a question was open
        m_notes->problem(tr("Quitting: no new runs."));
        return nullptr;
    }
    request.task.spec.stdinMode = TaskSpec::StdinMode::Pipe; // the pane's stdin line
    m_runs->setMemoryBudget(memoryBudgetSetting());          // a changed setting counts from now
    const TaskLauncher::Launch launch = m_launcher->launch(request);
    if (!launch.started()) {
        m_notes->problem(launch.refusal);
        return nullptr;
    }
    return paneShowing(launch.runId); // showNewRun() gave it its tab
}

void MainWindow::showNewRun(ManagedRun *run)
{
    if (run->request().recordOnly) { // a skipped trigger: the history and the status bar say it
        m_runs->discardWhenFinished(run->id());
        return;
    }
    RunPane *pane = run->request().rerunOf ? paneShowing(run->request().rerunOf) : nullptr;
    if (pane) {
        // A rerun takes the place of the run it repeats, which nothing shows any more.
        const quint64 previous = pane->run()->id();
        pane->showRun(run);
        m_runs->discardWhenFinished(previous);
        if (InstanceAdmission::isByHand(run->request().trigger)) // a trigger's stays behind
            m_tabs->setCurrentWidget(pane);
        return;
    }
    RunPane *added = addRunTab(run);
    // A trigger's run (a schedule, a file change, D-Bus) does not take the tab the user is
    // looking at: two hundred fired at once would flip through two hundred tabs.
    if (InstanceAdmission::isByHand(run->request().trigger) || m_tabs->count() == 1)
        m_tabs->setCurrentWidget(added);
}

RunPane *MainWindow::addRunTab(ManagedRun *run)
{
    auto *pane = new RunPane;
    pane->setUsageSampler(m_usage.get());
    auto *group = new RunGroupView(m_runs.get(), pane); // a group's runs, links to their tabs
    connect(group, &RunGroupView::showRunRequested, this, [this](quint64 id) { showRun(id); });
    applyViewToggles(pane->logView());
    connect(pane, &RunPane::runStateChanged, this, [this, pane] { updateRunTab(pane); });
    connect(pane, &RunPane::moveInQueueRequested, m_runs.get(), &RunManager::moveInQueue);
    connect(pane, &RunPane::editorFailed, m_notes, &StatusNotes::problem);
    m_tabs->addTab(pane, QString());
    // "build", "build #2", "build (for deploy)", '&' as it is
    TabTitles::setTitle(m_tabs, pane, RunGroupView::tabTitle(*run));
    pane->showRun(run);
    return pane;
}

RunPane *MainWindow::showRunTab(ManagedRun *run)
{
    RunPane *pane = paneShowing(run->id());
    if (!pane) { // running in the background: wanted again
        m_runs->keep(run->id());
        pane = addRunTab(run);
    }
    m_tabs->setCurrentWidget(pane);
    updateStatus();
    return pane;
}

RunPane *MainWindow::paneShowing(quint64 runId) const
{
    for (RunPane *pane : panes()) {
        if (pane->run() && pane->run()->id() == runId)
            return pane;
    }
    return nullptr;
}

void MainWindow::updateRunTab(RunPane *pane)
{
    const int index = m_tabs->indexOf(pane);
    if (index < 0)
        return;
    if (pane == currentPane()) {
        updatePauseAction();
        updateRunActions();
        updateProcessTree();
    }
    const auto look = stateLook(pane->run());
    m_tabs->setTabIcon(index, OutcomeColors::dot(look.first));
    m_tabs->setTabToolTip(index, TabTitles::titleOf(pane) + QStringLiteral(" — ") + look.second);
    m_tabs->setTabWhatsThis(index, look.second);
}

void MainWindow::updateStatus()
{
    const int live = liveRunCount();
    QString text = live == 1 ? tr("1 live run") : tr("%1 live runs").arg(live);
    const int background = backgroundRunCount();
    if (background > 0)
        text += tr(" (%1 in the background)").arg(background);
    // Queued runs are counted apart: they use nothing yet.
    const int queued = m_runs->queuedCount();
    if (queued > 0)
        text += tr(", %1 queued").arg(queued);
    m_liveRuns->setText(text);
    m_liveRuns->setAccessibleDescription(text); // its name says what it is: "Live runs"
}

int MainWindow::liveRunCount() const
{
    return m_runs->liveCount();
}

int MainWindow::backgroundRunCount() const
{
    return m_runs->backgroundCount();
}

QList<RunPane *> MainWindow::panes() const
{
    QList<RunPane *> list;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *pane = qobject_cast<RunPane *>(m_tabs->widget(i)))
            list.append(pane);
    }
    return list;
}

RunPane *MainWindow::currentPane() const
{
    return qobject_cast<RunPane *>(m_tabs->currentWidget());
}

void MainWindow::stopCurrent()
{
    if (RunPane *pane = currentPane())
        pane->stop();
}

void MainWindow::killCurrent()
{
    if (RunPane *pane = currentPane())
        pane->kill();
}

void MainWindow::togglePauseCurrent()
{
    RunPane *pane = currentPane();
    if (pane && pane->isPaused())
        pane->resume();
    else if (pane)
        pane->pause();   // only a running run is paused
    updatePauseAction(); // the action's check mark follows the run, not the click
}

void MainWindow::updatePauseAction()
{
    if (!m_pause)
        return; // the tabs come before the actions
    const RunPane *pane = currentPane();
    const ManagedRun *run = pane ? pane->run() : nullptr;
    const bool paused = run && run->state() == ManagedRun::State::Paused;
    m_pause->setEnabled(run && (paused || run->state() == ManagedRun::State::Running));
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Res&ume") : tr("&Pause")); // Alt+R opens the Run menu
    m_pause->setToolTip(paused ? tr("Resume the run: its processes go on (Ctrl+P)")
                               : tr("Pause the run: every process of it frozen, its timeout "
                                    "too (Ctrl+P)"));
}

void MainWindow::updateRunActions()
{
    RunActionStates states;
    states.taskSelected = !m_taskList->selectedTaskId().isEmpty();
    states.run = currentPane() ? currentPane()->run() : nullptr;
    states.tabOpen = m_tabs->count() > 0;
    states.findTextTyped = m_findBar && !m_findBar->edit()->text().isEmpty();
    states.quitting = m_quitting;
    states.applyTo(this);
    // Stop on a queued run cancels it: say so.
    if (auto *stop = findChild<QAction *>(QStringLiteral("stopAction"))) {
        const bool queued = states.run && states.run->state() == ManagedRun::State::Queued;
        stop->setText(queued ? tr("Cancel &queued run") : tr("&Stop"));
        const QString key = stop->shortcut().toString(QKeySequence::NativeText);
        stop->setToolTip(queued ? tr("Cancel this queued run: it never starts (%1)").arg(key)
                                : tr("Stop (%1)").arg(key));
    }
    if (m_tray)
        m_tray->setRunsAllowed(!m_quitting);
    if (m_findBar)
        m_findBar->setView(currentLogView());
}

LogView *MainWindow::currentLogView() const
{
    if (RunPane *pane = currentPane())
        return pane->logView();
    if (auto *past = qobject_cast<PastRunPane *>(m_tabs->currentWidget()))
        return past->logView();
    return nullptr;
}

void MainWindow::showAbout()
{
    m_prompts->showAbout(
        this, tr("About taskrunner"),
        tr("taskrunner %1\n\nRuns tasks, shows their output as it comes, stops every process "
           "they start, and keeps a history of their runs.\n\nContainment: %2\n\n"
           "taskrunner-cli info says more: what was asked for, the cgroups found, the "
           "kernel's features.")
            .arg(QCoreApplication::applicationVersion(), ContainmentBackend::activeDescription()));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_liveRuns && event->type() == QEvent::ToolTip)
        m_liveRuns->setToolTip(tr("Live runs: choose one to show it\nContainment: %1")
                                   .arg(ContainmentBackend::activeDescription()));
    return QMainWindow::eventFilter(watched, event); // the button shows it
}

void MainWindow::rerunCurrent()
{
    RunPane *pane = currentPane();
    if (m_quitting) {
        m_notes->problem(tr("Quitting: no new runs."));
        return;
    }
    if (pane && pane->run() && pane->run()->isFinished())
        m_runs->rerun(pane->run()->id()); // shown in this pane (showNewRun)
}

void MainWindow::clearCurrent()
{
    if (RunPane *pane = currentPane())
        pane->clearOutput();
}

void MainWindow::closeRunTab(int index)
{
    if (auto *past = qobject_cast<PastRunPane *>(m_tabs->widget(index))) {
        m_tabs->removeTab(index);
        past->deleteLater();
        return;
    }
    auto *pane = qobject_cast<RunPane *>(m_tabs->widget(index));
    if (!pane)
        return;
    const auto closeTab = [this, pane] {
        const quint64 runId = pane->run() ? pane->run()->id() : 0;
        m_tabs->removeTab(m_tabs->indexOf(pane));
        pane->deleteLater();
        // Finished: forgotten now (its log and history row remain). Live: it goes on in the
        // background - the status bar counts it, the history opens it again, quitting stops
        // it - and is forgotten when it ends.
        m_runs->discardWhenFinished(runId);
        updateStatus();
    };
    if (!pane->isLive()) {
        closeTab();
        return;
    }
    switch (m_prompts->askCloseLiveRun(this, pane->task().name)) {
    case UserPrompts::CloseLiveChoice::Cancel:
        return;
    case UserPrompts::CloseLiveChoice::KeepInBackground:
        closeTab();
        return;
    case UserPrompts::CloseLiveChoice::Stop:
        break;
    }
    // Never block on a process: stop it, and close the tab once it is gone (the tab shows the
    // countdown to SIGKILL meanwhile).
    connect(pane, &RunPane::runStateChanged, this, [pane, closeTab] {
        if (!pane->isLive())
            closeTab();
    });
    pane->stop();
}

void MainWindow::saveOutputAs()
{
    RunPane *pane = currentPane();
    if (!pane)
        return;
    // What is in memory when the file is chosen, as text; the run's raw log file (named in the
    // pane) has every byte. The pane may have been closed meanwhile: then there is nothing to save.
    // The tab's title ("build #2") as a file name: a '/' in it would be a folder to go into.
    // Proposed in the folder last saved to (else Documents or home), not the app's working one.
    const RememberedFolder folder(QStringLiteral("dialogs/saveOutputDir"));
    m_prompts->chooseFile(
        this, UserPrompts::FileChoice::Save, tr("Save output"),
        folder.startFor(safeFileName(TabTitles::titleOf(pane), QStringLiteral(".log"))), QString(),
        [this, folder, pane = QPointer<RunPane>(pane)](const QString &path) {
            // The folder of a file written is where the next one is proposed.
            if (pane
                && writeFileOrSay(path, pane->logView()->plainText().toUtf8(), tr("Save output")))
                folder.remember(path);
        });
}

bool MainWindow::writeFileOrSay(const QString &path, const QByteArray &data, const QString &title)
{
    return ::writeFileOrSay(m_prompts.get(), this, path, data, title);
}

void MainWindow::quickRun()
{
    const QString command = m_quickRun->text().trimmed();
    if (command.isEmpty())
        return;
    Task task;
    task.name = TabTitles::quickRunName(command); // cut with "…"
    task.spec = TaskSpec::forShell(command);
    if (runTask(task)) // refused while quitting: what was typed stays
        m_quickRun->clear();
}

void MainWindow::findInOutput(bool backwards)
{
    m_findBar->setView(currentLogView());
    m_findBar->find(backwards);
}

bool MainWindow::runTaskNamed(const QString &name, const QString &trigger)
{
    const Task *task = m_library->find(name);
    if (!task) {
        m_notes->problem(TaskLibrary::noSuchTaskMessage(name));
        return false;
    }
    runTask(*task, trigger);
    return true;
}

void MainWindow::quitOnSignal(int signal)
{
    if (m_exitCode != 0) {
        // The second: the user will not wait for the grace periods.
        m_notes->ongoing(tr("Killing every run before quitting…"));
        m_runs->killAll();
        return;
    }
    m_exitCode = 128 + signal;
    m_quitting = true;
    updateRunActions(); // nothing that starts a run
    const int live = liveRunCount();
    if (live == 0) {
        finishQuitting();
        return;
    }
    m_notes->ongoing(stoppingBeforeQuitting(live));
    m_runs->stopAll();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && !m_quitAsked && m_tray && m_tray->keepsAppOnClose()) {
        event->ignore(); // into the tray: the runs go on, Show brings the window back
        m_tray->hideToTray(this, m_prompts.get());
        return;
    }
    const int live = liveRunCount();
    if (live == 0) {
        event->accept();
        return;
    }
    event->ignore(); // never block: stop everything, and close when the last run has ended
    if (m_quitting) {
        // Asked again while the runs are being stopped: the user will not wait for the grace
        // periods. Killed, the runs end at once and the window closes (finishQuitting()).
        m_notes->ongoing(tr("Killing every run before quitting…"));
        m_runs->killAll();
        return;
    }
    if (m_prompts->askQuitWithLiveRuns(this, live) != UserPrompts::QuitChoice::StopAllAndQuit)
        return;
    m_quitting = true;
    updateRunActions(); // nothing that starts a run
    // The runs may have ended while the question was open (a signal stopped them, or they
    // finished): then nothing will tell us again.
    if (liveRunCount() == 0) {
        QTimer::singleShot(0, this, &MainWindow::finishQuitting);
        return;
    }
    m_notes->ongoing(stoppingBeforeQuitting(liveRunCount()));
    m_runs->stopAll();
}

void MainWindow::finishQuitting()
{
    if (!m_quitting || liveRunCount() > 0)
        return;
    if (m_exitCode != 0) {
        // Told to end by a signal: end now, also from inside a question the user has open -
        // exit() ends nested event loops too, where a close() from within one is dropped.
        QCoreApplication::exit(m_exitCode);
        return;
    }
    close();
}
