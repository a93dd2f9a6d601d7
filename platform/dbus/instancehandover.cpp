#include "instancehandover.h"

#include "busnames.h"

#include <QDBusConnectionInterface>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDateTime>
#include <QVariantList>
#include <QVariantMap>

#include <algorithm>

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

int timeoutMs()
{
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("TASKRUNNER_HANDOVER_TIMEOUT_MS", &ok);
    return ok && ms > 0 ? ms : DefaultTimeoutMs;
}

QString deadlineKey()
{
    return QStringLiteral("taskrunner-deadline");
}

bool isPastDeadline(const QVariantMap &platformData, qint64 nowMs)
{
    const QVariant deadline = platformData.value(deadlineKey());
    bool ok = false;
    const qint64 ms = deadline.toLongLong(&ok);
    return deadline.isValid() && ok && nowMs > ms;
}

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

    const QVariantMap data = platformData(launch); // the deadline is added to each call
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
        QDBusMessage call = calls.at(i);
        QVariantList arguments = call.arguments();
        QVariantMap withDeadline = arguments.last().toMap();
        withDeadline.insert(deadlineKey(), QDateTime::currentMSecsSinceEpoch() + qint64(timeoutMs));
        arguments.last() = withDeadline;
        call.setArguments(arguments);
        // The wait outlasts the deadline a little: QtDBus's timer may fire early (a coarse
        // timer), and an owner must never carry out a call its caller has given up on. One
        // that reads it in between answers TimedOut, which counts as no answer here.
        const QDBusMessage reply
            = bus.call(call, QDBus::Block, timeoutMs + std::max(200, timeoutMs / 10));
        if (reply.type() != QDBusMessage::ErrorMessage)
            continue;
        if (i == 0 && ownerIsGone(reply))
            return Result(); // it ended between our question and the call: we are first now
        if (noAnswer(reply) || ownerIsGone(reply)) {
            const uint pid = daemon->servicePid(BusNames::service()).value();
            result.kind = Result::Kind::NoAnswer;
            // The owner drops the call if it ever reads it (its deadline has passed).
            result.errors.append(
                QStringLiteral("the running taskrunner%1 did not answer within %2 s (%3): %4 "
                               "End it, or try again.")
                    .arg(pid ? QStringLiteral(" (pid %1)").arg(pid) : QString())
                    .arg(timeoutMs / 1000.0)
                    .arg(reply.errorName(), // Qt's NoReply message is four lines of guesses
                         i == 0 ? QStringLiteral("nothing was done, and nothing will be.")
                                : QStringLiteral("the requests before were done, this one and "
                                                 "the rest were not, and will not be.")));
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
