#include "taskrunneradaptor.h"

#include "runhistory.h"

#include "busnames.h"
#include "managedrun.h"
#include "outcometext.h"
#include "runmanager.h"
#include "tasklauncher.h"
#include "tasklibrary.h"
#include "taskrun.h"

TaskRunnerAdaptor::TaskRunnerAdaptor(QObject *object, const QDBusConnection &bus,
                                     TaskLauncher *launcher, const TaskLibrary *library)
    : QDBusAbstractAdaptor(object)
    , m_bus(bus)
    , m_launcher(launcher)
    , m_runs(launcher->runManager())
    , m_library(library)
{
    connect(m_runs, &RunManager::runAdded, this,
            [this](ManagedRun *run) { Q_EMIT RunStarted(run->id(), run->task().name); });
    connect(m_runs, &RunManager::runFinished, this, [this](ManagedRun *run) {
        Q_EMIT RunFinished(run->id(), run->task().name, outcomeWord(*run), run->result().exitCode);
    });
}

void TaskRunnerAdaptor::setRunGate(std::function<QString()> refusal)
{
    m_refusal = std::move(refusal);
}

QString TaskRunnerAdaptor::stateWord(const ManagedRun &run)
{
    switch (run.state()) {
    case ManagedRun::State::Queued:
        return QStringLiteral("queued");
    case ManagedRun::State::Starting:
        return QStringLiteral("starting");
    case ManagedRun::State::Running:
        return QStringLiteral("running");
    case ManagedRun::State::Paused:
        return QStringLiteral("paused");
    case ManagedRun::State::Stopping:
        return QStringLiteral("stopping");
    case ManagedRun::State::Restarting:
        return QStringLiteral("restarting");
    case ManagedRun::State::Finished:
        return QStringLiteral("finished");
    }
    return QString();
}

// The history's storage keys: like them, words a script can compare, which must not change
// when the window's wording does.
QString TaskRunnerAdaptor::outcomeWord(const ManagedRun &run)
{
    return run.isFinished() ? RunHistory::outcomeKey(run.result().outcome) : QString();
}

QVariantMap TaskRunnerAdaptor::properties(const ManagedRun &run)
{
    QVariantMap map;
    map.insert(QStringLiteral("id"), qulonglong(run.id()));
    map.insert(QStringLiteral("task"), run.task().name);
    map.insert(QStringLiteral("command"), run.task().commandLine());
    map.insert(QStringLiteral("trigger"), run.request().trigger);
    map.insert(QStringLiteral("state"), stateWord(run));
    map.insert(QStringLiteral("started"), run.startedAt().isValid()
                                              ? run.startedAt().toUTC().toString(Qt::ISODateWithMs)
                                              : QString());
    map.insert(QStringLiteral("logFile"), run.logPath());
    if (run.isFinished()) {
        const RunResult &result = run.result();
        map.insert(QStringLiteral("outcome"), outcomeWord(run));
        map.insert(QStringLiteral("description"), OutcomeText::describe(result));
        map.insert(QStringLiteral("exitCode"), result.exitCode);
        map.insert(QStringLiteral("signal"), result.signal);
        map.insert(QStringLiteral("durationMs"), qulonglong(result.duration.count()));
    } else {
        map.insert(QStringLiteral("outcome"), QString());
        map.insert(QStringLiteral("description"), QString());
        map.insert(QStringLiteral("exitCode"), -1);
        map.insert(QStringLiteral("signal"), 0);
        if (const TaskRun *processes = run.taskRun()) {
            map.insert(QStringLiteral("pid"), uint(processes->processId()));
            map.insert(QStringLiteral("durationMs"), qulonglong(processes->elapsed().count()));
        }
    }
    return map;
}

QStringList TaskRunnerAdaptor::ListTasks() const
{
    return m_library->names();
}

void TaskRunnerAdaptor::sendError(const QDBusMessage &message, const QString &name,
                                  const QString &text)
{
    message.setDelayedReply(true); // this error is the answer, not the slot's return value
    m_bus.send(message.createErrorReply(name, text));
}

qulonglong TaskRunnerAdaptor::RunTask(const QString &name, const QDBusMessage &message)
{
    const Task *task = m_library->find(name);
    if (!task) {
        sendError(message, BusNames::noSuchTaskError(), TaskLibrary::noSuchTaskMessage(name));
        return 0;
    }
    if (const QString refusal = m_refusal ? m_refusal() : QString(); !refusal.isEmpty()) {
        sendError(message, BusNames::refusedError(), refusal);
        return 0;
    }
    RunRequest request;
    request.task = *task;
    request.trigger = RunTriggers::dbus(); // the history says what started it
    const TaskLauncher::Launch launch = m_launcher->launch(request);
    if (!launch.started())
        sendError(message, BusNames::refusedError(), launch.refusal);
    return launch.runId;
}

ManagedRun *TaskRunnerAdaptor::heldRun(qulonglong id, const QDBusMessage &message)
{
    ManagedRun *run = m_runs->run(id);
    if (!run) {
        sendError(
            message, BusNames::noSuchRunError(),
            QStringLiteral("No run %1: not started, or finished and no longer shown.").arg(id));
    }
    return run;
}

void TaskRunnerAdaptor::Stop(qulonglong id, const QDBusMessage &message)
{
    // A queued run is cancelled (it never starts), as the window's Stop does.
    if (ManagedRun *run = heldRun(id, message); run && !run->isFinished())
        m_runs->stop(id);
}

void TaskRunnerAdaptor::Kill(qulonglong id, const QDBusMessage &message)
{
    if (ManagedRun *run = heldRun(id, message); run && !run->isFinished())
        m_runs->kill(id);
}

QVariantMap TaskRunnerAdaptor::GetRun(qulonglong id, const QDBusMessage &message)
{
    const ManagedRun *run = heldRun(id, message);
    return run ? properties(*run) : QVariantMap();
}

QList<qulonglong> TaskRunnerAdaptor::ListRuns() const
{
    QList<qulonglong> live; // queued ones too: a client may cancel them
    for (const ManagedRun *run : m_runs->runs()) {
        if (!run->isFinished())
            live.append(run->id());
    }
    return live;
}
