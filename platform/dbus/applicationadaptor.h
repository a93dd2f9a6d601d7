#pragma once

#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

class ApplicationActions;

// org.freedesktop.Application on the desktop app's object, which lets the desktop start it by
// D-Bus activation (DBusActivatable=true) and run its actions, and lets a second launch hand its
// arguments to the running one (InstanceHandover). Actions: "new-task", "quick-run", and
// "run-task" with the task's name as its one parameter. Open is refused: there are no files
// to open. A call whose platform data carries a deadline (InstanceHandover) that has passed is
// dropped: its caller has given up and told its user nothing was done.
class ApplicationAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Application")
    Q_CLASSINFO("D-Bus Introspection",
                "  <interface name=\"org.freedesktop.Application\">\n"
                "    <method name=\"Activate\">\n"
                "      <arg name=\"platform_data\" type=\"a{sv}\" direction=\"in\"/>\n"
                "    </method>\n"
                "    <method name=\"Open\">\n"
                "      <arg name=\"uris\" type=\"as\" direction=\"in\"/>\n"
                "      <arg name=\"platform_data\" type=\"a{sv}\" direction=\"in\"/>\n"
                "    </method>\n"
                "    <method name=\"ActivateAction\">\n"
                "      <arg name=\"action_name\" type=\"s\" direction=\"in\"/>\n"
                "      <arg name=\"parameter\" type=\"av\" direction=\"in\"/>\n"
                "      <arg name=\"platform_data\" type=\"a{sv}\" direction=\"in\"/>\n"
                "    </method>\n"
                "  </interface>\n")
public:
    // object: what is exported (the adaptor's parent) on bus, where errors are answered.
    // actions must outlive it.
    ApplicationAdaptor(QObject *object, const QDBusConnection &bus, ApplicationActions *actions);

    // The launcher's token in platform data: "activation-token" (Wayland's xdg-activation),
    // else "desktop-startup-id" (X11 startup notification); empty when neither came.
    static QString tokenOf(const QVariantMap &platformData);

public Q_SLOTS:
    // The message, last, is QtDBus's: the call being answered, for an error reply.
    void Activate(const QVariantMap &platformData, const QDBusMessage &message);
    void Open(const QStringList &uris, const QVariantMap &platformData,
              const QDBusMessage &message);
    void ActivateAction(const QString &action, const QVariantList &parameter,
                        const QVariantMap &platformData, const QDBusMessage &message);

private:
    // Whether the call (what, for the log) came after the deadline its caller set in
    // platformData (InstanceHandover::deadlineKey()); then it is logged, to be dropped.
    static bool isTooLate(const QString &what, const QVariantMap &platformData);
    void sendTooLate(const QDBusMessage &message);
    void sendError(const QDBusMessage &message, const QString &name, const QString &text);

    QDBusConnection m_bus;
    ApplicationActions *m_actions;
};
