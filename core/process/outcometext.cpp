#include "outcometext.h"

#include "runlimits.h"

#include <csignal>
#include <cstring>

namespace OutcomeText {

namespace {

// "its memory limit (512 MB)"
QString memoryLimit(const RunResult &r)
{
    return r.memoryLimitBytes ? QStringLiteral("its memory limit (%1)")
                                    .arg(RunLimits::memoryWords(*r.memoryLimitBytes))
                              : QStringLiteral("its memory limit");
}

// The main process itself was killed by the OOM killer at the run's memory limit: as far as
// can be told, since the kill is counted, not named - SIGKILL, with a kill counted.
bool killedByMemoryLimit(const RunResult &r)
{
    return r.outcome == RunOutcome::Crashed && r.signal == SIGKILL && r.memoryLimitKills > 0;
}

// "; 2 processes killed by its memory limit (512 MB)", or nothing.
QString memoryLimitKills(const RunResult &r)
{
    if (r.memoryLimitKills == 0)
        return QString();
    if (killedByMemoryLimit(r))
        return r.memoryLimitKills > 1
                   ? QStringLiteral("; %1 killed by it").arg(processes(r.memoryLimitKills))
                   : QString();
    return QStringLiteral("; %1 killed by %2").arg(processes(r.memoryLimitKills), memoryLimit(r));
}

} // namespace

QString seconds(std::chrono::milliseconds duration)
{
    const double s = double(duration.count()) / 1000.0;
    return s < 10 ? QString::number(s, 'f', 1) + QLatin1String(" s")
                  : QString::number(qRound(s)) + QLatin1String(" s");
}

QString processes(int count)
{
    return count == 1 ? QStringLiteral("1 process") : QStringLiteral("%1 processes").arg(count);
}

QString describe(const RunResult &r)
{
    const QString after = seconds(r.duration);
    QString text;
    switch (r.outcome) {
    case RunOutcome::Exited:
        text = QStringLiteral("Exited with code %1 after %2").arg(r.exitCode).arg(after);
        break;
    case RunOutcome::Crashed:
        if (killedByMemoryLimit(r))
            text = QStringLiteral("Killed by %1 after %2").arg(memoryLimit(r), after);
        else
            text = QStringLiteral("Died from signal %1 (%2) after %3")
                       .arg(r.signal)
                       .arg(QString::fromLocal8Bit(strsignal(r.signal)), after);
        break;
    case RunOutcome::TimedOut:
        text = QStringLiteral("Timed out after %1 — %2 stopped")
                   .arg(after, processes(r.processesSignalled));
        break;
    case RunOutcome::Stopped:
        text = QStringLiteral("Stopped after %1 — %2").arg(after, processes(r.processesSignalled));
        break;
    case RunOutcome::Killed:
        text = QStringLiteral("Killed — %1").arg(processes(r.processesSignalled));
        break;
    case RunOutcome::FailedToStart:
        return QStringLiteral("Could not start: %1").arg(r.errorText);
    case RunOutcome::Skipped:
        return QStringLiteral("Skipped: %1").arg(r.errorText);
    case RunOutcome::Cancelled:
        return r.errorText.isEmpty() ? QStringLiteral("Cancelled")
                                     : QStringLiteral("Cancelled: %1").arg(r.errorText);
    }
    text += memoryLimitKills(r);
    if (r.leftoversFound > 0
        && (r.outcome == RunOutcome::Exited || r.outcome == RunOutcome::Crashed))
        text += r.leftoversLeftRunning
                    ? QStringLiteral("; %1 left running, as the task asks")
                          .arg(processes(r.leftoversFound))
                    : QStringLiteral("; %1 left behind, stopped").arg(processes(r.leftoversFound));
    if (r.escapeesFound > 0)
        text += QStringLiteral(" (%1 had left its process group)").arg(r.escapeesFound);
    if (!r.outputHolders.isEmpty())
        text += QStringLiteral("; output still held by %1, not ours to kill")
                    .arg(r.outputHolders.join(QLatin1String(", ")));
    return text;
}

QString brief(const RunResult &r)
{
    switch (r.outcome) {
    case RunOutcome::Exited:
        return r.exitCode == 0 ? QStringLiteral("exited 0")
                               : QStringLiteral("failed (exit %1)").arg(r.exitCode);
    case RunOutcome::Crashed:
        return killedByMemoryLimit(r) ? QStringLiteral("memory limit") : QStringLiteral("crashed");
    case RunOutcome::TimedOut:
        return QStringLiteral("timed out");
    case RunOutcome::Stopped:
        return QStringLiteral("stopped");
    case RunOutcome::Killed:
        return QStringLiteral("killed");
    case RunOutcome::FailedToStart:
        return QStringLiteral("failed to start");
    case RunOutcome::Skipped:
        return QStringLiteral("skipped");
    case RunOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

QString cliNotice(const RunResult &r)
{
    if (r.outcome == RunOutcome::FailedToStart || r.outcome == RunOutcome::Skipped
        || r.outcome == RunOutcome::Cancelled)
        return r.errorText;
    // The exit status (137) does not say that the kernel killed it for its memory limit.
    if (killedByMemoryLimit(r))
        return QStringLiteral("killed by %1").arg(memoryLimit(r)) + memoryLimitKills(r);
    QString text;
    if (r.outcome == RunOutcome::TimedOut)
        text = QStringLiteral("timed out after %1 ms; %2 stopped")
                   .arg(r.duration.count())
                   .arg(processes(r.processesSignalled));
    if (r.memoryLimitKills > 0) // "; 1 process killed by ..." without its "; " when alone
        text += text.isEmpty() ? memoryLimitKills(r).mid(2) : memoryLimitKills(r);
    return text;
}

QString stateName(TaskRun::State state)
{
    switch (state) {
    case TaskRun::State::NotStarted:
        return QStringLiteral("Not started");
    case TaskRun::State::Starting:
        return QStringLiteral("Starting");
    case TaskRun::State::Running:
        return QStringLiteral("Running");
    case TaskRun::State::Paused:
        return QStringLiteral("Paused");
    case TaskRun::State::Stopping:
        return QStringLiteral("Stopping");
    case TaskRun::State::Finished:
        return QStringLiteral("Finished");
    }
    return QString();
}

} // namespace OutcomeText
