#include "instancehandover.h"

#include "busnames.h"

#include <QDBusConnectionInterface>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusReply>
#include <QVariantList>
#include <QVariantMap>

namespace InstanceHandover {

namespace {

QVariantMap platformData(const Launch &launch)
{
    QVariantMap data;
    if (!launch.token.isEmpty()) {
        // Both keys: the receiving side may be on X11 or on Wayland, and takes what it can use.
        data.insert(QStringLiteral("activation-token"), launch.token);
        data.insert(QStringLiteral("desktop-startup-id"), launch.token);
    }
    return data;
}

QDBusMessage applicationCall(const QString &method, const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(
        BusNames::service(), BusNames::objectPath(), BusNames::applicationInterface(), method);
    message.setArguments(arguments);
    // The name's owner went away: start nothing behind our back (the desktop's service file
    // would start a whole second app); this launch becomes the instance instead.
    message.setAutoStartService(false);
    return message;
}

bool ownerIsGone(const QDBusMessage &reply)
{
    return QDBusError(reply).type() == QDBusError::ServiceUnknown
           || reply.errorName() == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner");
}

bool noAnswer(const QDBusMessage &reply)
{
    const QDBusError::ErrorType type = QDBusError(reply).type();
    return type == QDBusError::NoReply || type == QDBusError::Timeout
           || type == QDBusError::TimedOut || type == QDBusError::Disconnected;
}

} // namespace

QString Launch::tokenFromEnvironment()
{
    const QString token = qEnvironmentVariable("XDG_ACTIVATION_TOKEN");
    return token.isEmpty() ? qEnvironmentVariable("DESKTOP_STARTUP_ID") : token;
}

Result handOver(const QDBusConnection &bus, const Launch &launch, int timeoutMs)
{
    Result result;
    QDBusConnectionInterface *daemon = bus.interface();
    if (!daemon || !daemon->isServiceRegistered(BusNames::service()).value())
        return result; // NoInstance

    const QVariantMap data = platformData(launch);
    QList<QDBusMessage> calls;
    for (const QString &name : launch.runNames) {
        calls.append(applicationCall(QStringLiteral("ActivateAction"),
                                     {QStringLiteral("run-task"), QVariantList{name}, data}));
    }
    if (launch.newTask) {
        calls.append(applicationCall(QStringLiteral("ActivateAction"),
                                     {QStringLiteral("new-task"), QVariantList(), data}));
    }
    if (launch.quickRun) {
        calls.append(applicationCall(QStringLiteral("ActivateAction"),
                                     {QStringLiteral("quick-run"), QVariantList(), data}));
    }
    if (calls.isEmpty())
        calls.append(applicationCall(QStringLiteral("Activate"), {data}));

    for (int i = 0; i < calls.size(); ++i) {
        const QDBusMessage reply = bus.call(calls.at(i), QDBus::Block, timeoutMs);
        if (reply.type() != QDBusMessage::ErrorMessage)
            continue;
        if (i == 0 && ownerIsGone(reply))
            return Result(); // it ended between our question and the call: we are first now
        if (noAnswer(reply) || ownerIsGone(reply)) {
            const uint pid = daemon->servicePid(BusNames::service()).value();
            result.kind = Result::Kind::NoAnswer;
            result.errors.append(
                QStringLiteral("the running taskrunner%1 did not answer within %2 s (%3); end "
                               "it, or try again")
                    .arg(pid ? QStringLiteral(" (pid %1)").arg(pid) : QString())
                    .arg(timeoutMs / 1000.0)
                    .arg(reply.errorMessage()));
            return result;
        }
        result.errors.append(reply.errorMessage());
    }
    result.kind = Result::Kind::HandedOver;
    return result;
}

Claim claim(QDBusConnection bus, QObject *service, QString *error)
{
    if (!bus.registerObject(BusNames::objectPath(), service, QDBusConnection::ExportAdaptors)) {
        *error = bus.lastError().isValid() ? bus.lastError().message()
                                           : QStringLiteral("the object path is taken");
        return Claim::Failed;
    }
    QDBusConnectionInterface *daemon = bus.interface();
    const QDBusReply<QDBusConnectionInterface::RegisterServiceReply> reply
        = daemon->registerService(BusNames::service(), QDBusConnectionInterface::DontQueueService,
                                  QDBusConnectionInterface::DontAllowReplacement);
    if (!reply.isValid()) {
        bus.unregisterObject(BusNames::objectPath());
        *error = reply.error().message();
        return Claim::Failed;
    }
    if (reply.value() != QDBusConnectionInterface::ServiceRegistered) {
        bus.unregisterObject(BusNames::objectPath());
        return Claim::Taken;
    }
    return Claim::Claimed;
}

} // namespace InstanceHandover
