#include "managedrun.h"

#include "outcometext.h"
#include "outputlog.h"
#include "rawlogwriter.h"
#include "runhistory.h"
#include "runlogtail.h"
#include "runrecorder.h"
#include "specsnapshot.h"
#include "taskrun.h"

ManagedRun::ManagedRun(quint64 id, RunRequest request, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_request(std::move(request))
    , m_log(new OutputLog(this))
    , m_backoff(m_request.task.restart)
{
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &ManagedRun::startAttempt);
}

// A live run's processes are killed by ~TaskRun; the manager's owner stops runs first.
ManagedRun::~ManagedRun() = default;

const RunResult &ManagedRun::result() const
{
    if (m_ownResult)
        return *m_ownResult;
    return m_run ? m_run->result() : m_unstartedResult;
}

bool ManagedRun::setWaitReason(const QString &reason)
{
    if (m_waitReason == reason)
        return false;
    m_waitReason = reason;
    return true;
}

void ManagedRun::finishUnstarted(RunHistory *history, RunOutcome outcome, const QString &reason)
{
    Q_ASSERT(m_state == State::Queued);
    m_waitReason.clear();
    m_unstartedResult = RunResult();
    m_unstartedResult.outcome = outcome;
    m_unstartedResult.errorText = reason;
    m_startedAt = QDateTime::currentDateTime();
    if (history && history->isOpen()) {
        RunRecord record;
        record.taskId = m_request.task.id;
        record.taskName = m_request.recordedName();
        record.specJson = SpecSnapshot::toJson(m_request.task.spec);
        record.trigger = m_request.trigger;
        record.started = m_startedAt;
        record.id = history->recordStart(record);
        if (record.id > 0) {
            record.ended = m_startedAt;
            record.state = RunRecord::State::Finished;
            record.result = m_unstartedResult;
            history->recordFinish(record);
            m_recordId = record.id;
        }
    }
    onFinished(m_unstartedResult);
}

void ManagedRun::start(RunHistory *history, qint64 logLimitBytes)
{
    Q_ASSERT(m_state == State::Queued);
    m_clock.start();
    m_run = new TaskRun(m_request.task.spec, this);

    // The view shows the run, the file keeps all of it.
    QString error;
    if (m_log->attachLogFile(RawLogWriter::defaultPath(m_request.task.name), &error,
                             logLimitBytes)) {
        m_logPath = m_log->logWriter()->path();
        setLogStatus(m_logPath); // told: a view shows the run before it starts
    } else {
        setLogStatus(tr("not written: %1").arg(error));
    }
    connect(m_log, &OutputLog::logFileFailed, this, &ManagedRun::setLogStatus);
    connect(m_log, &OutputLog::logFileLimitReached, this, [this](const QString &message) {
        setLogStatus(tr("%1 — %2").arg(m_logPath, message));
    });
    m_log->readFrom(m_run);
    if (history && history->isOpen()) {
        // Connected to TaskRun::finished before onFinished(): the row is complete when finished()
        // is told.
        m_recorder
            = new RunRecorder(history, m_run, m_request.recordedName(), m_request.trigger, this);
        m_recorder->setTaskId(m_request.task.id);
        m_recordId = m_recorder->begin(m_logPath);
        // One row for all attempts of a service: finished by onFinished(), not by an attempt.
        disconnect(m_run, &TaskRun::finished, m_recorder, nullptr);
    }
    m_startedAt = QDateTime::currentDateTime();
    startAttempt();
}

// One attempt: the first, or the next after a restart's wait. The previous attempt's TaskRun
// told finished() only once every process of its tree was gone, so none overlaps the next.
void ManagedRun::startAttempt()
{
    if (m_run->state() == TaskRun::State::Finished) {
        TaskRun *previous = m_run;
        disconnect(previous, nullptr, this, nullptr);
        previous->deleteLater(); // a view may be reading it in this event loop pass
        m_run = new TaskRun(m_request.task.spec, this);
        m_log->readFrom(m_run);
        if (m_recorder)
            m_recorder->followAttempt(m_run);
    }

    // Its end is told by onFinished(), once the outcome is in the log, not here as well.
    connect(m_run, &TaskRun::stateChanged, this, [this](TaskRun::State state) {
        switch (state) {
        case TaskRun::State::Starting:
            setState(State::Starting);
            break;
        case TaskRun::State::Running:
            setState(State::Running);
            break;
        case TaskRun::State::Paused:
            setState(State::Paused);
            break;
        case TaskRun::State::Stopping:
            setState(State::Stopping);
            break;
        case TaskRun::State::NotStarted:
        case TaskRun::State::Finished:
            break;
        }
    });
    connect(m_run, &TaskRun::finished, this, &ManagedRun::onAttemptFinished);
    m_attemptStartedMs = m_clock.elapsed();
    m_run->start(); // Starting is told through stateChanged
    if (!m_stdinOpen)
        m_run->closeStdin(); // closed for the service, not for one attempt
}

void ManagedRun::onAttemptFinished(const RunResult &result)
{
    const RestartBackoff::Decision decision
        = m_policyEnded ? RestartBackoff::Decision()
                        : m_backoff.attemptEnded(m_attemptStartedMs, m_clock.elapsed(), result);
    if (decision.restart) {
        m_log->finish();
        // The marked line between two attempts; in the log file too, so that it still separates
        // them when the file is read back or opened with cat.
        m_log->appendNote(
            tr("[Restart %1 of at most %2 in %3 min, in %4: %5]")
                .arg(decision.inWindow)
                .arg(m_request.task.restart.maxRestarts)
                .arg(m_request.task.restart.withinMinutes)
                .arg(OutcomeText::seconds(decision.delay), OutcomeText::describe(result)),
            OutputLog::NoteTarget::ViewAndFile);
        m_restartTimer.start(decision.delay);
        Q_EMIT restartsChanged(m_backoff.restartCount());
        setState(State::Restarting);
        return;
    }
    if (decision.gaveUp) {
        m_gaveUp = true;
        m_log->finish();
        m_log->appendNote(QStringLiteral("[%1]").arg(m_request.task.restart.giveUpText()),
                          OutputLog::NoteTarget::ViewAndFile);
    }
    onFinished(result);
}

qint64 ManagedRun::restartRemainingMs() const
{
    return m_state == State::Restarting ? qMax(0, m_restartTimer.remainingTime()) : -1;
}

// Stop or Kill while no attempt runs: nothing to signal, the run ends with the user's outcome.
// Told from the event loop, not from inside stop(): the caller may be going through the
// manager's runs, which a finished run may leave.
void ManagedRun::endPolicyWhileWaiting(RunOutcome outcome)
{
    m_restartTimer.stop();
    RunResult result;
    result.outcome = outcome;
    result.duration = std::chrono::milliseconds(m_clock.elapsed());
    result.containment = m_run->result().containment;
    m_ownResult = result;
    setState(State::Stopping);
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_log->appendNote(
                tr("[No restart: %1 by the user while waiting for one]")
                    .arg(m_ownResult->outcome == RunOutcome::Killed ? tr("killed") : tr("stopped")),
                OutputLog::NoteTarget::ViewAndFile);
            onFinished(*m_ownResult);
        },
        Qt::QueuedConnection);
}

void ManagedRun::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ManagedRun::onFinished(const RunResult &result)
{
    m_log->finish();
    if (m_recorder)
        m_recorder->finish(result); // the row is complete when finished() is told
    m_outcomeNote = QStringLiteral("[%1]").arg(OutcomeText::describe(result));
    m_log->appendNote(m_outcomeNote);
    setState(State::Finished);
    Q_EMIT finished(result);
}

void ManagedRun::setLogStatus(const QString &status)
{
    if (m_logStatus == status)
        return;
    m_logStatus = status;
    Q_EMIT logStatusChanged(status);
}

void ManagedRun::stop()
{
    m_policyEnded = true;
    if (m_state == State::Restarting)
        endPolicyWhileWaiting(RunOutcome::Stopped);
    else if (m_run)
        m_run->stop();
    else if (m_state == State::Queued)
        finishUnstarted(m_history, RunOutcome::Cancelled, tr("Cancelled before it started"));
}

void ManagedRun::pause()
{
    if (m_run)
        m_run->pause();
}

void ManagedRun::resume()
{
    if (m_run)
        m_run->resume();
}

void ManagedRun::closeStdin()
{
    m_stdinOpen = false;
    if (m_run)
        m_run->closeStdin();
}

void ManagedRun::kill()
{
    m_policyEnded = true;
    if (m_state == State::Restarting)
        endPolicyWhileWaiting(RunOutcome::Killed);
    else if (m_run)
        m_run->kill();
    else if (m_state == State::Queued)
        finishUnstarted(m_history, RunOutcome::Cancelled, tr("Cancelled before it started"));
}

void ManagedRun::addViewer()
{
    if (++m_viewers != 1)
        return;
    if (m_released)
        reloadFromLog();
    Q_EMIT viewedChanged(true);
}

void ManagedRun::removeViewer()
{
    Q_ASSERT(m_viewers > 0);
    if (m_viewers > 0 && --m_viewers == 0)
        Q_EMIT viewedChanged(false);
}

qint64 ManagedRun::releaseMemory()
{
    RawLogWriter *writer = m_log->logWriter(); // null once closed by an earlier release
    // Only what the file holds whole: a finished run, its log written out, not on screen.
    if (m_released || !isFinished() || isViewed() || m_logPath.isEmpty())
        return 0;
    if (writer && writer->queuedBytes() > 0)
        return -1; // not all of it is in the file yet
    const qint64 freed = m_log->store().memoryBytes();
    if (writer)
        m_log->closeLogFile();
    m_log->reset(); // read again from the file: no "earlier lines" to count
    m_released = true;
    return freed;
}

void ManagedRun::reloadFromLog()
{
    m_released = false;
    const RunLogTail::Loaded loaded = RunLogTail::loadInto(m_log, m_logPath, MemoryReloadBytes);
    if (!loaded.ok)
        m_log->appendNote(tr("[The log file is gone: %1]").arg(loaded.error));
    m_log->appendNote(m_outcomeNote);
}
