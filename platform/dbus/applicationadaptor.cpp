#include "applicationadaptor.h"

#include "applicationactions.h"
#include "busnames.h"

#include "instancehandover.h"

#include <QDBusError>
#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcApplication, "taskrunner.application")

ApplicationAdaptor::ApplicationAdaptor(QObject *object, const QDBusConnection &bus,
                                       ApplicationActions *actions)
    : QDBusAbstractAdaptor(object)
    , m_bus(bus)
    , m_actions(actions)
{}

QString ApplicationAdaptor::tokenOf(const QVariantMap &platformData)
{
    const QString token = platformData.value(QStringLiteral("activation-token")).toString();
    return token.isEmpty() ? platformData.value(QStringLiteral("desktop-startup-id")).toString()
                           : token;
}

bool ApplicationAdaptor::isTooLate(const QString &what, const QVariantMap &platformData)
{
    if (!InstanceHandover::isPastDeadline(platformData, QDateTime::currentMSecsSinceEpoch()))
        return false;
    qCWarning(lcApplication,
              "dropped %s: it came after its caller's deadline (we did not answer "
              "in time; the caller said nothing was done)",
              qPrintable(what));
    return true;
}

void ApplicationAdaptor::Activate(const QVariantMap &platformData, const QDBusMessage &message)
{
    if (isTooLate(QStringLiteral("Activate"), platformData)) {
        sendTooLate(message);
        return;
    }
    m_actions->activate(tokenOf(platformData));
}

void ApplicationAdaptor::sendTooLate(const QDBusMessage &message)
{
    // The caller has given up, or is about to: TimedOut, which it takes for no answer.
    sendError(message, QDBusError::errorString(QDBusError::TimedOut),
              QStringLiteral("Not done: the call came after its deadline."));
}

void ApplicationAdaptor::sendError(const QDBusMessage &message, const QString &name,
                                   const QString &text)
{
    message.setDelayedReply(true); // this error is the answer, not the slot's return
    m_bus.send(message.createErrorReply(name, text));
}

void ApplicationAdaptor::Open(const QStringList &uris, const QVariantMap &platformData,
                              const QDBusMessage &message)
{
    Q_UNUSED(platformData)
    sendError(message, QDBusError::errorString(QDBusError::NotSupported),
              QStringLiteral("taskrunner opens no files (asked to open %1).")
                  .arg(uris.join(QStringLiteral(", "))));
}

void ApplicationAdaptor::ActivateAction(const QString &action, const QVariantList &parameter,
                                        const QVariantMap &platformData,
                                        const QDBusMessage &message)
{
    if (isTooLate(QStringLiteral("the action %1%2")
                      .arg(action, parameter.isEmpty()
                                       ? QString()
                                       : QStringLiteral(" (%1)").arg(parameter.first().toString())),
                  platformData)) {
        sendTooLate(message);
        return;
    }
    const QString token = tokenOf(platformData);
    if (action == QLatin1String("new-task")) {
        m_actions->newTask(token);
    } else if (action == QLatin1String("quick-run")) {
        m_actions->quickRun(token);
    } else if (action == QLatin1String("run-task")) {
        if (parameter.size() != 1
            || parameter.first().metaType() != QMetaType::fromType<QString>()) {
            sendError(message, QDBusError::errorString(QDBusError::InvalidArgs),
                      QStringLiteral("The action run-task takes the task's name (one "
                                     "string) as its parameter."));
            return;
        }
        QString error;
        switch (m_actions->runTask(parameter.first().toString(), token, &error)) {
        case ApplicationActions::RunRefusal::None:
            break;
        case ApplicationActions::RunRefusal::NoSuchTask:
            sendError(message, BusNames::noSuchTaskError(), error);
            break;
        case ApplicationActions::RunRefusal::Refused:
            sendError(message, BusNames::refusedError(), error);
            break;
        }
    } else {
        sendError(message, QDBusError::errorString(QDBusError::InvalidArgs),
                  QStringLiteral("No action \"%1\": taskrunner has new-task, quick-run and "
                                 "run-task.")
                      .arg(action));
    }
}
