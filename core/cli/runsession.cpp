#include "runsession.h"

#include "exitstatus.h"
#include "fdwriter.h"
#include "taskrun.h"
#include "unixsignalwatcher.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

RunSession::RunSession(TaskSpec spec, QObject *parent)
    : QObject(parent)
    , m_run(new TaskRun(std::move(spec), this))
    , m_signals(new UnixSignalWatcher({SIGINT, SIGTERM, SIGHUP}, this))
{
    // A closed stdout must be an EPIPE we can act on, not a SIGPIPE that kills us and leaves
    // the task running. (QProcess resets SIGPIPE to default in the child before exec.)
    ::signal(SIGPIPE, SIG_IGN);
    connect(m_signals, &UnixSignalWatcher::received, this, &RunSession::onSignal);
    connect(m_run, &TaskRun::outputReceived, this,
            [this](OutputChannel channel, const QByteArray &data) {
                if (m_outputClosed)
                    return;
                const int fd = channel == OutputChannel::Stdout ? STDOUT_FILENO : STDERR_FILENO;
                if (FdWriter::writeAll(fd, data) == FdWriter::Result::Written)
                    return;
                if (channel == OutputChannel::Stdout) {
                    // Our reader is gone, as `| head` does: stop the task the way a pipeline
                    // would have ended it, and report SIGPIPE.
                    m_outputClosed = true;
                    m_interruptedBy = SIGPIPE;
                    m_run->stop();
                }
            });
    connect(m_run, &TaskRun::finished, this, &RunSession::onFinished);
}

void RunSession::start()
{
    m_run->start();
}

void RunSession::onSignal(int signal)
{
    if (m_interruptedBy != 0 && m_interruptedBy != SIGPIPE) {
        m_run->kill(); // a second interrupt: the user does not want to wait for the grace
        return;
    }
    m_interruptedBy = signal;
    m_run->stop();
}

void RunSession::onFinished(const RunResult &result)
{
    if (result.outcome == RunOutcome::FailedToStart)
        std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(result.errorText));
    else if (result.outcome == RunOutcome::TimedOut)
        std::fprintf(stderr, "taskrunner-cli: timed out after %lld ms; %d processes stopped\n",
                     static_cast<long long>(result.duration.count()), result.processesSignalled);
    int code = ExitStatus::forResult(result);
    if (m_interruptedBy != 0)
        code = ExitStatus::SignalBase + m_interruptedBy; // 130 for SIGINT, as shells report
    Q_EMIT done(code);
}
