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
{}

// A live run's processes are killed by ~TaskRun; the manager's owner stops runs first.
ManagedRun::~ManagedRun() = default;

const RunResult &ManagedRun::result() const
{
    return m_run ? m_run->result() : m_unstartedResult;
}

bool ManagedRun::setWaitReason(const QString &reason)
{
    if (m_waitReason == reason)
        return false;
    m_waitReason = reason;
    Q_EMIT waitReasonChanged(reason);
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
    connect(m_run, &TaskRun::finished, this, &ManagedRun::onFinished);
    m_startedAt = QDateTime::currentDateTime();
    m_run->start(); // Starting is told through stateChanged
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
    if (m_run)
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
    if (m_run)
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
