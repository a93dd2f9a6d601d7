#include "runguardian.h"

#include "bytetext.h"
#include "processsignaller.h"
#include "processtable.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

Q_LOGGING_CATEGORY(lcGuardian, "taskrunner.core.guardian", QtWarningMsg)

namespace {

RunGuardian *g_instance = nullptr;
QSet<pid_t> g_guardianPids; // every guardian of ours not reaped yet (main thread only)

// What may wait in memory for a guardian that does not read: far more than any number of runs
// needs. Beyond it the guardian is taken as stuck, and replaced.
constexpr qsizetype MaxPending = 4 << 20;

const QByteArray MarkerPrefix = QByteArrayLiteral("TASKRUNNER_RUN_ID=");

bool isMarker(const QByteArray &entry)
{
    if (!entry.startsWith(MarkerPrefix) || entry.size() <= MarkerPrefix.size())
        return false;
    return std::none_of(entry.cbegin(), entry.cend(),
                        [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\0'; });
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

RunGuardian *RunGuardian::instance()
{
    if (!g_instance) {
        g_instance = new RunGuardian(QString(), QCoreApplication::instance());
        // The event loop ends once every run has: say bye then. A program that ends another way
        // (_exit, a crash) says nothing, and the guardian kills what is still registered.
        if (QCoreApplication::instance())
            connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, g_instance,
                    &RunGuardian::shutdown);
    }
    return g_instance;
}

RunGuardian::RunGuardian(const QString &program, QObject *parent)
    : QObject(parent)
    , m_program(program.isEmpty() ? defaultProgram() : program)
{}

RunGuardian::~RunGuardian()
{
    closeConnection();
    // A guardian not reaped by now is reparented to init when we exit.
    for (auto it = m_exitWatches.cbegin(); it != m_exitWatches.cend(); ++it) {
        delete it.value();
        ::close(it.key());
    }
    if (g_instance == this)
        g_instance = nullptr;
}

QString RunGuardian::defaultProgram()
{
    const QByteArray overridden = qgetenv("TASKRUNNER_GUARDIAN");
    if (!overridden.isEmpty())
        return ByteText::decode(overridden);
    return QCoreApplication::applicationDirPath() + QLatin1String("/taskrunner-guardian");
}

bool RunGuardian::isGuardianProcess(pid_t pid)
{
    return g_guardianPids.contains(pid);
}

void RunGuardian::registerRun(const QByteArray &markerEntry, pid_t leaderPid,
                              quint64 leaderStartTime)
{
    if (!isMarker(markerEntry)) {
        qCWarning(lcGuardian) << "not a run marker, not registered:" << markerEntry;
        return;
    }
    if (m_status == Status::ShutDown)
        return;
    Record record;
    if (leaderPid > 0) {
        record.leader = leaderPid;
        record.startTime = leaderStartTime;
        if (record.startTime == 0) {
            // The caller has not reaped it (QProcess only does so from the event loop), so the
            // number is still this process's, if only as a zombie.
            const std::optional<ProcessInfo> leader = ProcessTable::readProcess(leaderPid);
            if (leader)
                record.startTime = leader->startTime;
            else
                record.leader = 0; // gone: its marker is all there is to go by
        }
    }
    m_runs.insert(markerEntry, record);
    if (ensureStarted())
        send(runLine(markerEntry, record));
}

void RunGuardian::unregisterRun(const QByteArray &markerEntry)
{
    if (m_runs.remove(markerEntry) > 0 && m_status == Status::Running)
        send("done " + markerEntry + '\n');
}

void RunGuardian::setInstanceCgroup(const QString &directory)
{
    const QByteArray bytes = ByteText::encode(directory);
    if (bytes.contains('\n') || bytes.contains('\0')
        || (!bytes.isEmpty() && !bytes.startsWith('/'))) {
        qCWarning(lcGuardian) << "not a cgroup directory the guardian can be told:" << directory;
        return;
    }
    m_cgroup = bytes;
    if (m_status == Status::Running)
        send(cgroupLine());
}

void RunGuardian::shutdown()
{
    if (m_status == Status::ShutDown)
        return;
    if (m_status == Status::Running) {
        if (m_runs.isEmpty()) {
            send(QByteArrayLiteral("bye\n"));
        } else {
            qCWarning(lcGuardian).noquote()
                << QStringLiteral("%1 run(s) still live at exit: the guardian stops them")
                       .arg(m_runs.size());
        }
    }
    closeConnection();
    setStatus(Status::ShutDown);
}

bool RunGuardian::ensureStarted()
{
    if (m_status == Status::Running)
        return true;
    if (m_status != Status::Idle)
        return false;
    QString error;
    if (!spawn(&error)) {
        giveUp(error);
        return false;
    }
    setStatus(Status::Running);
    if (!m_cgroup.isEmpty())
        send(cgroupLine());
    return true;
}

bool RunGuardian::spawn(QString *error)
{
    const QFileInfo program(m_program);
    if (!program.isFile() || !program.isExecutable()) {
        *error = QStringLiteral("%1 is missing (or not executable): runs are not stopped if "
                                "taskrunner itself is killed")
                     .arg(m_program);
        return false;
    }
    const std::optional<ProcessInfo> self = ProcessTable::readProcess(::getpid());
    if (!self) {
        *error = QStringLiteral("cannot read this process's start time from /proc");
        return false;
    }
    int ends[2] = {-1, -1};
    // A socket rather than a pipe: send(MSG_NOSIGNAL) fails with EPIPE instead of raising
    // SIGPIPE, whatever this program does with that signal. Close-on-exec: a task that inherited
    // our end would keep the guardian from ever seeing it close.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        *error = QStringLiteral("cannot make a socket pair for the guardian: %1")
                     .arg(errnoText(errno));
        return false;
    }
    ::fcntl(ends[0], F_SETFL, ::fcntl(ends[0], F_GETFL) | O_NONBLOCK);

    const QByteArray path = ByteText::encode(m_program);
    const QByteArray pidText = QByteArray::number(::getpid());
    const QByteArray startText = QByteArray::number(self->startTime);
    char *const argv[] = {const_cast<char *>(path.constData()), const_cast<char *>("--runner"),
                          const_cast<char *>(pidText.constData()),
                          const_cast<char *>(startText.constData()), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, ends[1], STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    // stderr stays ours: what the guardian says after we died is for our user to read.
    // Nothing else: a descriptor of a run's output held by the guardian would keep that run
    // from its end.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A process group of its own from the start, in our session: a Ctrl+C (or a terminal's
    // hang-up) for our foreground group never reaches it. Not a session of its own: a child of
    // ours in another session is what ProcessSupervisor takes for a task's orphan.
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    // An environment of nothing but the marker of a run we may be part of ourselves (a CLI run
    // as a task of another taskrunner): that runner then counts the guardian among its run's
    // processes. Nothing else: whatever else marks us (a test's probe, say) is not the guardian's.
    QByteArrayList markers;
    for (char **entry = environ; entry && *entry; ++entry) {
        if (QByteArrayView(*entry).startsWith(MarkerPrefix))
            markers.append(QByteArray(*entry));
    }
    std::vector<char *> envp;
    for (const QByteArray &entry : std::as_const(markers))
        envp.push_back(const_cast<char *>(entry.constData()));
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int spawned
        = ::posix_spawn(&pid, path.constData(), &actions, &attributes, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(ends[1]);
    if (spawned != 0) {
        ::close(ends[0]);
        *error = QStringLiteral("cannot start %1: %2").arg(m_program, errnoText(spawned));
        return false;
    }

    m_socket = ends[0];
    m_pid = pid;
    g_guardianPids.insert(pid);
    m_writeNotifier = new QSocketNotifier(m_socket, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &RunGuardian::flush);

    // Its end, whenever it comes, is seen on a pidfd: it is reaped then (it is our child), and
    // another one started if it went while it was still needed.
    const int pidfd = ProcessSignaller::openPidfd(pid);
    m_pidfd = pidfd;
    if (pidfd >= 0) {
        auto *exited = new QSocketNotifier(pidfd, QSocketNotifier::Read, this);
        m_exitWatches.insert(pidfd, exited);
        connect(exited, &QSocketNotifier::activated, this, [this, exited, pid, pidfd] {
            m_exitWatches.remove(pidfd);
            if (pidfd == m_pidfd)
                m_pidfd = -1;
            exited->setEnabled(false); // unwatched before its descriptor closes
            exited->deleteLater();
            ::close(pidfd);
            siginfo_t info{};
            ::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG); // pinned until reaped
            g_guardianPids.remove(pid);
            if (pid == m_pid)
                onGuardianExited();
        });
    }
    qCDebug(lcGuardian) << "started" << m_program << "as pid" << pid;
    return true;
}

void RunGuardian::send(const QByteArray &line)
{
    if (m_socket < 0)
        return;
    if (!m_pending.isEmpty()) {
        m_pending += line;
        if (m_pending.size() > MaxPending)
            lose(QStringLiteral("does not read what it is told"));
        return;
    }
    const ssize_t sent
        = ::send(m_socket, line.constData(), size_t(line.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent == line.size())
        return;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        lose(QStringLiteral("cannot be written to (%1)").arg(errnoText(errno)));
        return;
    }
    m_pending = line.mid(std::max<qsizetype>(0, sent));
    m_writeNotifier->setEnabled(true);
}

void RunGuardian::flush()
{
    while (m_socket >= 0 && !m_pending.isEmpty()) {
        const ssize_t sent = ::send(m_socket, m_pending.constData(), size_t(m_pending.size()),
                                    MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                lose(QStringLiteral("cannot be written to (%1)").arg(errnoText(errno)));
            return; // EAGAIN: the notifier calls again
        }
        m_pending.remove(0, sent);
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

void RunGuardian::onGuardianExited()
{
    if (m_status != Status::Running)
        return; // after bye, or given up on: expected
    lose(QStringLiteral("has exited"));
}

void RunGuardian::lose(const QString &why)
{
    const pid_t old = m_pid;
    // One still alive (it stopped reading) must not see its input end: it would kill our runs,
    // which live on. It is our child, not reaped: its pidfd is the process.
    if (m_pidfd >= 0)
        ::syscall(SYS_pidfd_send_signal, m_pidfd, SIGKILL, nullptr, 0);
    closeConnection();
    if (m_restarts >= 1) {
        giveUp(QStringLiteral("the guardian (pid %1) %2 again: runs are no longer stopped if "
                              "taskrunner itself is killed")
                   .arg(old)
                   .arg(why));
        return;
    }
    ++m_restarts;
    qCWarning(lcGuardian).noquote()
        << QStringLiteral("the guardian (pid %1) %2; starting another").arg(old).arg(why);
    QString error;
    if (!spawn(&error)) {
        giveUp(error);
        return;
    }
    // Everything it has to know, again.
    if (!m_cgroup.isEmpty())
        send(cgroupLine());
    for (auto it = m_runs.cbegin(); it != m_runs.cend(); ++it)
        send(runLine(it.key(), it.value()));
}

void RunGuardian::closeConnection()
{
    if (m_socket >= 0) {
        // Whatever could not be written yet is worth one last try: a "bye" lost here would
        // make the guardian kill.
        if (!m_pending.isEmpty())
            ::send(m_socket, m_pending.constData(), size_t(m_pending.size()),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
        delete m_writeNotifier;
        m_writeNotifier = nullptr;
        ::close(m_socket);
        m_socket = -1;
    }
    m_pending.clear();
    m_pid = 0; // the pidfd's notifier still reaps it when it ends
    m_pidfd = -1;
}

void RunGuardian::giveUp(const QString &why)
{
    closeConnection();
    if (m_status == Status::Unavailable)
        return;
    qCWarning(lcGuardian).noquote() << why;
    setStatus(Status::Unavailable);
}

void RunGuardian::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

QByteArray RunGuardian::runLine(const QByteArray &marker, const Record &record)
{
    return "run " + marker + ' ' + QByteArray::number(record.leader) + ' '
           + QByteArray::number(record.startTime) + '\n';
}

QByteArray RunGuardian::cgroupLine() const
{
    return m_cgroup.isEmpty() ? QByteArrayLiteral("nocgroup\n") : "cgroup " + m_cgroup + '\n';
}
