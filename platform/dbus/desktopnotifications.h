#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

#include <functional>

// A client of the desktop's notification server (org.freedesktop.Notifications, the Desktop
// Notifications Specification 1.2). Calls are asynchronous - a slow server never holds up the
// window - and a session without a server costs one line in the log, once.
class DesktopNotifications : public QObject
{
    Q_OBJECT
public:
    struct Notification
    {
        QString appName;
        QString appIcon; // an icon name of the theme
        QString summary;
        QString body;
        QStringList actions; // key, label, key, label, ...
        QVariantMap hints;   // "urgency" (a byte: 0 low, 1 normal, 2 critical), "desktop-entry"
        int expireTimeoutMs = -1; // -1: the server's default
        uint replacesId = 0;      // the server's id of one of ours it replaces on screen; 0: none
    };

    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);

    // Sends it; sent is called with the server's id for it once it answers, or with 0 when
    // nothing was shown (no server, or it refused).
    void notify(const Notification &notification, std::function<void(uint id)> sent);

Q_SIGNALS:
    // The user chose action key of notification id (ours or not: check the id).
    void actionInvoked(uint id, const QString &key);
    void closed(uint id); // expired, dismissed, or closed by us

private Q_SLOTS:
    // QDBusConnection::connect() takes slots by name only.
    void onActionInvoked(uint id, const QString &key);
    void onClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    bool m_saidNoServer = false;
};
