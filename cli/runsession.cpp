#include "runsession.h"

#include "exitstatus.h"
#include "outcometext.h"
#include "queuedfdwriter.h"
#include "unixsignalwatcher.h"
#include "usagetext.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

RunSession::RunSession(TaskSpec spec, QObject *parent)
    : QObject(parent)
    , m_run(new TaskRun(std::move(spec), this))
    // Every signal whose default would end us (SIGQUIT's would also dump core) goes through
    // the same graceful stop, so that no task outlives the CLI. SIGPIPE is ignored below.
    // SIGTSTP pauses the task before we stop (suspend()).
    , m_signals(new UnixSignalWatcher(
          {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGTSTP}, this))
{
    // A closed stdout must be an EPIPE we can act on, not a SIGPIPE that kills us and leaves
    // the task running. (QProcess resets SIGPIPE to default in the child before exec.)
    ::signal(SIGPIPE, SIG_IGN);
    m_out.writer = new QueuedFdWriter(STDOUT_FILENO, this);
    m_err.writer = new QueuedFdWriter(STDERR_FILENO, this);
    for (Sink *sink : {&m_out, &m_err}) {
        connect(sink->writer, &QueuedFdWriter::progressed, this, [this] {
            updateBackPressure();
            maybeExit();
        });
        connect(sink->writer, &QueuedFdWriter::closed, this, [this, sink] { onWriterGone(sink); });
        connect(sink->writer, &QueuedFdWriter::failed, this, [this, sink](int error) {
            if (sink == &m_out)
                say(QByteArrayLiteral("taskrunner-cli: cannot write to standard output: ")
                    + std::strerror(error) + '\n');
            onWriterGone(sink);
        });
    }
    m_stallTimer.setInterval(StallCheckMs);
    connect(&m_stallTimer, &QTimer::timeout, this, &RunSession::checkStalls);

    connect(m_signals, &UnixSignalWatcher::received, this, &RunSession::onSignal);
    connect(m_run, &TaskRun::outputReceived, this, &RunSession::onOutput);
    connect(m_run, &TaskRun::stateChanged, this, &RunSession::onStateChanged);
    connect(m_run, &TaskRun::finished, this, &RunSession::onFinished);
}

void RunSession::start()
{
    m_run->start();
}

bool RunSession::isOpen(const Sink &sink) const
{
    return sink.writer->status() == QueuedFdWriter::Status::Open;
}

bool RunSession::isDrained(const Sink &sink) const
{
    return !isOpen(sink) || sink.writer->isIdle();
}

void RunSession::onOutput(OutputChannel channel, const QByteArray &data)
{
    Sink &sink = channel == OutputChannel::Stdout ? m_out : m_err;
    if (!isOpen(sink))
        return; // the reader is gone (for stdout, that already stopped the run)
    if (sink.stalled) {
        m_discarded += data.size();
        return;
    }
    sink.writer->write(data);
    updateBackPressure();
}

void RunSession::armWriters()
{
    m_out.writer->notifyOnProgress();
    m_err.writer->notifyOnProgress();
}

void RunSession::updateBackPressure()
{
    if (m_finished)
        return;
    bool over = false;
    bool under = true;
    const auto measure = [&] {
        over = false;
        under = true;
        for (const Sink *sink : {&m_out, &m_err}) {
            if (!isOpen(*sink) || sink->stalled)
                continue; // holds nothing back
            const qint64 queued = sink->writer->queuedBytes();
            over = over || queued > HighWater;
            under = under && queued <= LowWater;
        }
    };
    measure();
    if (!over && !m_paused)
        return; // the common case, on every chunk: nothing to do, nothing armed
    // Armed before looking again, so that the progress which would let us resume cannot slip
    // between the look and the arming.
    armWriters();
    measure();
    if (over) {
        // Also again after TaskRun resumed the output itself (it does when it kills): pausing
        // is idempotent, and only a writer given up on must not hold the run back.
        m_run->setOutputPaused(true);
        m_paused = true;
    } else if (under && m_paused) {
        m_run->setOutputPaused(false);
        m_paused = false;
    }
}

void RunSession::onStateChanged(TaskRun::State state)
{
    if (state == TaskRun::State::Running && m_suspendWhenRunning) {
        m_suspendWhenRunning = false;
        // Not inside TaskRun's own transition: pausing it from here would nest another one.
        QMetaObject::invokeMethod(this, &RunSession::suspend, Qt::QueuedConnection);
        return;
    }
    if (state != TaskRun::State::Stopping || m_ending)
        return;
    // Stopping is either ours (a signal, a closed stdout: enterEnding() already ran), the
    // timeout, or the stop of leftovers after the main process exited - a normal end, whose
    // output must all be written.
    if (m_run->isTimingOut())
        enterEnding();
}

void RunSession::enterEnding()
{
    if (m_ending)
        return;
    m_ending = true;
    for (Sink *sink : {&m_out, &m_err}) {
        sink->mark = sink->writer->bytesWritten();
        sink->quietChecks = 0;
    }
    m_stallTimer.start();
}

void RunSession::checkStalls()
{
    for (Sink *sink : {&m_out, &m_err}) {
        const quint64 written = sink->writer->bytesWritten();
        if (isOpen(*sink) && !sink->writer->isIdle() && written == sink->mark)
            ++sink->quietChecks;
        else
            sink->quietChecks = 0;
        sink->mark = written;
        // Two checks in a row, so that a reader slow to take one write (up to 256 KiB) is not
        // taken for a stalled one. For good: this run is ending, it will not wait again.
        if (sink->quietChecks >= 2)
            sink->stalled = true;
    }
    updateBackPressure(); // a stalled writer holds nothing back: the run reads on to EOF
    maybeExit();
}

void RunSession::onSignal(int signal)
{
    if (m_done)
        return; // the exit status is given
    if (signal == SIGTSTP) {
        suspend();
        return;
    }
    if (m_finished) {
        // Waiting for the writers after the run ended: a signal ends the wait, and a second
        // one does not even wait to say what was dropped. The status is the signal's when the
        // task had ended on its own; a timeout or an earlier signal keeps its own.
        if (!m_ending) {
            m_interruptedBy = signal;
            m_exitCode = ExitStatus::SignalBase + signal;
        }
        if (m_hurry)
            exitNow();
        m_hurry = true;
        enterEnding();
        for (Sink *sink : {&m_out, &m_err})
            sink->stalled = sink->stalled || !isDrained(*sink);
        maybeExit();
        return;
    }
    if (m_interruptedBy != 0 && m_interruptedBy != SIGPIPE) {
        m_run->kill(); // a second interrupt: the user does not want to wait for the grace
        return;
    }
    m_interruptedBy = signal;
    enterEnding();
    m_run->stop();
}

void RunSession::suspend()
{
    if (m_run->state() == TaskRun::State::Starting) {
        m_suspendWhenRunning = true; // paused as soon as it runs, then we stop
        return;
    }
    // A run that is stopping or over is not paused: we stop all the same, as asked, and what
    // is left of it goes on once we are continued.
    m_run->pause(); // Running runs only
    const bool paused = m_run->isPaused();
    UnixSignalWatcher::raiseDefault(SIGTSTP); // returns once continued
    if (paused)
        m_run->resume();
}

void RunSession::onWriterGone(Sink *sink)
{
    if (sink == &m_out) {
        // Our reader is gone, as `| head` does: stop the task the way a pipeline would have
        // ended it, and report SIGPIPE. (After the run ended, the reader still missed output.)
        if (m_interruptedBy == 0) {
            m_interruptedBy = SIGPIPE;
            if (m_finished)
                m_exitCode = ExitStatus::SignalBase + SIGPIPE;
        }
        enterEnding();
        if (!m_finished)
            m_run->stop();
    }
    updateBackPressure();
    maybeExit();
}

void RunSession::onFinished(const RunResult &result)
{
    Q_EMIT runFinished(result);
    if (const QString notice = OutcomeText::cliNotice(result); !notice.isEmpty())
        say("taskrunner-cli: " + notice.toLocal8Bit() + '\n');
    if (!result.outputHolders.isEmpty())
        say("taskrunner-cli: output still held by "
            + result.outputHolders.join(QLatin1String(", ")).toLocal8Bit()
            + ", not ours to kill; stopped waiting for it\n");
    if (m_printStats)
        say("taskrunner-cli: " + UsageText::statsLine(result.usage, result.containment).toUtf8()
            + '\n');
    m_exitCode = ExitStatus::forResult(result);
    if (m_interruptedBy != 0)
        m_exitCode = ExitStatus::SignalBase + m_interruptedBy; // 130 for SIGINT, as shells do
    m_finished = true;
    if (m_interruptedBy != 0 || result.outcome == RunOutcome::TimedOut) {
        enterEnding();
    } else if (m_ending) {
        // Taken for a timeout in onStateChanged(), but the task ended on its own: all of its
        // output is owed again (what was dropped meanwhile is said below, if it comes to it).
        m_ending = false;
        m_stallTimer.stop();
        m_out.stalled = false;
        m_err.stalled = false;
    }
    maybeExit();
}

bool RunSession::say(const QByteArray &line)
{
    // Our own messages go through the stderr writer too: in order with the task's stderr, and
    // never blocking on a stalled reader (`2>&1 | less`).
    if (!isOpen(m_err) || m_err.stalled)
        return false;
    m_err.writer->write(line);
    return true;
}

void RunSession::maybeExit()
{
    if (!m_finished || m_done)
        return;
    armWriters(); // before looking, so that no progress is missed
    if (isDrained(m_out) && isDrained(m_err)) {
        m_done = true;
        m_stallTimer.stop();
        Q_EMIT done(m_exitCode);
        return;
    }
    if (!m_ending)
        return; // the task ended on its own: all of its output, however long the reader takes
    for (const Sink *sink : {&m_out, &m_err}) {
        if (!isDrained(*sink) && !sink->stalled)
            return; // still taking data: a few more moments
    }
    if (!m_dropReported) {
        m_dropReported = true;
        qint64 dropped = m_discarded;
        for (const Sink *sink : {&m_out, &m_err}) {
            if (!isDrained(*sink))
                dropped += sink->writer->queuedBytes();
        }
        if (dropped > 0
            && say(QByteArrayLiteral("taskrunner-cli: the reader stalled; ")
                   + QByteArray::number(dropped) + " bytes of output dropped\n"))
            return; // wait for stderr to take it (or to stall too)
    }
    exitNow();
}

void RunSession::exitNow()
{
    // A writer thread is blocked in write() on a reader that does not read: it cannot be
    // joined, and making its write() interruptible (a signal to that thread, with the race
    // of one arriving just before the call) buys nothing here. Everything of the task is gone
    // (finished() guarantees it) and the kernel takes back the rest, so end the process. Of
    // our stdio, only stderr (unbuffered) is used while a task runs; stdout is not flushed:
    // that could block on the stalled reader.
    m_done = true;
    std::fflush(stderr);
    ::_exit(m_exitCode);
}
