#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A dbus-daemon of the test's own, as a session bus: nobody else is on it and it activates no
// services, so a test sees exactly the names it made. Stopped when destroyed.
class PrivateBus
{
public:
    PrivateBus() = default;
    PrivateBus(const PrivateBus &) = delete;
    PrivateBus &operator=(const PrivateBus &) = delete;
    ~PrivateBus();

    // Why there can be none here ("dbus-daemon is not installed ..."), empty when there can.
    static QString unavailableReason();

    // Starts it; false with *error when it does not come up.
    bool start(QString *error);
    // For DBUS_SESSION_BUS_ADDRESS and QDBusConnection::connectToBus().
    QString address() const { return m_address; }

private:
    QTemporaryDir m_directory;
    QProcess m_daemon;
    QString m_address;
};
