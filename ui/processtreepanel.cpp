#include "processtreepanel.h"

#include "managedrun.h"
#include "namedwidget.h"
#include "processsignaller.h"
#include "processtable.h"
#include "processtreemodel.h"
#include "processtreesampler.h"
#include "shellwords.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <csignal>

namespace {

QString signalName(int signal)
{
    switch (signal) {
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGKILL:
        return QStringLiteral("SIGKILL");
    case SIGSTOP:
        return QStringLiteral("SIGSTOP");
    case SIGCONT:
        return QStringLiteral("SIGCONT");
    default:
        return QStringLiteral("signal %1").arg(signal);
    }
}

} // namespace

ProcessTreePanel::ProcessTreePanel(QWidget *parent)
    : QWidget(parent)
{
    named(this, "processTreePanel", tr("Process tree"));
    setAccessibleDescription(tr("Every process of the current tab's run, with its state, CPU "
                                "and memory"));
    m_sampler = new ProcessTreeSampler(this);
    connect(m_sampler, &ProcessTreeSampler::sampled, this, &ProcessTreePanel::onSampled);
    m_model = new ProcessTreeModel(this);
    // The chosen process ended: nothing is chosen then. The view would move the current row to
    // a neighbour - often the run's main process - and the next Alt+K would kill a process
    // nobody chose. Connected before the proxy is, so that it runs before the view moves it.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &parent, int first, int last) {
                const QModelIndex current = m_sorted->mapToSource(m_view->currentIndex());
                for (QModelIndex at = current; at.isValid(); at = at.parent()) {
                    if (at.parent() != parent || at.row() < first || at.row() > last)
                        continue;
                    if (const ProcessRow *row = currentProcess())
                        say(tr("Process %1 (%2) has ended.").arg(row->info.pid).arg(row->name));
                    m_view->selectionModel()->clear();
                    return;
                }
            });
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(ProcessTreeModel::RawValueRole); // numbers as numbers

    m_toolBar = named(new QToolBar, "processTreeToolBar", tr("Process actions"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_stop = addProcessAction("processStopAction", tr("Stop process"),
                              QKeySequence(Qt::ALT | Qt::Key_S),
                              tr("Ask the chosen process to end (SIGTERM)"));
    m_kill = addProcessAction("processKillAction", tr("Kill process"),
                              QKeySequence(Qt::ALT | Qt::Key_K),
                              tr("End the chosen process at once (SIGKILL)"));
    m_pause = addProcessAction("processPauseAction", tr("Pause process"),
                               QKeySequence(Qt::ALT | Qt::Key_P),
                               tr("Freeze the chosen process (SIGSTOP)"));
    m_continue = addProcessAction("processContinueAction", tr("Continue process"),
                                  QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_P),
                                  tr("Let the chosen process go on (SIGCONT)"));
    m_copy = addProcessAction("processCopyAction", tr("Copy command line"),
                              QKeySequence(QKeySequence::Copy),
                              tr("Copy the chosen process's command line to the clipboard"));
    connect(m_stop, &QAction::triggered, this, [this] { sendSignal(SIGTERM); });
    connect(m_kill, &QAction::triggered, this, [this] { sendSignal(SIGKILL); });
    connect(m_pause, &QAction::triggered, this, [this] { sendSignal(SIGSTOP); });
    connect(m_continue, &QAction::triggered, this, [this] { sendSignal(SIGCONT); });
    connect(m_copy, &QAction::triggered, this, &ProcessTreePanel::copyCommandLine);

    m_header = selectableLabel("processTreeHeader", tr("Processes of the run"));
    m_view = named(new QTreeView, "processTreeView", tr("Processes"));
    m_view->setAccessibleDescription(tr("One row per process; its children below it"));
    m_view->setModel(m_sorted);
    m_view->setUniformRowHeights(true); // a thousand rows lay out in no time
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProcessTreeModel::Pid, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_stop, m_kill, m_pause, m_continue, m_copy});
    m_view->header()->setStretchLastSection(false);
    m_view->header()->resizeSection(ProcessTreeModel::Pid, 130); // the tree's indentation too
    m_view->header()->resizeSection(ProcessTreeModel::Command, 200);
    m_view->header()->resizeSection(ProcessTreeModel::Mark, 110);
    m_view->header()->resizeSection(ProcessTreeModel::State, 80);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ProcessTreePanel::updateActions);
    // A new process shows its own children when they come; a row the user collapsed stays so.
    connect(m_sorted, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                for (int row = first; row <= last; ++row)
                    m_view->expand(m_sorted->index(row, 0, parent));
            });
    m_empty = named(new FieldLabel, "processTreeEmpty", tr("Why there is no process tree"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_pages = named(new QStackedWidget, "processTreePages", tr("Process tree"));
    m_pages->addWidget(m_view);
    m_pages->addWidget(m_empty);
    setFocusProxy(m_view);
    m_message = selectableLabel("processTreeMessage", tr("What came of the last action"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_header);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_message);
    showRun(nullptr);
}

ProcessTreePanel::~ProcessTreePanel() = default;

QAction *ProcessTreePanel::addProcessAction(const char *name, const QString &text,
                                            const QKeySequence &key, const QString &tip)
{
    QAction *action = makeAction(this, name, text, {key});
    // Only while the panel has the focus. Alt + a letter: Ctrl+K, Ctrl+P and Delete are the
    // window's (the whole run, the library), and no menu of the bar opens with S, K or P.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(tip + QStringLiteral(" (") + key.toString(QKeySequence::NativeText)
                       + QLatin1Char(')'));
    addAction(action);
    m_toolBar->addAction(action);
    return action;
}

void ProcessTreePanel::showRun(ManagedRun *run, const QString &whyNone)
{
    m_whyNone = whyNone.isEmpty() ? tr("No run is shown: the current tab's live run has its "
                                       "process tree here.")
                                  : whyNone;
    if (run != m_run) {
        if (m_run)
            disconnect(m_run, nullptr, this, nullptr);
        m_run = run;
        m_sampler->watch(nullptr);
        m_model->clear();
        m_message->clear();
        m_expandOnNextSample = true;
        if (m_run)
            connect(m_run, &ManagedRun::stateChanged, this, &ProcessTreePanel::updateSampling);
    }
    updateSampling();
}

bool ProcessTreePanel::isSampling() const
{
    return m_sampler->watched() != nullptr;
}

void ProcessTreePanel::updateSampling()
{
    QString why;
    if (!m_run)
        why = m_whyNone;
    else if (m_run->state() == ManagedRun::State::Queued)
        why = tr("This run is queued: it has no processes yet.");
    else if (m_run->isFinished())
        why = tr("This run has ended: its processes are gone.");
    m_empty->setText(why);
    m_pages->setCurrentWidget(why.isEmpty() ? static_cast<QWidget *>(m_view) : m_empty);
    if (!why.isEmpty()) {
        m_header->setText(tr("No processes"));
        m_model->clear();
        m_message->clear(); // what was sent to one of them is no longer news
    }
    // Nothing read from /proc unless someone can see it.
    const bool sample = why.isEmpty() && isVisible();
    if (sample && m_sampler->watched() != m_run) {
        m_header->setText(tr("Reading the run's processes…"));
        m_sampler->watch(m_run); // sampled at once, then every second
    } else if (!sample && m_sampler->watched()) {
        m_sampler->watch(nullptr);
    }
    updateActions();
}

void ProcessTreePanel::onSampled(const ProcessTreeSnapshot &snapshot)
{
    if (!m_run || snapshot.runId != m_run->id() || !showsTree())
        return; // an earlier run's, or the last (empty) one of a run that has ended
    m_model->update(snapshot);
    const int count = m_model->processCount();
    // Spelled out: the English plural without a translation loaded.
    QString header = count == 1 ? tr("1 process") : tr("%1 processes").arg(count);
    if (!snapshot.membersFrom.isEmpty())
        header += QStringLiteral(" · ") + tr("found from %1").arg(snapshot.membersFrom);
    m_header->setText(header);
    if (m_expandOnNextSample && count > 0) {
        m_view->expandAll();
        m_expandOnNextSample = false;
    }
    updateActions();
}

void ProcessTreePanel::updateActions()
{
    // A zombie takes no signal; Pause for a process that runs, Continue for one that is stopped
    // (by Pause here, by the run's Pause, or by a debugger).
    const ProcessRow *chosen = currentProcess();
    const bool alive = chosen && !chosen->info.isZombie();
    const bool stopped = alive && (chosen->info.state == 'T' || chosen->info.state == 't');
    m_stop->setEnabled(alive);
    m_kill->setEnabled(alive);
    m_pause->setEnabled(alive && !stopped);
    m_continue->setEnabled(stopped);
    m_copy->setEnabled(chosen != nullptr);
}

void ProcessTreePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateSampling();
}

void ProcessTreePanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateSampling();
}

bool ProcessTreePanel::showsTree() const
{
    return m_pages->currentWidget() == m_view;
}

QString ProcessTreePanel::headerText() const
{
    return m_header->text();
}

QString ProcessTreePanel::emptyText() const
{
    return m_empty->text();
}

QString ProcessTreePanel::messageText() const
{
    return m_message->text();
}

const ProcessRow *ProcessTreePanel::currentProcess() const
{
    return m_model->processAt(m_sorted->mapToSource(m_view->currentIndex()));
}

bool ProcessTreePanel::selectProcess(pid_t pid)
{
    for (const ProcessRow &row : m_sampler->last().rows) {
        if (row.info.pid != pid)
            continue;
        const QModelIndex index
            = m_sorted->mapFromSource(m_model->indexOf(row.info.pid, row.info.startTime));
        if (!index.isValid())
            return false;
        m_view->setCurrentIndex(index);
        return true;
    }
    return false;
}

void ProcessTreePanel::say(const QString &text)
{
    m_message->setText(text);
}

void ProcessTreePanel::sendSignal(int signal)
{
    const ProcessRow *row = currentProcess();
    if (!row) {
        say(tr("Choose a process first."));
        return;
    }
    // A copy: the sample that follows may replace the row.
    const ProcessInfo info = row->info;
    const QString name = row->name;
    const QString what = signalName(signal);
    if (ProcessSignaller::signalProcess(info, signal)) {
        say(tr("Sent %1 to process %2 (%3).").arg(what).arg(info.pid).arg(name));
    } else {
        const auto now = ProcessTable::readProcess(info.pid);
        if (!now || now->startTime != info.startTime || now->isZombie())
            say(tr("Process %1 (%2) has ended: %3 was not sent.").arg(info.pid).arg(name, what));
        else
            say(tr("Could not send %1 to process %2 (%3).").arg(what).arg(info.pid).arg(name));
    }
    m_sampler->sampleNow(); // its new state, or its end, at once
}

void ProcessTreePanel::copyCommandLine()
{
    const ProcessRow *row = currentProcess();
    if (!row) {
        say(tr("Choose a process first."));
        return;
    }
    // Quoted so that a shell reads back the same arguments (spaces, quotes, newlines, bytes
    // that are not UTF-8); the display text only where there are none (a zombie).
    const QString words = ShellWords::fromCommandLine(row->arguments);
    QApplication::clipboard()->setText(words.isEmpty() ? ProcessTreeModel::commandText(*row)
                                                       : words);
    say(tr("Copied the command line of process %1.").arg(row->info.pid));
}
