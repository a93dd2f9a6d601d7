#include "taskrun.h"

#include "bytetext.h"
#include "containmentbackend.h"
#include "execplan.h"
#include "logging.h"
#include "outputpipe.h"
#include "pipeholders.h"
#include "processhygiene.h"
#include "processsignaller.h"
#include "programresolver.h"
#include "runguardian.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

namespace {

std::atomic<quint64> g_runCounter{0};

// Every run between start() and its end, whatever holds it: what stopAllNow() must stop.
QSet<TaskRun *> &liveRuns()
{
    static QSet<TaskRun *> runs;
    return runs;
}

// What the child reports through the set-up pipe when a step of ours fails before exec.
struct ChildSetupError
{
    int step;
    int error;
};

// What the child needs, all prepared by the parent: descriptors and pointers into ExecPlan.
struct ChildExec
{
    int outFd = -1;
    int errFd = -1;
    int ttyFd = -1; // the pseudo-terminal's slave, or -1
    int reportFd = -1;
    int directoryFd = -1;
    int cgroupFd = -1; // the run's cgroup.procs, or -1
    mode_t umask = 022;
    const char *path = nullptr;
    char *const *argv = nullptr;
    char *const *envp = nullptr;
};

// Runs in the child between clone(CLONE_VM|CLONE_VFORK) and exec, on a 4 KiB stack inside
// the parent's frame: raw syscalls on the prepared values only, no allocation, no writes to
// the parent's memory, no exceptions (see the Qt 6.4 notes in the README). It never returns:
// it execs the task or exits 127 after reporting the failing step.
//
// Not instrumented by AddressSanitizer, for that reason: ASan poisons a function's frame on
// entry and unpoisons it on return, and this one never returns, so the poison would stay on
// the parent's stack, where the child's stack lives, and fail the parent later.
//
// setsid() rather than setpgid(0,0): both give the task a process group of its own, but a new
// session also detaches it from the terminal we may run in. A task that opens /dev/tty then
// fails at once (ENXIO) instead of hanging stopped on SIGTTIN/SIGTTOU as a background group of
// our terminal would, and a terminal hang-up reaches us, not the task, so that we stop it the
// same careful way as for any other reason. The session id also marks every process of the
// task that changes group without leaving the session.
//
// Joining the run's cgroup comes first, so that everything the task ever starts is in it.
[[noreturn]] __attribute__((no_sanitize_address)) void execTaskInChild(const ChildExec &c)
{
    int step = 0;
    if (c.cgroupFd >= 0 && ::write(c.cgroupFd, "0", 1) != 1)
        step = 7;
    else if (::setsid() < 0)
        step = 1;
    else if (c.ttyFd >= 0 && ::ioctl(c.ttyFd, TIOCSCTTY, 0) < 0)
        step = 4;
    else if (::dup2(c.outFd, STDOUT_FILENO) < 0)
        step = 2;
    else if (::dup2(c.errFd, STDERR_FILENO) < 0)
        step = 3;
    else if (c.directoryFd >= 0 && ::fchdir(c.directoryFd) < 0)
        step = 6;
    if (step == 0) {
        ::umask(c.umask); // the user's, not our private one
        // A blocked signal mask survives exec; the task must start with none blocked.
        const unsigned long long noSignals = 0;
        ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &noSignals, nullptr, sizeof noSignals);
        ::execve(c.path, c.argv, c.envp);
        step = 5; // only reached when execve failed
    }
    const ChildSetupError report{step, errno};
    ssize_t ignored = ::write(c.reportFd, &report, sizeof report);
    (void)ignored;
    ::_exit(127);
}

const char *setupStepName(int step)
{
    switch (step) {
    case 1:
        return "setsid";
    case 2:
        return "dup2 stdout";
    case 3:
        return "dup2 stderr";
    case 4:
        return "set the controlling terminal";
    case 5:
        return "execve";
    case 6:
        return "change to the working directory";
    case 7:
        return "join the run's cgroup";
    default:
        return "child set-up";
    }
}

} // namespace

TaskRun::TaskRun(TaskSpec spec, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
{
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeoutTimer, &QTimer::timeout, this,
            [this] { beginStop(StopReason::Timeout, true); });
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_graceTimer, &QTimer::timeout, this, &TaskRun::escalateToKill);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, &TaskRun::onDrainDeadline);

    m_marker = QByteArrayLiteral("TASKRUNNER_RUN_ID=") + QByteArray::number(::getpid()) + '-'
               + QByteArray::number(++g_runCounter) + '-'
               + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
}

TaskRun::~TaskRun()
{
    if (isLive() && m_leaderPid) {
        // Last resort: nobody waited for us. Kill, never wait: the QProcess destructor reaps
        // the main process (already dying), and what was adopted is reaped by the supervisor
        // (or, with cgroups, by init).
        qCWarning(lcRun) << "TaskRun destroyed while live; killing its processes";
        signalEverything(SIGKILL);
    }
    if (m_process && m_process->state() != QProcess::NotRunning) {
        // ~QProcess would block up to 30 s in waitForFinished(); let the killed process be
        // reaped by the event loop instead, and the QProcess go with it.
        QObject::disconnect(m_process, nullptr, this, nullptr);
        m_process->setParent(nullptr);
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
    }
    if (m_leaderPidfd >= 0)
        ::close(m_leaderPidfd);
    m_containment.reset();
    liveRuns().remove(this);
}

std::chrono::milliseconds TaskRun::elapsed() const
{
    if (m_state == State::Finished)
        return m_result.duration;
    return std::chrono::milliseconds(m_clock.isValid() ? m_clock.elapsed() : 0);
}

qint64 TaskRun::graceRemainingMs() const
{
    return m_graceTimer.isActive() ? m_graceTimer.remainingTime() : -1;
}

qint64 TaskRun::timeoutRemainingMs() const
{
    if (m_timeoutTimer.isActive())
        return m_timeoutTimer.remainingTime();
    return m_state == State::Paused ? m_timeoutLeftMs : -1;
}

void TaskRun::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void TaskRun::failToStart(StartFailure failure, const QString &text)
{
    qCDebug(lcRun) << "failed to start:" << text;
    m_result.outcome = RunOutcome::FailedToStart;
    m_result.startFailure = failure;
    m_result.errorText = text;
    // finished() is queued: whoever called start() can still connect to it, and receives it
    // exactly once, as for any other run.
    QMetaObject::invokeMethod(this, &TaskRun::finish, Qt::QueuedConnection);
    m_finishQueued = true;
}

void TaskRun::start()
{
    if (m_state != State::NotStarted) {
        qCWarning(lcRun) << "start() on a run that was started already";
        return;
    }
    m_clock.start();
    setState(State::Starting);
    m_exec = std::make_unique<ExecPlan>();
    if (!m_exec->prepare(m_spec, m_marker)) {
        failToStart(m_exec->failure(), m_exec->errorText());
        return;
    }
    m_program = ByteText::displayable(m_exec->pathBytes());
    QString containmentError;
    // A limit is applied or the run does not start: never a run without the limit it asks for.
    if (!ContainmentBackend::canApplyLimits(m_spec.limits, &containmentError)) {
        failToStart(StartFailure::Other, containmentError);
        return;
    }
    m_containment = ContainmentBackend::createFor(this, m_marker, &containmentError);
    if (!m_containment) {
        failToStart(StartFailure::Other, containmentError);
        return;
    }
    m_result.containment = m_containment->kind() == RunContainment::Kind::Cgroup
                               ? QStringLiteral("cgroup")
                               : QStringLiteral("proc");
    // Before the spawn: the task's first allocation is under them already.
    if (!m_containment->applyLimits(m_spec.limits, &containmentError)) {
        failToStart(StartFailure::Other, containmentError);
        return;
    }
    liveRuns().insert(this);
    m_stdout = new OutputPipe(this);
    m_stderr = new OutputPipe(this);
    int setupPipe[2] = {-1, -1};
    int ptySlave = -1;
    if (m_spec.usePty) {
        if (!openPty(&ptySlave)) {
            failToStart(StartFailure::Other,
                        QStringLiteral("could not open a pseudo-terminal: %1")
                            .arg(QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
    } else if (!m_stdout->open() || !m_stderr->open()) {
        failToStart(StartFailure::Other, QStringLiteral("could not create pipes: %1")
                                             .arg(QString::fromLocal8Bit(std::strerror(errno))));
        return;
    }
    if (::pipe2(setupPipe, O_CLOEXEC) != 0) {
        failToStart(StartFailure::Other, QStringLiteral("could not create pipes: %1")
                                             .arg(QString::fromLocal8Bit(std::strerror(errno))));
        return;
    }
    connect(m_stdout, &OutputPipe::chunkRead, this,
            [this](const QByteArray &data) { Q_EMIT outputReceived(OutputChannel::Stdout, data); });
    connect(m_stderr, &OutputPipe::chunkRead, this,
            [this](const QByteArray &data) { Q_EMIT outputReceived(OutputChannel::Stderr, data); });
    connect(m_stdout, &OutputPipe::finished, this, &TaskRun::checkFinished);
    connect(m_stderr, &OutputPipe::finished, this, &TaskRun::checkFinished);

    m_process = new QProcess(this);
    // Only for QProcess's bookkeeping: the child modifier below execs the task itself, from
    // the ExecPlan's bytes, and never returns to QProcess's own execve().
    m_process->setProgram(m_program);

    // QProcess's own channels go nowhere; ours are dup2'ed over them in the child.
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    switch (m_spec.stdinMode) {
    case TaskSpec::StdinMode::Null:
        m_process->setStandardInputFile(QProcess::nullDevice());
        break;
    case TaskSpec::StdinMode::Inherit:
        m_process->setInputChannelMode(QProcess::ForwardedInputChannel);
        break;
    case TaskSpec::StdinMode::Pipe:
        connect(m_process, &QProcess::bytesWritten, this, &TaskRun::stdinBytesWritten);
        break;
    }

    // The child execs the task itself (see ExecPlan for why, execTaskInChild for how).
    ChildExec child;
    child.outFd = m_spec.usePty ? ptySlave : m_stdout->writeEnd();
    child.errFd = m_spec.usePty ? ptySlave : m_stderr->writeEnd();
    child.ttyFd = ptySlave;
    child.reportFd = setupPipe[1];
    child.directoryFd = m_exec->directoryFd();
    child.cgroupFd = m_containment->joinFd();
    child.umask = ProcessHygiene::userUmask();
    child.path = m_exec->path();
    child.argv = m_exec->argv();
    child.envp = m_exec->envp();
    m_process->setChildProcessModifier([child] { execTaskInChild(child); });

    connect(m_process, &QProcess::finished, this, &TaskRun::onLeaderFinished);
    // Guarded from the spawn on: should we die now, the guardian kills what carries the marker.
    RunGuardian::instance()->registerRun(m_marker);
    m_process->start(QIODevice::ReadWrite);

    // On Linux >= 5.4 QProcess spawns with CLONE_VFORK: the child has exec'd (or failed) by
    // the time start() returns, so the set-up report is complete now.
    ::close(setupPipe[1]);
    m_stdout->closeWriteEnd();
    m_stderr->closeWriteEnd();
    if (ptySlave >= 0)
        ::close(ptySlave); // the child has its copies; ours would keep the master from EOF
    ChildSetupError report{0, 0};
    const ssize_t got = ::read(setupPipe[0], &report, sizeof report);
    ::close(setupPipe[0]);

    m_exec->release(); // the child has changed directory, or failed to
    if (got == ssize_t(sizeof report)) {
        // The child exits 127 right away; record why, and let the normal path reap it.
        if (report.step == 5) {
            const ProgramResolution why = describeExecFailure(m_exec->pathBytes(), report.error);
            m_result.startFailure = why.failure;
            m_result.errorText = why.errorText;
        } else {
            m_result.startFailure
                = report.step == 6 ? StartFailure::BadWorkingDirectory : StartFailure::Other;
            if (report.step == 7)
                qCWarning(lcRun) << "the child could not join its cgroup:"
                                 << std::strerror(report.error);
            m_result.errorText = QStringLiteral("could not set up the task (%1): %2")
                                     .arg(QLatin1String(setupStepName(report.step)),
                                          QString::fromLocal8Bit(std::strerror(report.error)));
        }
    }
    if (m_process->state() == QProcess::NotRunning) {
        onLeaderFailedToStart();
        return;
    }
    // The pid is valid now (the child exists, maybe only as a zombie of a failed exec), and
    // stays pinned until QProcess reaps it.
    m_leaderPid = pid_t(m_process->processId());
    m_leaderPidfd = ProcessSignaller::openPidfd(m_leaderPid);
    m_containment->leaderSpawned(m_leaderPid);
    RunGuardian::instance()->registerRun(m_marker, m_leaderPid); // and its session and group
    // Qt learns whether exec succeeded from its own pipe, on the next event-loop turn:
    // started() or errorOccurred(FailedToStart) follows.
    connect(m_process, &QProcess::started, this, &TaskRun::onLeaderStarted);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && m_state == State::Starting)
            onLeaderFailedToStart();
    });
}

bool TaskRun::openPty(int *slave)
{
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return false;
    if (::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        ::close(master);
        return false;
    }
#ifdef TIOCGPTPEER
    *slave = ::ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
#else
    *slave = -1;
#endif
    if (*slave < 0) { // kernels before 4.13
        char name[128];
        if (::ptsname_r(master, name, sizeof name) == 0)
            *slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    }
    if (*slave < 0) {
        ::close(master);
        return false;
    }
    // Many programs misbehave on a 0x0 terminal.
    winsize size{};
    size.ws_col = 160;
    size.ws_row = 50;
    ::ioctl(*slave, TIOCSWINSZ, &size);
    m_stdout->adoptReadEnd(master);
    m_stderr->abandon(); // merged: everything arrives on the master, as Stdout
    return true;
}

void TaskRun::onLeaderFailedToStart()
{
    const QString why = m_process->errorString();
    if (m_containment)
        m_containment->release();
    m_leaderPid = 0;
    if (m_leaderPidfd >= 0) {
        ::close(m_leaderPidfd);
        m_leaderPidfd = -1;
    }
    m_stdout->abandon();
    m_stderr->abandon();
    failToStart(classifyExecFailure(why), QStringLiteral("%1: %2").arg(m_program, why));
}

void TaskRun::onLeaderStarted()
{
    connect(m_containment.get(), &RunContainment::changed, this, &TaskRun::onScanned);

    m_stdout->startReading();
    m_stderr->startReading();
    if (m_result.startFailure != StartFailure::None)
        return; // our exec failed in the child: it exits 127 now, and finished() says why
    if (m_state == State::Starting) { // not when stop() or kill() came first
        if (m_spec.timeout.count() > 0)
            m_timeoutTimer.start(m_spec.timeout);
        setState(State::Running);
    }
    Q_EMIT started();
}

void TaskRun::writeStdin(const QByteArray &data)
{
    if (m_process && m_spec.stdinMode == TaskSpec::StdinMode::Pipe
        && m_process->state() != QProcess::NotRunning)
        m_process->write(data);
}

void TaskRun::setOutputPaused(bool paused)
{
    if (m_stdout)
        m_stdout->setPaused(paused);
    if (m_stderr)
        m_stderr->setPaused(paused);
}

void TaskRun::closeStdin()
{
    if (m_process && m_spec.stdinMode == TaskSpec::StdinMode::Pipe)
        m_process->closeWriteChannel();
}

void TaskRun::pause()
{
    if (m_state != State::Running || !m_containment)
        return;
    if (m_timeoutTimer.isActive()) {
        m_timeoutLeftMs = m_timeoutTimer.remainingTime();
        m_timeoutTimer.stop();
    }
    m_frozenByCgroup = m_containment->setFrozen(true);
    if (!m_frozenByCgroup)
        signalEverything(SIGSTOP);
    setState(State::Paused);
}

void TaskRun::resume()
{
    if (m_state != State::Paused)
        return;
    thaw();
    if (m_timeoutLeftMs >= 0)
        m_timeoutTimer.start(int(m_timeoutLeftMs));
    m_timeoutLeftMs = -1;
    setState(State::Running);
}

void TaskRun::thaw()
{
    if (m_frozenByCgroup)
        m_containment->setFrozen(false);
    else
        signalEverything(SIGCONT);
    m_frozenByCgroup = false;
}

void TaskRun::stop()
{
    beginStop(StopReason::User, m_spec.gracePeriod.count() > 0);
}

void TaskRun::kill()
{
    beginStop(StopReason::UserKill, false);
}

void TaskRun::beginStop(StopReason reason, bool graceful)
{
    if (!isLive() || m_finishQueued || !m_leaderPid)
        return;
    // The reason is what the user learns: only a stop that ended the main process counts.
    // Stopping the leftovers of a task that already exited keeps the task's own outcome.
    if (!m_leaderFinished) {
        if (m_stopReason == StopReason::None || m_stopReason == StopReason::Leftovers
            || (reason == StopReason::UserKill && m_stopReason == StopReason::User))
            m_stopReason = reason;
    } else if (m_stopReason == StopReason::None) {
        m_stopReason = StopReason::Leftovers;
    }
    m_timeoutTimer.stop();
    m_containment->setUrgent(true);
    if (m_state == State::Paused) {
        // A frozen process cannot act on SIGTERM; SIGKILL would reach it, but the grace period
        // is its chance to clean up.
        thaw();
        m_timeoutLeftMs = -1;
    }
    setState(State::Stopping);

    if (!graceful || m_spec.gracePeriod.count() == 0) {
        escalateToKill();
        return;
    }
    if (m_stopPhase != StopPhase::None)
        return; // already terminating or killing
    m_stopPhase = StopPhase::Terminating;
    qCDebug(lcRun) << "terminating run" << m_leaderPid;
    signalEverything(SIGTERM);
    // A stopped process cannot act on SIGTERM until it is continued.
    signalEverything(SIGCONT);
    m_graceTimer.start(m_spec.gracePeriod);
    checkFinished();
}

void TaskRun::escalateToKill()
{
    if (m_stopPhase == StopPhase::Killing)
        return;
    m_graceTimer.stop();
    m_stopPhase = StopPhase::Killing;
    qCDebug(lcRun) << "killing run" << m_leaderPid;
    signalEverything(SIGKILL);
    // A consumer that paused the output (its disk is behind, maybe stuck) must not keep a
    // killed run from ending: with everything dying, what is left to read is bounded by the
    // pipes' size, and reading it to the end is how the run learns that its output is over.
    setOutputPaused(false);
    checkFinished();
}

void TaskRun::signalNow(int signal)
{
    if (isLive() && m_leaderPid)
        signalEverything(signal);
}

void TaskRun::signalEverything(int signal, const QVector<ProcessInfo> *fresh)
{
    // The group in one kernel call, which a fork cannot outrun; then, one by one through
    // pidfds, each process of the run that is no longer in the group (the escapees).
    const QVector<ProcessInfo> members = fresh ? *fresh : m_containment->membersNow();
    // Where the kernel can kill the whole run at once (cgroup.kill), that is the kill, forks
    // during it included; the members are still counted below.
    const bool killedAtOnce = signal == SIGKILL && m_containment->killAll();
    if (m_leaderPid && !killedAtOnce)
        ProcessSignaller::signalGroup(m_leaderPidfd, m_leaderPid, !m_leaderFinished, signal);
    for (const ProcessInfo &process : members) {
        if (process.isZombie())
            continue;
        const auto id = qMakePair(process.pid, process.startTime);
        if (process.pgid == m_leaderPid) {
            m_signalled.insert(id); // reached by the group signal
            continue;
        }
        m_escapees.insert(id); // left the group (and maybe the session)
        if (killedAtOnce || ProcessSignaller::signalProcess(process, signal))
            m_signalled.insert(id);
    }
}

void TaskRun::onLeaderFinished(int exitCode, QProcess::ExitStatus status)
{
    m_leaderFinished = true;
    m_timeoutTimer.stop();
    m_containment->leaderReaped();
    if (status == QProcess::CrashExit) {
        m_result.signal = exitCode; // QProcess reports the terminating signal as the code
        m_result.exitCode = -1;
    } else {
        m_result.exitCode = exitCode;
    }
    const int others = aliveOthers(membersNow());
    if (m_stopPhase == StopPhase::None)
        m_result.leftoversFound = others;
    if (others > 0 && m_stopPhase == StopPhase::None) {
        if (m_spec.leaveLeftovers) {
            // Left running by request: stop reading, so the run can end now. Their later
            // writes fail (EPIPE) - the user asked for them to live on their own.
            m_result.leftoversLeftRunning = true;
            m_stdout->abandon();
            m_stderr->abandon();
        } else {
            qCDebug(lcRun) << others << "processes left behind by" << m_leaderPid;
            beginStop(StopReason::Leftovers, m_spec.gracePeriod.count() > 0);
            return;
        }
    }
    checkFinished();
}

QVector<ProcessInfo> TaskRun::membersNow()
{
    // A scan already made in this turn of the event loop is as good as a new one when it shows
    // nothing of this run alive (its main process included, once that has ended): a process can
    // only start from a live one, so nothing can have started since. When 100 tasks end
    // together this saves some 200 scans of /proc in one turn. When it shows something alive,
    // that may have exited since: look again now.
    if (m_containment->lastMembersAreFresh()) {
        QVector<ProcessInfo> members = m_containment->lastMembers();
        if (aliveOthers(members) == 0)
            return members;
    }
    return m_containment->membersNow();
}

int TaskRun::aliveOthers(const QVector<ProcessInfo> &members) const
{
    int alive = 0;
    for (const ProcessInfo &process : members) {
        if (!process.isZombie() && !(process.pid == m_leaderPid && !m_leaderFinished))
            ++alive;
    }
    return alive;
}

void TaskRun::onScanned()
{
    if (m_state != State::Running && m_state != State::Paused && m_state != State::Stopping)
        return;
    const QVector<ProcessInfo> members = m_containment->lastMembers();
    if (m_stopPhase == StopPhase::Killing) {
        // The kill loop: anything forked since the last sweep gets its SIGKILL too.
        bool anyAlive = false;
        for (const ProcessInfo &process : members)
            anyAlive = anyAlive || !process.isZombie();
        if (anyAlive)
            signalEverything(SIGKILL, &members); // the scan that woke us is fresh
    }
    if (m_stopPhase != StopPhase::None || m_leaderFinished)
        checkFinished();
}

void TaskRun::checkFinished()
{
    if (m_state == State::Finished || m_finishQueued || !m_leaderFinished)
        return;
    if (!m_stdout->isFinished() || !m_stderr->isFinished()) {
        // Nothing we know of is alive, yet something keeps the output open.
        if (aliveOthers(m_containment->lastMembers()) == 0)
            lookForOutputHolders();
        return;
    }
    if (!m_spec.leaveLeftovers || m_stopPhase != StopPhase::None) {
        // Everything must be gone - also what closed its output early (daemons).
        const QVector<ProcessInfo> members = m_containment->lastMembers();
        if (aliveOthers(members) > 0)
            return;
        if (aliveOthers(membersNow()) > 0)
            return;
        if (m_containment->hasPendingUnknown()) {
            m_containment->setUrgent(true); // look again in a few ms
            return;
        }
    }
    finish();
}

void TaskRun::lookForOutputHolders()
{
    // A consumer that paused reading (its disk is behind) is why the output is not at its end
    // yet: the drain deadline only counts while we are reading.
    if (outputPaused()) {
        m_drainTimer.stop();
        return;
    }
    // Rate-limited: this walks the descriptors of every unowned process below us.
    if (m_holderLookClock.isValid() && m_holderLookClock.elapsed() < HolderLookIntervalMs)
        return;
    m_holderLookClock.start();
    const int adopted = m_containment->adoptPipeHolders(outputLinks());
    if (adopted == 0) {
        // The scan just made may show processes of the run after all (a leftover still in its
        // grace period, printing as it cleans up): their output is awaited as ever.
        if (aliveOthers(m_containment->lastMembers()) > 0) {
            m_drainTimer.stop();
            return;
        }
        // A stranger holds it, or the last writer is closing it right now: wait a little for
        // EOF, then stop waiting (onDrainDeadline).
        if (!m_drainTimer.isActive())
            m_drainTimer.start(DrainDeadlineMs);
        return;
    }
    // Ours after all: processes of the run nothing else recognised. Deal with them as with any
    // other process of the run in the phase it is in.
    m_drainTimer.stop();
    const QVector<ProcessInfo> members = m_containment->lastMembers();
    switch (m_stopPhase) {
    case StopPhase::None:
        m_result.leftoversFound += adopted;
        if (m_spec.leaveLeftovers) {
            m_result.leftoversLeftRunning = true;
            m_stdout->abandon();
            m_stderr->abandon();
            checkFinished();
        } else {
            beginStop(StopReason::Leftovers, m_spec.gracePeriod.count() > 0);
        }
        break;
    case StopPhase::Terminating:
        signalEverything(SIGTERM, &members);
        signalEverything(SIGCONT, &members);
        break;
    case StopPhase::Killing:
        signalEverything(SIGKILL, &members);
        break;
    }
}

bool TaskRun::outputPaused() const
{
    return (!m_stdout->isFinished() && m_stdout->isPaused())
           || (!m_stderr->isFinished() && m_stderr->isPaused());
}

QSet<QByteArray> TaskRun::outputLinks() const
{
    QSet<QByteArray> links;
    for (const OutputPipe *pipe : {m_stdout, m_stderr}) {
        if (pipe && !pipe->holderLink().isEmpty())
            links.insert(pipe->holderLink());
    }
    return links;
}

void TaskRun::onDrainDeadline()
{
    if (m_state == State::Finished || m_finishQueued)
        return;
    if (m_stdout->isFinished() && m_stderr->isFinished())
        return;
    if (outputPaused())
        return; // checkFinished() looks again once reading has resumed
    // One last look below us, in case one of ours appeared since.
    m_holderLookClock.invalidate();
    if (m_containment->adoptPipeHolders(outputLinks()) > 0) {
        lookForOutputHolders();
        return;
    }
    if (aliveOthers(m_containment->lastMembers()) > 0)
        return; // ours again: checkFinished() looks again once they are gone
    // Whoever still holds the output is not ours to signal: name it, close our ends, finish.
    for (const PipeHolder &holder : PipeHolders::anywhere(outputLinks())) {
        m_result.outputHolders.append(
            QStringLiteral("pid %1 (%2)").arg(holder.pid).arg(QString::fromLocal8Bit(holder.name)));
    }
    qCDebug(lcRun) << "output of" << m_leaderPid << "still held by" << m_result.outputHolders
                   << "- no longer waiting for it";
    m_stdout->abandon();
    m_stderr->abandon();
    checkFinished();
}

void TaskRun::finish()
{
    Q_ASSERT(m_state != State::Finished);
    if (m_state == State::Finished)
        return;
    m_timeoutTimer.stop();
    m_graceTimer.stop();
    m_drainTimer.stop();
    if (m_leaderPidfd >= 0) {
        ::close(m_leaderPidfd);
        m_leaderPidfd = -1;
    }
    if (m_containment) {
        disconnect(m_containment.get(), nullptr, this, nullptr);
        m_containment->release(m_result.leftoversLeftRunning);
        m_result.usage = m_containment->usage();
        m_result.memoryLimitKills = m_containment->memoryLimitKills();
        m_result.memoryLimitBytes = m_spec.limits.memoryMaxBytes;
    }
    RunGuardian::instance()->unregisterRun(m_marker); // nothing of it is alive
    liveRuns().remove(this);

    m_result.duration = std::chrono::milliseconds(m_clock.isValid() ? m_clock.elapsed() : 0);
    m_result.processesSignalled = int(m_signalled.size());
    m_result.escapeesFound = int(m_escapees.size());
    if (m_result.outcome != RunOutcome::FailedToStart || m_leaderPid) {
        switch (m_stopReason) {
        case StopReason::Timeout:
            m_result.outcome = RunOutcome::TimedOut;
            break;
        case StopReason::User:
            m_result.outcome = RunOutcome::Stopped;
            break;
        case StopReason::UserKill:
            m_result.outcome = RunOutcome::Killed;
            break;
        case StopReason::None:
        case StopReason::Leftovers:
            if (m_result.startFailure != StartFailure::None)
                m_result.outcome = RunOutcome::FailedToStart;
            else
                m_result.outcome = m_result.signal ? RunOutcome::Crashed : RunOutcome::Exited;
            break;
        }
    }
    m_finishQueued = false;
    setState(State::Finished);
    Q_EMIT finished(m_result);
}

ResourceUsage TaskRun::usage() const
{
    if (m_state == State::Finished || !m_containment)
        return m_result.usage;
    return m_containment->usage();
}

RunContainment::Kind TaskRun::containmentKind() const
{
    return m_containment ? m_containment->kind() : ContainmentBackend::active();
}

QVector<ProcessInfo> TaskRun::lastSeenMembers() const
{
    // A cgroup's lastMembers() reads /proc: not what a caller that must not wait wants.
    if (!m_containment || m_containment->kind() != RunContainment::Kind::ProcScan)
        return {};
    return m_containment->lastMembers();
}

QString TaskRun::memberListPath() const
{
    return m_containment ? m_containment->memberListPath() : QString();
}

void TaskRun::stopAllAtExit()
{
    // Registered once; at exit it finds whatever runs are live then. Objects with static
    // storage made after std::atexit() registers us are destroyed before we run: make the ones
    // a stop uses now.
    static const bool registered = [] {
        liveRuns();
        lcRun();
        lcSupervisor();
        std::atexit([] { stopAllNow(AtExitGraceMs); });
        return true;
    }();
    (void)registered;
}

void TaskRun::stopAllNow(int graceMs)
{
    const QSet<TaskRun *> runs = liveRuns();
    if (runs.isEmpty())
        return;
    std::fprintf(stderr, "taskrunner: ending with %d live runs: stopping them first\n",
                 int(runs.size()));
    const auto anyAlive = [&runs] {
        for (TaskRun *run : runs) {
            if (!run->m_containment)
                continue;
            for (const ProcessInfo &process : run->m_containment->membersNow()) {
                if (!process.isZombie())
                    return true;
            }
        }
        return false;
    };
    const auto signalAll = [&runs](int signal) {
        for (TaskRun *run : runs)
            run->signalNow(signal);
    };
    // Polling, because no event loop will tell us: this is the program's last act.
    const auto waitUntilGone = [&](int ms) {
        QElapsedTimer clock;
        clock.start();
        while (anyAlive()) {
            if (clock.elapsed() >= ms)
                return false;
            ::usleep(10'000);
        }
        return true;
    };
    if (graceMs > 0) {
        signalAll(SIGTERM);
        signalAll(SIGCONT);
        if (waitUntilGone(graceMs))
            return;
    }
    // SIGKILL again at every look: a fork storm cannot outrun it. Bounded, as a stuck (D state)
    // process cannot be helped and the program must still end.
    QElapsedTimer clock;
    clock.start();
    do {
        signalAll(SIGKILL);
    } while (!waitUntilGone(50) && clock.elapsed() < 5000);
}
