#include "runpane.h"

#include "logsettings.h"
#include "logview.h"
#include "namedwidget.h"
#include "outcometext.h"
#include "outputlog.h"
#include "rawlogwriter.h"
#include "runlogtail.h"
#include "runrecorder.h"

#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

RunPane::RunPane(const Task &task, QWidget *parent)
    : QWidget(parent)
    , m_task(task)
{
    setObjectName(QStringLiteral("runPane"));
    auto *header = new QFormLayout;
    m_command = selectableLabel("commandLabel", tr("Command"));
    m_directory = selectableLabel("directoryLabel", tr("Working directory"));
    m_state = selectableLabel("stateLabel", tr("State"));
    m_started = selectableLabel("startedLabel", tr("Started at"));
    m_process = selectableLabel("processLabel", tr("Process group"));
    m_outcome = selectableLabel("outcomeLabel", tr("Outcome"));
    header->addRow(tr("Command:"), m_command);
    header->addRow(tr("Directory:"), m_directory);
    header->addRow(tr("State:"), m_state);
    header->addRow(tr("Started:"), m_started);
    header->addRow(tr("Process group:"), m_process);
    header->addRow(tr("Outcome:"), m_outcome);
    m_logFile = selectableLabel("logFileLabel", tr("Log file"));
    header->addRow(tr("Log file:"), m_logFile);

    m_view = new LogView(this);
    connect(m_view, &LogView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });

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
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addLayout(stdinRow);

    m_ticker.setInterval(200);
    connect(&m_ticker, &QTimer::timeout, this, &RunPane::updateHeader);
    updateHeader();
}

RunPane::~RunPane() = default; // a live run is killed by ~TaskRun; MainWindow stops runs first

void RunPane::start()
{
    if (isLive())
        return;
    if (m_run)
        m_run->deleteLater(); // finished: nothing left to wait for
    TaskSpec spec = m_task.spec;
    spec.stdinMode = TaskSpec::StdinMode::Pipe;
    m_run = new TaskRun(spec, this);

    // A fresh log per run: the view shows this run, the file keeps all of it.
    OutputLog *previous = m_log;
    m_log = new OutputLog(this);
    QString error;
    // The per-run limit (logs/maxRunMB); a bad value falls back to its default here, and
    // MainWindow reports it.
    const qint64 limit = LogSettings::read(QSettings()).maxRunBytes;
    m_released = false;
    m_logPath.clear();
    if (m_log->attachLogFile(RawLogWriter::defaultPath(m_task.name), &error, limit)) {
        m_logPath = m_log->logWriter()->path();
        m_logFile->setText(m_logPath);
    } else
        m_logFile->setText(tr("not written: %1").arg(error));
    connect(m_log, &OutputLog::logFileFailed, m_logFile, &QLabel::setText);
    connect(m_log, &OutputLog::logFileLimitReached, m_logFile, [this](const QString &message) {
        m_logFile->setText(tr("%1 — %2").arg(m_log->logWriter()->path(), message));
    });
    m_view->setLog(m_log);
    delete previous;
    m_log->readFrom(m_run);
    // runStateChanged() once per change: the end is told by onFinished(), once the outcome is
    // in the header and the log, not here as well.
    connect(m_run, &TaskRun::stateChanged, this, [this](TaskRun::State state) {
        updateHeader();
        if (state != TaskRun::State::Finished)
            Q_EMIT runStateChanged();
    });
    connect(m_run, &TaskRun::finished, this, &RunPane::onFinished);
    if (m_history) {
        // A row now, completed when the run ends: a crash of the app leaves it "running", and
        // the next start says it was interrupted.
        // A quick run (no saved task) is named by its whole command line, as the CLI's are.
        auto *recorder = new RunRecorder(
            m_history, m_run, m_task.id.isEmpty() ? m_task.commandLine() : m_task.name,
            m_starts == 0 ? m_firstTrigger : QStringLiteral("rerun"), m_run);
        recorder->setTaskId(m_task.id);
        m_runId = recorder->begin(m_log->logWriter() ? m_log->logWriter()->path() : QString());
    }
    ++m_starts;
    m_startedAt = QDateTime::currentDateTime();
    m_outcome->clear();
    m_stdinLine->setEnabled(true);
    m_closeStdin->setEnabled(true);
    m_ticker.start();
    m_run->start(); // Starting is told through stateChanged
    updateHeader();
}

qint64 RunPane::releaseMemory()
{
    RawLogWriter *writer = m_log ? m_log->logWriter() : nullptr;
    // Only what the file holds whole: a finished run, its log written out, not on screen.
    if (m_released || isLive() || !m_run || isVisible() || m_logPath.isEmpty() || !writer)
        return 0;
    if (writer->queuedBytes() > 0)
        return -1; // not all of it is in the file yet
    const qint64 freed = m_log->store().memoryBytes();
    m_log->closeLogFile();
    m_log->clear();
    m_released = true;
    return freed;
}

void RunPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_released)
        reloadFromLog();
}

void RunPane::reloadFromLog()
{
    m_released = false;
    const RunLogTail::Loaded loaded = RunLogTail::loadInto(m_log, m_logPath, MemoryReloadBytes);
    if (!loaded.ok)
        m_log->appendNote(tr("[The log file is gone: %1]").arg(loaded.error));
    m_log->appendNote(m_finalNote);
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

void RunPane::clearOutput()
{
    if (m_log)
        m_log->clear();
}

QString RunPane::outcomeText() const
{
    return m_outcome->text();
}

QString RunPane::stateText() const
{
    return m_state->text();
}

void RunPane::sendStdinLine()
{
    if (!isLive())
        return;
    m_run->writeStdin(m_stdinLine->text().toUtf8() + '\n');
    m_stdinLine->clear();
}

void RunPane::onFinished(const RunResult &result)
{
    m_ticker.stop();
    m_outcome->setText(OutcomeText::describe(result));
    m_log->finish();
    m_finalNote = QStringLiteral("[%1]").arg(OutcomeText::describe(result));
    m_log->appendNote(m_finalNote);
    m_stdinLine->setEnabled(false);
    m_closeStdin->setEnabled(false);
    updateHeader();
    Q_EMIT runStateChanged();
}

void RunPane::updateHeader()
{
    m_command->setText(m_task.spec.usePty ? m_task.commandLine()
                                                + tr("   (in a pseudo-terminal: stdout and stderr "
                                                     "merged)")
                                          : m_task.commandLine());
    m_directory->setText(m_task.spec.workingDirectory.isEmpty() ? QDir::currentPath()
                                                                : m_task.spec.workingDirectory);
    if (!m_run) {
        m_state->setText(tr("Not started"));
        return;
    }
    QString state = OutcomeText::stateName(m_run->state());
    if (m_run->isLive())
        state += QStringLiteral(" — %1").arg(OutcomeText::seconds(m_run->elapsed()));
    const qint64 grace = m_run->graceRemainingMs();
    if (m_run->state() == TaskRun::State::Stopping && grace >= 0)
        state += tr(" — SIGKILL in %1 s").arg(QString::number(double(grace) / 1000.0, 'f', 1));
    m_state->setText(state);
    m_started->setText(
        m_startedAt.toString(Qt::ISODate).replace(QLatin1Char('T'), QLatin1Char(' ')));
    m_process->setText(m_run->processId() ? QString::number(m_run->processId()) : tr("—"));
}
