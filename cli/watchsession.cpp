#include "watchsession.h"

#include "exitstatus.h"
#include "filewatchtrigger.h"
#include "outcometext.h"
#include "queuedfdwriter.h"
#include "taskrun.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <unistd.h>

WatchSession::WatchSession(TaskSpec spec, FileWatchTrigger *trigger, bool restartOnChange,
                           QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_trigger(trigger)
    , m_restart(restartOnChange)
    , m_signals(new UnixSignalWatcher({SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM},
                                      this))
    , m_out(new QueuedFdWriter(STDOUT_FILENO, this))
    , m_err(new QueuedFdWriter(STDERR_FILENO, this))
{
    ::signal(SIGPIPE, SIG_IGN); // a closed stdout is an EPIPE we act on, as RunSession does
    m_spec.stdinMode = TaskSpec::StdinMode::Null;
    m_trigger->setParent(this);
    connect(m_trigger, &FileWatchTrigger::fired, this, &WatchSession::onFired);
    connect(m_trigger, &FileWatchTrigger::problemChanged, this, [this](const QString &problem) {
        if (m_quitSignal != 0) // disarmed on the way out: nothing is "watched again"
            return;
        if (problem.isEmpty() && !m_lastProblem.isEmpty())
            say(QStringLiteral("every path is watched again"));
        else if (!problem.isEmpty())
            say(problem);
        m_lastProblem = problem;
    });
    connect(m_signals, &UnixSignalWatcher::received, this, &WatchSession::onSignal);
    connect(m_out, &QueuedFdWriter::closed, this, [this] { onSignal(SIGPIPE); });
    for (QueuedFdWriter *writer : {m_out, m_err})
        connect(writer, &QueuedFdWriter::progressed, this, &WatchSession::updateBackPressure);
}

WatchSession::~WatchSession() = default;

void WatchSession::start()
{
    m_trigger->arm(); // a problem is told by problemChanged(), once
    startRun();
}

void WatchSession::say(const QString &line)
{
    m_err->write("taskrunner-cli: " + line.toLocal8Bit() + '\n');
}

void WatchSession::startRun()
{
    Q_ASSERT(!m_run);
    ++m_runs;
    m_paused = false;
    m_run = new TaskRun(m_spec, this);
    connect(m_run, &TaskRun::outputReceived, this, &WatchSession::onOutput);
    connect(m_run, &TaskRun::finished, this, &WatchSession::onFinished);
    m_run->start();
}

void WatchSession::onFired()
{
    if (m_quitSignal != 0 || m_done)
        return;
    const QString changed = QDir::toNativeSeparators(m_trigger->lastChange());
    if (!m_run) {
        say(QStringLiteral("%1 changed; running again").arg(changed));
        startRun();
        return;
    }
    if (m_runAgain)
        return; // already asked for
    m_runAgain = true;
    if (m_restart) {
        say(QStringLiteral("%1 changed; restarting").arg(changed));
        m_run->stop(); // the next run starts from onFinished(), once all of this one is gone
    } else {
        say(QStringLiteral("%1 changed; running again once this run ends").arg(changed));
    }
}

void WatchSession::onFinished(const RunResult &result)
{
    m_run->deleteLater();
    m_run = nullptr;
    if (m_quitSignal != 0) {
        finish(ExitStatus::SignalBase + m_quitSignal);
        return;
    }
    if (m_runAgain) {
        m_runAgain = false;
        startRun();
        return;
    }
    QString notice = OutcomeText::cliNotice(result);
    if (notice.isEmpty())
        notice = QStringLiteral("exited with status %1").arg(ExitStatus::forResult(result));
    say(notice + QStringLiteral("; waiting for changes"));
}

void WatchSession::onOutput(OutputChannel channel, const QByteArray &data)
{
    (channel == OutputChannel::Stdout ? m_out : m_err)->write(data);
    updateBackPressure();
}

void WatchSession::updateBackPressure()
{
    // Simpler than RunSession's: a watch is interactive, and a reader that stalls for good
    // is ended by the user's Ctrl+C, which does not wait for the output.
    const qint64 queued = std::max(m_out->queuedBytes(), m_err->queuedBytes());
    const bool over = queued > HighWater;
    if (m_paused || over) {
        m_out->notifyOnProgress();
        m_err->notifyOnProgress();
    }
    if (!m_run)
        return;
    if (over && !m_paused) {
        m_paused = true;
        m_run->setOutputPaused(true);
    } else if (m_paused && queued <= LowWater) {
        m_paused = false;
        m_run->setOutputPaused(false);
    }
}

void WatchSession::onSignal(int signal)
{
    if (m_done)
        return;
    if (m_quitSignal != 0) {
        if (m_run)
            m_run->kill(); // a second one: no waiting for the grace
        return;
    }
    m_quitSignal = signal;
    m_trigger->disarm();
    if (m_run) {
        if (m_paused)
            m_run->setOutputPaused(false); // so that it can reach the end of its output
        m_run->stop();
    } else {
        finish(ExitStatus::SignalBase + signal);
    }
}

void WatchSession::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    // What the last run wrote is written before we go, for a moment at most: a reader that
    // takes nothing must not keep us (a writer blocked in write() cannot be joined, so then
    // the process ends here, as RunSession's does).
    const auto drained = [this] {
        return (m_out->isIdle() || m_out->status() != QueuedFdWriter::Status::Open)
               && (m_err->isIdle() || m_err->status() != QueuedFdWriter::Status::Open);
    };
    const auto check = [this, drained, exitCode] {
        if (drained()) {
            Q_EMIT done(exitCode);
            return;
        }
        m_out->notifyOnProgress();
        m_err->notifyOnProgress();
    };
    for (QueuedFdWriter *writer : {m_out, m_err})
        connect(writer, &QueuedFdWriter::progressed, this, check);
    QTimer::singleShot(DrainMs, this, [exitCode, drained] {
        if (!drained()) {
            std::fflush(stderr);
            ::_exit(exitCode);
        }
    });
    check();
}
