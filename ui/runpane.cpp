#include "runpane.h"

#include "editorlauncher.h"
#include "logview.h"
#include "namedwidget.h"
#include "outcomecolors.h"
#include "outcometext.h"
#include "outputlog.h"
#include "runsummary.h"
#include "taskrun.h"
#include "usagetext.h"

#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

RunPane::RunPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("runPane"));
    // One line always shown: the dot, the state or outcome in words, the countdowns; the rest
    // on demand (the disclosure button, remembered).
    m_dot = named(new QLabel, "summaryDot", tr("Run state colour"));
    m_summary = selectableLabel("summaryLabel", tr("Run summary"));
    m_summary->setWordWrap(false);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long: cut
    m_detailsButton = named(new QToolButton, "detailsButton", tr("Details"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    m_detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsButton->setToolTip(
        tr("Show or hide the run's details: command, directory, start, process group, "
           "resources, log file"));
    // A queued run's place in the queue, changed by the user (the manager does the moving).
    m_queueButtons = new QWidget;
    m_queueButtons->setObjectName(QStringLiteral("queueButtons"));
    auto *queueRow = new QHBoxLayout(m_queueButtons);
    queueRow->setContentsMargins(0, 0, 0, 0);
    const auto queueButton = [this, queueRow](const char *name, const QString &text,
                                              const QString &tip, RunManager::QueueMove move) {
        auto *button = named(new QToolButton, name, text);
        button->setText(text);
        button->setToolTip(tip);
        button->setAutoRaise(true);
        connect(button, &QToolButton::clicked, this, [this, move] {
            if (m_run && m_run->state() == ManagedRun::State::Queued)
                Q_EMIT moveInQueueRequested(m_run->id(), move);
        });
        queueRow->addWidget(button);
        return button;
    };
    m_moveUp = queueButton("moveUpButton", tr("Move up"),
                           tr("Start this queued run before the one ahead of it"),
                           RunManager::QueueMove::Up);
    m_moveDown = queueButton("moveDownButton", tr("Move down"),
                             tr("Let the queued run behind this one start first"),
                             RunManager::QueueMove::Down);
    m_runNext
        = queueButton("runNextButton", tr("Run next"), tr("Put this run at the front of the queue"),
                      RunManager::QueueMove::ToFront);
    m_queueButtons->setVisible(false);
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_dot);
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_queueButtons);
    summaryRow->addWidget(m_detailsButton);

    m_details = new QWidget;
    m_details->setObjectName(QStringLiteral("runDetails"));
    auto *header = m_header = new QFormLayout(m_details);
    header->setContentsMargins(0, 0, 0, 0);
    m_command = selectableLabel("commandLabel", tr("Command"));
    m_directory = selectableLabel("directoryLabel", tr("Working directory"));
    m_state = selectableLabel("stateLabel", tr("State"));
    m_started = selectableLabel("startedLabel", tr("Started at"));
    m_process = selectableLabel("processLabel", tr("Process group"));
    m_resources = selectableLabel("resourcesLabel", tr("Resources"));
    m_resources->setToolTip(tr("CPU time (user + system) of every process of the run, its "
                               "memory and processes now and at most; — where the containment "
                               "cannot tell (taskrunner-cli info says which is in use)"));
    m_outcome = selectableLabel("outcomeLabel", tr("Outcome"));
    m_used = selectableLabel("usedLabel", tr("Resources used"));
    auto *outcome = new QVBoxLayout;
    outcome->setSpacing(0);
    outcome->addWidget(m_outcome);
    outcome->addWidget(m_used);
    header->addRow(tr("Command:"), m_command);
    header->addRow(tr("Directory:"), m_directory);
    header->addRow(tr("State:"), m_state);
    header->addRow(tr("Started:"), m_started);
    header->addRow(tr("Process group:"), m_process);
    header->addRow(tr("Resources:"), m_resources);
    header->addRow(tr("Outcome:"), outcome);
    m_restarts = selectableLabel("restartsLabel", tr("Restarts"));
    header->addRow(tr("Restarts:"), m_restarts);
    m_logFile = selectableLabel("logFileLabel", tr("Log file"));
    header->addRow(tr("Log file:"), m_logFile);

    m_view = new LogView(this);
    connect(m_view, &LogView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_view, &LogView::locationActivated, this,
            [this](const QString &file, int line, int column) {
                if (const QString error = EditorLauncher::openFromSettings(file, line, column);
                    !error.isEmpty())
                    Q_EMIT editorFailed(error);
            });

    m_stdinLine = named(new QLineEdit, "stdinLine", tr("Standard input"));
    m_stdinLine->setPlaceholderText(
        tr("Type a line for the task's standard input, Enter sends it"));
    connect(m_stdinLine, &QLineEdit::returnPressed, this, &RunPane::sendStdinLine);
    m_closeStdin
        = named(new QPushButton(tr("Close stdin")), "closeStdinButton", tr("Close standard input"));
    connect(m_closeStdin, &QPushButton::clicked, this, [this] {
        if (m_run)
            m_run->closeStdin();
        m_stdinLine->setEnabled(false);
        m_closeStdin->setEnabled(false);
    });
    auto *stdinRow = new QHBoxLayout;
    stdinRow->addWidget(m_stdinLine);
    stdinRow->addWidget(m_closeStdin);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(summaryRow);
    layout->addWidget(m_details);
    layout->addWidget(m_view, 1);
    layout->addLayout(stdinRow);

    connect(m_detailsButton, &QToolButton::toggled, this, [this](bool shown) {
        setDetailsShown(shown);
        QSettings().setValue(QLatin1String(DetailsSetting), shown);
    });
    setDetailsShown(QSettings().value(QLatin1String(DetailsSetting), false).toBool());

    m_ticker.setInterval(200);
    connect(&m_ticker, &QTimer::timeout, this, &RunPane::updateHeader);
    updateHeader();
}

void RunPane::setDetailsShown(bool shown)
{
    const QSignalBlocker quiet(m_detailsButton);
    m_detailsButton->setChecked(shown);
    m_detailsButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_detailsButton->setAccessibleDescription(shown ? tr("Details shown") : tr("Details hidden"));
    m_details->setVisible(shown);
}

bool RunPane::detailsShown() const
{
    return m_detailsButton->isChecked();
}

QString RunPane::summaryText() const
{
    return m_summary->text();
}

QString RunPane::restartsText() const
{
    return m_restarts->text();
}

RunPane::~RunPane()
{
    setViewing(false);
}

void RunPane::showRun(ManagedRun *run)
{
    if (run == m_run)
        return;
    setViewing(false);
    if (m_run)
        disconnect(m_run, nullptr, this, nullptr);
    m_run = run;
    m_resources->clear(); // the previous run's
    m_view->setLog(run ? run->log() : nullptr);
    if (run) {
        connect(run, &ManagedRun::stateChanged, this, &RunPane::onStateChanged);
        connect(run, &ManagedRun::logStatusChanged, m_logFile, &QLabel::setText);
        // Queued: nothing ticks; its place and its reason change when the queue does.
        connect(run, &ManagedRun::queuePositionChanged, this, &RunPane::updateHeader);
        connect(run, &ManagedRun::waitReasonChanged, this, &RunPane::updateHeader);
        // The manager forgets runs nothing holds; should this one go while shown, the view
        // must not keep its log.
        connect(run, &QObject::destroyed, this, [this] {
            m_viewing = false;
            m_view->setLog(nullptr);
            m_ticker.stop();
        });
        m_logFile->setText(run->logStatus());
    }
    showOutcome();
    const bool ahead = m_run && !m_run->isFinished(); // queued or live
    m_stdinLine->setEnabled(ahead && m_run->isStdinOpen());
    m_closeStdin->setEnabled(ahead && m_run->isStdinOpen());
    if (m_run && m_run->isLive())
        m_ticker.start();
    else
        m_ticker.stop();
    setViewing(isVisible());
    updateHeader();
    Q_EMIT runStateChanged();
}

void RunPane::addToHeader(QWidget *widget)
{
    static_cast<QVBoxLayout *>(layout())->insertWidget(2, widget); // summary, details, here
}

const Task &RunPane::task() const
{
    static const Task none;
    return m_run ? m_run->task() : none;
}

OutputLog *RunPane::outputLog() const
{
    return m_run ? m_run->log() : nullptr;
}

void RunPane::setViewing(bool viewing)
{
    viewing = viewing && m_run;
    if (viewing == m_viewing)
        return;
    m_viewing = viewing;
    // A run that gave its lines back reads them from its log now; one hidden may give them back.
    if (viewing)
        m_run->addViewer();
    else if (m_run)
        m_run->removeViewer();
}

void RunPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    setViewing(true);
    updateHeader(); // the resources are not read while hidden
}

void RunPane::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    setViewing(false);
}

void RunPane::onStateChanged()
{
    if (m_run && m_run->isFinished()) {
        m_ticker.stop();
        showOutcome();
        m_stdinLine->setEnabled(false);
        m_closeStdin->setEnabled(false);
    } else if (m_run && m_run->isLive()) {
        m_ticker.start();
    }
    updateHeader();
    Q_EMIT runStateChanged();
}

void RunPane::stop()
{
    if (m_run)
        m_run->stop();
    updateHeader();
}

void RunPane::kill()
{
    if (m_run)
        m_run->kill();
    updateHeader();
}

void RunPane::pause()
{
    if (m_run)
        m_run->pause();
    updateHeader();
}

void RunPane::resume()
{
    if (m_run)
        m_run->resume();
    updateHeader();
}

void RunPane::clearOutput()
{
    if (OutputLog *log = outputLog())
        log->clear();
}

QString RunPane::outcomeText() const
{
    return m_outcome->text();
}

QString RunPane::stateText() const
{
    return m_state->text();
}

QString RunPane::resourcesText() const
{
    return m_resources->text();
}

QString RunPane::usedText() const
{
    return m_used->text();
}

void RunPane::showOutcome()
{
    const bool finished = m_run && m_run->isFinished();
    m_outcome->setText(finished ? OutcomeText::describe(m_run->result()) : QString());
    // A run that could not start used nothing worth a line.
    const bool used = finished && m_run->result().outcome != RunOutcome::FailedToStart;
    m_used->setText(used ? tr("Used: %1").arg(UsageText::total(m_run->result().usage)) : QString());
    m_used->setVisible(used);
}

void RunPane::sendStdinLine()
{
    if (!isLive())
        return;
    m_run->taskRun()->writeStdin(m_stdinLine->text().toUtf8() + '\n');
    m_stdinLine->clear();
}

void RunPane::updateQueueButtons()
{
    const int position
        = m_run && m_run->state() == ManagedRun::State::Queued ? m_run->queuePosition() : 0;
    m_queueButtons->setVisible(position > 0);
    m_moveUp->setEnabled(position > 1);
    m_runNext->setEnabled(position > 1);
    // The pane does not know how long the queue is: at its end, Move down does nothing.
    m_moveDown->setEnabled(position > 0);
}

void RunPane::updateHeader()
{
    m_summary->setText(RunSummary::text(m_run));
    m_summary->setToolTip(m_summary->text());
    updateQueueButtons();
    const QColor color = RunSummary::color(m_run);
    if (color != m_dotColor) {
        m_dotColor = color;
        m_dot->setPixmap(OutcomeColors::dot(color).pixmap(QSize(12, 12)));
    }
    const Task &shown = task();
    m_command->setText(shown.spec.usePty ? shown.commandLine()
                                               + tr("   (in a pseudo-terminal: stdout and stderr "
                                                    "merged)")
                                         : shown.commandLine());
    m_directory->setText(shown.spec.workingDirectory.isEmpty() ? QDir::currentPath()
                                                               : shown.spec.workingDirectory);
    m_view->setBaseDirectory(m_directory->text()); // output's relative paths are the run's
    m_restarts->setText(RunSummary::restarts(m_run));
    if (m_header->isRowVisible(m_restarts) == m_restarts->text().isEmpty())
        m_header->setRowVisible(m_restarts, !m_restarts->text().isEmpty());
    const TaskRun *process = m_run ? m_run->taskRun() : nullptr;
    const bool live = process && process->isLive();
    if (m_header->isRowVisible(m_resources) != live)
        m_header->setRowVisible(m_resources, live);
    if (!process || process->state() == TaskRun::State::NotStarted) {
        m_state->setText(tr("Not started"));
        return;
    }
    // Read from the kernel (cgroup files or /proc): only for the pane on screen.
    if (live && isVisible())
        m_resources->setText(UsageText::live(process->usage()));
    QString state = OutcomeText::stateName(process->state());
    if (m_run->state() == ManagedRun::State::Restarting)
        state = tr("Restarting in %1 s")
                    .arg(QString::number(double(m_run->restartRemainingMs()) / 1000.0, 'f', 1));
    else if (process->isLive())
        state += QStringLiteral(" — %1").arg(OutcomeText::seconds(process->elapsed()));
    const qint64 grace = process->graceRemainingMs();
    if (process->state() == TaskRun::State::Stopping && grace >= 0)
        state += tr(" — SIGKILL in %1 s").arg(QString::number(double(grace) / 1000.0, 'f', 1));
    m_state->setText(state);
    m_started->setText(
        m_run->startedAt().toString(Qt::ISODate).replace(QLatin1Char('T'), QLatin1Char(' ')));
    m_process->setText(process->processId() ? QString::number(process->processId()) : tr("—"));
}
