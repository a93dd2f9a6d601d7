#include "systemdscope.h"

#include "cgroupfiles.h"
#include "cgrouphierarchy.h"

#include <QDBusError>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>

#include <memory>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSystemd, "taskrunner.platform.systemd")

namespace {

const QString &service()
{
    static const QString name = QStringLiteral("org.freedesktop.systemd1");
    return name;
}
const QString &managerPath()
{
    static const QString path = QStringLiteral("/org/freedesktop/systemd1");
    return path;
}
const QString &managerInterface()
{
    static const QString name = QStringLiteral("org.freedesktop.systemd1.Manager");
    return name;
}

QString describe(const QDBusError &error)
{
    const QString name = error.name();
    const QString text = QStringLiteral("%1 (%2)").arg(error.message(), name);
    switch (error.type()) {
    case QDBusError::ServiceUnknown:
        return QStringLiteral("no systemd user manager on the session bus: %1").arg(text);
    case QDBusError::NoReply:
    case QDBusError::Timeout:
    case QDBusError::TimedOut:
        return QStringLiteral("systemd did not answer: %1").arg(text);
    case QDBusError::Disconnected:
    case QDBusError::NoServer:
        return QStringLiteral("no session bus: %1").arg(text);
    default:
        if (name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner"))
            return QStringLiteral("no systemd user manager on the session bus: %1").arg(text);
        return QStringLiteral("systemd refused: %1").arg(text);
    }
}

SystemdProperty unitProperty(const char *name, const QVariant &value)
{
    return {QString::fromLatin1(name), QDBusVariant(value)};
}

} // namespace

SystemdScope::Result SystemdScope::moveThisProcess()
{
    return moveThisProcess(Request());
}

SystemdScope::Result SystemdScope::moveThisProcess(const Request &request)
{
    QString problem;
    const QString address = sessionBusAddress(&problem);
    if (address.isEmpty())
        return {QString(), QString(), QStringLiteral("no session bus: %1").arg(problem)};
    SystemdTypes::registerTypes();

    // The worker writes its answer here; read only once it has finished. A worker given up on
    // keeps its own reference and ends on its own (its deadline is shorter than our wait).
    auto answer = std::make_shared<Result>();
    static QAtomicInt connections;
    const QString connectionName
        = QStringLiteral("taskrunner-systemd-scope-%1").arg(connections.fetchAndAddRelaxed(1));
    QThread *thread = QThread::create([request, answer, address, connectionName] {
        {
            QDBusConnection bus = QDBusConnection::connectToBus(address, connectionName);
            if (!bus.isConnected()) {
                answer->error = QStringLiteral("no session bus: %1").arg(bus.lastError().message());
            } else {
                SystemdScope scope(bus, request);
                QEventLoop loop;
                QObject::connect(&scope, &SystemdScope::finished, &loop, &QEventLoop::quit);
                scope.start();
                loop.exec();
                *answer = scope.result();
            }
        }
        QDBusConnection::disconnectFromBus(connectionName);
    });
    thread->setObjectName(QStringLiteral("systemd scope"));
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
    // Connecting is not covered by the worker's deadline (a stopped bus daemon would keep its
    // Hello waiting for 25 s): give it a second more, then go on without.
    const int waitMs = request.timeoutMs + 1000;
    if (!thread->wait(QDeadlineTimer(waitMs))) {
        return {QString(), QString(),
                QStringLiteral("no session bus: it did not answer within %1 ms").arg(waitMs)};
    }
    return *answer;
}

SystemdScope::SystemdScope(const QDBusConnection &bus, const Request &request, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_request(request)
{
    SystemdTypes::registerTypes();
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer); // a coarse one may fire 5% early
    connect(&m_deadline, &QTimer::timeout, this, &SystemdScope::onDeadline);
}

void SystemdScope::start()
{
    Q_ASSERT(!m_listening && !m_finished);
    m_deadline.start(m_request.timeoutMs);
    if (!m_bus.isConnected()) {
        finish(QStringLiteral("no session bus: %1").arg(m_bus.lastError().message()));
        return;
    }
    // Before the call: the job may end before its reply reaches us.
    m_listening
        = m_bus.connect(service(), managerPath(), managerInterface(), QStringLiteral("JobRemoved"),
                        this, SLOT(onJobRemoved(uint, QDBusObjectPath, QString, QString)));
    if (!m_listening) {
        finish(QStringLiteral("no session bus: cannot listen for systemd's JobRemoved: %1")
                   .arg(m_bus.lastError().message()));
        return;
    }
    attempt();
}

void SystemdScope::attempt()
{
    ++m_attempts;
    m_job.clear();
    m_result.unit = newUnitName();
    QDBusMessage call = QDBusMessage::createMethodCall(service(), managerPath(), managerInterface(),
                                                       QStringLiteral("StartTransientUnit"));
    call.setAutoStartService(false); // a systemd that is not running is not to be started by us
    call << m_result.unit << QStringLiteral("fail")
         << QVariant::fromValue(scopeProperties(m_request, ::getpid()))
         << QVariant::fromValue(SystemdAuxUnits());
    qCDebug(lcSystemd).noquote() << "asking for" << m_result.unit;
    // The call's own timeout a little later than ours, so that a silent systemd is reported
    // by onDeadline(), in the same words whichever step it is silent in.
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, remainingMs() + 1000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &SystemdScope::onReply);
}

void SystemdScope::onReply(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    if (m_finished)
        return;
    const QDBusPendingReply<QDBusObjectPath> reply = *watcher;
    if (reply.isError()) {
        const QDBusError error = reply.error();
        if (error.name() == QLatin1String("org.freedesktop.systemd1.UnitExists")
            && m_attempts < m_request.attempts) {
            qCInfo(lcSystemd).noquote() << m_result.unit << "exists; asking with another name";
            attempt();
            return;
        }
        finish(describe(error));
        return;
    }
    m_job = reply.value().path();
    const auto ended = m_endedJobs.constFind(m_job);
    if (ended != m_endedJobs.cend()) {
        jobEnded(ended.value());
        return;
    }
    m_endedJobs.clear(); // others' jobs, from before ours was known
}

void SystemdScope::onJobRemoved(uint, const QDBusObjectPath &job, const QString &,
                                const QString &result)
{
    if (m_finished)
        return;
    if (m_job.isEmpty())
        m_endedJobs.insert(job.path(), result);
    else if (job.path() == m_job)
        jobEnded(result);
}

void SystemdScope::jobEnded(const QString &result)
{
    if (result != QLatin1String("done")) {
        finish(QStringLiteral("systemd refused: its job starting %1 ended \"%2\", not \"done\"")
                   .arg(m_result.unit, result));
        return;
    }
    finish(QString());
}

void SystemdScope::onDeadline()
{
    if (m_finished)
        return;
    const QString what
        = m_job.isEmpty() ? QStringLiteral("no reply to StartTransientUnit(%1)").arg(m_result.unit)
                          : QStringLiteral("no JobRemoved for its job %1").arg(m_job);
    finish(QStringLiteral("systemd did not answer within %1 ms: %2")
               .arg(m_request.timeoutMs)
               .arg(what));
}

void SystemdScope::finish(const QString &error)
{
    Q_ASSERT(!m_finished);
    m_finished = true;
    m_deadline.stop();
    if (m_listening) {
        m_bus.disconnect(service(), managerPath(), managerInterface(), QStringLiteral("JobRemoved"),
                         this, SLOT(onJobRemoved(uint, QDBusObjectPath, QString, QString)));
        m_listening = false;
    }
    m_result.error = error;
    if (error.isEmpty()) {
        // Trust the kernel, not the reply: where are we now?
        const std::optional<QString> path = CgroupHierarchy::parseOwnPath(
            CgroupFiles::read(QStringLiteral("/proc/self/cgroup")).value_or(QByteArray()));
        m_result.path = path.value_or(QString());
        if (!m_result.path.endsWith(QLatin1Char('/') + m_result.unit)) {
            m_result.error
                = QStringLiteral("systemd said it started %1, but this process is in "
                                 "%2")
                      .arg(m_result.unit, m_result.path.isEmpty() ? QStringLiteral("no cgroup v2")
                                                                  : m_result.path);
        }
    }
    if (m_result.error.isEmpty())
        qCInfo(lcSystemd).noquote() << "in" << m_result.path;
    else
        qCInfo(lcSystemd).noquote() << m_result.error;
    QMetaObject::invokeMethod(this, &SystemdScope::finished, Qt::QueuedConnection);
}

int SystemdScope::remainingMs() const
{
    return std::max(1, m_deadline.remainingTime());
}

QString SystemdScope::newUnitName()
{
    return QStringLiteral("app-taskrunner-%1.scope")
        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

SystemdProperties SystemdScope::scopeProperties(const Request &request, pid_t pid)
{
    return {
        unitProperty("Slice", request.slice),
        unitProperty("Description", request.description),
        // The subtree is ours: we make the runs' cgroups in it and enable their controllers.
        unitProperty("Delegate", true),
        unitProperty("PIDs", QVariant::fromValue(QList<uint>{uint(pid)})),
    };
}

QString SystemdScope::sessionBusAddress(QString *problem)
{
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (!address.isEmpty())
        return address;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty()) {
        *problem = QStringLiteral("neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set");
        return QString();
    }
    // Where the user's systemd keeps the user bus (dbus-user-session, dbus-broker).
    const QString socket = runtime + QLatin1String("/bus");
    if (!QFileInfo::exists(socket)) {
        *problem
            = QStringLiteral("DBUS_SESSION_BUS_ADDRESS is not set and there is no %1").arg(socket);
        return QString();
    }
    return QStringLiteral("unix:path=%1").arg(socket);
}
