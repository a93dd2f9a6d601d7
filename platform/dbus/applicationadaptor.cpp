#include "applicationadaptor.h"

#include "applicationactions.h"
#include "busnames.h"

#include <QDBusError>

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

void ApplicationAdaptor::Activate(const QVariantMap &platformData)
{
    m_actions->activate(tokenOf(platformData));
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
