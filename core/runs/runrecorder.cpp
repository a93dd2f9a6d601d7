#include "runrecorder.h"

#include "runhistory.h"
#include "specsnapshot.h"
#include "taskrun.h"

RunRecorder::RunRecorder(RunHistory *history, TaskRun *run, const QString &taskName,
                         const QString &trigger, QObject *parent)
    : QObject(parent)
    , m_history(history)
{
    m_record.taskName = taskName;
    m_record.trigger = trigger;
    m_record.specJson = SpecSnapshot::toJson(run->spec());
    followAttempt(run);
    connect(run, &TaskRun::finished, this, &RunRecorder::finish);
}

void RunRecorder::followAttempt(TaskRun *run)
{
    connect(run, &TaskRun::outputReceived, this,
            [this](OutputChannel channel, const QByteArray &data) {
                const bool out = channel == OutputChannel::Stdout;
                (out ? m_record.stdoutBytes : m_record.stderrBytes) += data.size();
                (out ? m_record.stdoutLines : m_record.stderrLines) += data.count('\n');
            });
}

void RunRecorder::finish(const RunResult &result)
{
    if (m_record.id <= 0 || m_record.state == RunRecord::State::Finished)
        return;
    m_record.result = result;
    // What the containment could tell; unknown stays -1 (NULL in the history), never 0.
    const ResourceUsage &usage = result.usage;
    m_record.cpuMs
        = usage.cpuUserMs && usage.cpuSystemMs ? *usage.cpuUserMs + *usage.cpuSystemMs : -1;
    m_record.maxRssKb = usage.memoryPeakBytes ? *usage.memoryPeakBytes / 1024 : -1;
    m_record.ended = QDateTime::currentDateTime();
    m_record.state = RunRecord::State::Finished;
    if (m_history->recordFinish(m_record))
        Q_EMIT recorded(m_record.id);
}

qint64 RunRecorder::begin(const QString &logPath)
{
    m_record.logPath = logPath;
    m_record.started = QDateTime::currentDateTime();
    if (m_history->isOpen())
        m_record.id = m_history->recordStart(m_record);
    return m_record.id;
}
