#include "groupsession.h"

#include "dependencyoutcome.h"
#include "exitstatus.h"
#include "outcometext.h"
#include "queuedfdwriter.h"
#include "runhistory.h"
#include "runrecorder.h"
#include "runrequest.h"
#include "specsnapshot.h"
#include "taskrun.h"
#include "unixsignalwatcher.h"
#include "usagetext.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

struct GroupSession::Step
{
    enum class State { Waiting, Running, Succeeded, Failed, Skipped };

    explicit Step(Member m)
        : member(std::move(m))
        , out("[" + member.name.toUtf8() + "] ")
        , err("[" + member.name.toUtf8() + "] ")
    {}

    Member member;
    State state = State::Waiting;
    TaskRun *run = nullptr; // child of the session, once started
    std::unique_ptr<RunRecorder> recorder;
    LinePrefixer out;
    LinePrefixer err;
};

GroupSession::GroupSession(QList<Member> members, QObject *parent)
    : QObject(parent)
    , m_out(new QueuedFdWriter(STDOUT_FILENO, this))
    , m_err(new QueuedFdWriter(STDERR_FILENO, this))
    , m_signals(new UnixSignalWatcher(
          {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGTSTP}, this))
{
    // A closed stdout must be an EPIPE we act on, not a SIGPIPE that leaves the tasks running.
    ::signal(SIGPIPE, SIG_IGN);
    for (Member &member : members)
        m_steps.push_back(std::make_unique<Step>(std::move(member)));
    // The task itself reads our stdin; its dependencies must not take bytes meant for it.
    for (auto &step : m_steps)
        step->member.spec.stdinMode = TaskSpec::StdinMode::Null;
    if (!m_steps.empty())
        m_steps.back()->member.spec.stdinMode = TaskSpec::StdinMode::Inherit;

    for (QueuedFdWriter *writer : {m_out, m_err}) {
        connect(writer, &QueuedFdWriter::progressed, this, [this] {
            updateBackPressure();
            maybeDone();
        });
    }
    // Our reader is gone (`| head`): stop as a pipeline would, and say SIGPIPE.
    const auto outGone = [this] {
        if (m_interruptedBy == 0)
            interrupt(SIGPIPE);
        maybeDone();
    };
    connect(m_out, &QueuedFdWriter::closed, this, outGone);
    connect(m_out, &QueuedFdWriter::failed, this, outGone);
    connect(m_err, &QueuedFdWriter::closed, this, &GroupSession::maybeDone);
    connect(m_err, &QueuedFdWriter::failed, this, &GroupSession::maybeDone);
    connect(m_signals, &UnixSignalWatcher::received, this, &GroupSession::onSignal);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, &GroupSession::exitNow);
}

GroupSession::~GroupSession() = default;

void GroupSession::setHistory(RunHistory *history, const QString &groupId)
{
    m_history = history;
    m_groupId = groupId;
}

void GroupSession::start()
{
    startReady();
    maybeDone(); // an empty group, or every step refused at once
}

void GroupSession::startReady()
{
    if (m_failed || m_interruptedBy != 0)
        return;
    for (auto &step : m_steps) {
        if (step->state != Step::State::Waiting)
            continue;
        bool ready = true;
        for (const QString &name : std::as_const(step->member.after)) {
            for (const auto &other : m_steps) {
                if (other->member.name == name && other->state != Step::State::Succeeded)
                    ready = false;
            }
        }
        if (ready)
            launch(step.get());
    }
}

void GroupSession::launch(Step *step)
{
    step->state = Step::State::Running;
    step->run = new TaskRun(step->member.spec, this);
    connect(step->run, &TaskRun::outputReceived, this,
            [this, step](OutputChannel channel, const QByteArray &data) {
                onOutput(step, channel, data);
            });
    if (m_history && m_history->isOpen()) {
        const bool own = step == m_steps.back().get();
        // Connected before our own finished handler: the row is complete when we go on.
        step->recorder
            = std::make_unique<RunRecorder>(m_history, step->run, step->member.name,
                                            own ? RunTriggers::cli() : RunTriggers::dependency());
        step->recorder->setTaskId(step->member.taskId);
        step->recorder->setGroupId(m_groupId);
        step->recorder->begin();
    }
    connect(step->run, &TaskRun::finished, this,
            [this, step](const RunResult &result) { onFinished(step, result); });
    if (m_paused)
        step->run->setOutputPaused(true);
    step->run->start(); // a failed start is told by finished(), queued
}

void GroupSession::write(OutputChannel channel, const QByteArray &data)
{
    QueuedFdWriter *writer = channel == OutputChannel::Stdout ? m_out : m_err;
    if (!data.isEmpty() && writer->status() == QueuedFdWriter::Status::Open)
        writer->write(data);
}

void GroupSession::say(const QString &line)
{
    write(OutputChannel::Stderr, "taskrunner-cli: " + line.toLocal8Bit() + '\n');
}

void GroupSession::onOutput(Step *step, OutputChannel channel, const QByteArray &data)
{
    if (!m_prefix) {
        write(channel, data);
    } else {
        LinePrefixer &prefixer = channel == OutputChannel::Stdout ? step->out : step->err;
        write(channel, prefixer.feed(data));
    }
    updateBackPressure();
}

void GroupSession::onFinished(Step *step, const RunResult &result)
{
    write(OutputChannel::Stdout, step->out.flush());
    write(OutputChannel::Stderr, step->err.flush());
    const bool succeeded = DependencyOutcome::succeeded(result);
    step->state = succeeded ? Step::State::Succeeded : Step::State::Failed;
    if (const QString notice = OutcomeText::cliNotice(result); !notice.isEmpty())
        say(QStringLiteral("[%1] %2").arg(step->member.name, notice));
    if (m_printStats)
        say(QStringLiteral("[%1] %2").arg(step->member.name,
                                          UsageText::statsLine(result.usage, result.containment)));
    if (!succeeded && !m_failed && m_interruptedBy == 0) {
        m_failed = true;
        m_exitCode = ExitStatus::forResult(result);
        const QString reason = DependencyOutcome::failure(step->member.name, result);
        QStringList skipped;
        for (const auto &other : m_steps) {
            if (other->state == Step::State::Waiting)
                skipped.append(other->member.name);
        }
        if (!skipped.isEmpty())
            say(QStringLiteral("%1; skipped: %2").arg(reason, skipped.join(QStringLiteral(", "))));
        skipWaiting(RunOutcome::Skipped, reason);
    }
    startReady();
    maybeDone();
}

void GroupSession::skipWaiting(RunOutcome outcome, const QString &reason)
{
    for (auto &step : m_steps) {
        if (step->state != Step::State::Waiting)
            continue;
        step->state = Step::State::Skipped;
        if (!m_history || !m_history->isOpen())
            continue;
        // A run skipped is a run that was asked for: in the history, as the desktop app does.
        RunRecord record;
        record.taskId = step->member.taskId;
        record.taskName = step->member.name;
        record.specJson = SpecSnapshot::toJson(step->member.spec);
        record.trigger
            = step.get() == m_steps.back().get() ? RunTriggers::cli() : RunTriggers::dependency();
        record.groupId = m_groupId;
        record.started = QDateTime::currentDateTime();
        record.id = m_history->recordStart(record);
        if (record.id <= 0)
            continue;
        record.ended = record.started;
        record.state = RunRecord::State::Finished;
        record.result.outcome = outcome;
        record.result.errorText = reason;
        m_history->recordFinish(record);
    }
}

void GroupSession::onSignal(int signal)
{
    if (m_done)
        return;
    if (signal == SIGTSTP) {
        suspend();
        return;
    }
    if (m_interruptedBy != 0 && m_interruptedBy != SIGPIPE) {
        // A second interrupt: the user does not want to wait for the grace periods.
        for (auto &step : m_steps) {
            if (step->state == Step::State::Running)
                step->run->kill();
        }
        return;
    }
    interrupt(signal);
}

void GroupSession::interrupt(int signal)
{
    m_interruptedBy = signal;
    m_exitCode = ExitStatus::SignalBase + signal; // 130 for SIGINT, as shells do
    skipWaiting(RunOutcome::Cancelled,
                QStringLiteral("taskrunner-cli was interrupted (signal %1)").arg(signal));
    for (auto &step : m_steps) {
        if (step->state == Step::State::Running)
            step->run->stop();
    }
    // Stopped tasks' output need not all be read: the reader may be gone.
    if (m_paused) {
        m_paused = false;
        for (auto &step : m_steps) {
            if (step->state == Step::State::Running)
                step->run->setOutputPaused(false);
        }
    }
    maybeDone();
}

void GroupSession::suspend()
{
    QList<TaskRun *> paused;
    for (auto &step : m_steps) {
        if (step->state == Step::State::Running && step->run->state() == TaskRun::State::Running) {
            step->run->pause();
            if (step->run->isPaused())
                paused.append(step->run);
        }
    }
    UnixSignalWatcher::raiseDefault(SIGTSTP); // returns once continued
    for (TaskRun *run : std::as_const(paused))
        run->resume();
}

void GroupSession::updateBackPressure()
{
    if (m_interruptedBy != 0)
        return;
    qint64 queued = 0;
    for (QueuedFdWriter *writer : {m_out, m_err}) {
        if (writer->status() == QueuedFdWriter::Status::Open)
            queued = std::max(queued, writer->queuedBytes());
    }
    const bool pause = queued > HighWater ? true : queued <= LowWater ? false : m_paused;
    if (pause == m_paused)
        return;
    m_paused = pause;
    if (pause) {
        m_out->notifyOnProgress(); // to resume once the reader has caught up
        m_err->notifyOnProgress();
    }
    for (auto &step : m_steps) {
        if (step->state == Step::State::Running)
            step->run->setOutputPaused(pause);
    }
}

void GroupSession::maybeDone()
{
    if (m_done)
        return;
    for (const auto &step : m_steps) {
        if (step->state == Step::State::Running || step->state == Step::State::Waiting)
            return;
    }
    m_out->notifyOnProgress(); // before looking, so that no progress is missed
    m_err->notifyOnProgress();
    const auto drained = [](const QueuedFdWriter *writer) {
        return writer->status() != QueuedFdWriter::Status::Open || writer->isIdle();
    };
    if (drained(m_out) && drained(m_err)) {
        m_done = true;
        m_drainTimer.stop();
        Q_EMIT done(m_exitCode);
        return;
    }
    // Every task has ended on its own: all of the output is owed, however long the reader
    // takes. Interrupted, a reader that does not read is not waited for long.
    if (m_interruptedBy != 0 && !m_drainTimer.isActive())
        m_drainTimer.start(DrainAfterInterruptMs);
}

void GroupSession::exitNow()
{
    // A writer's thread may be blocked in write() on a reader that does not read: it cannot be
    // joined. Every task has ended (TaskRun::finished guarantees its processes are gone).
    m_done = true;
    std::fflush(stderr);
    ::_exit(m_exitCode);
}
