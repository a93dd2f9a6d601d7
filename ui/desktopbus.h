#pragma once

#include "applicationactions.h"
#include "desktopnotifications.h"
#include "instancehandover.h"
#include "runnotifier.h"

#include <QDBusConnection>
#include <QObject>

class MainWindow;
class QWidget;

// The desktop app on the session bus, for one window: what the bus asks of it
// (org.freedesktop.Application, io.github.taskrunner.TaskRunner1 over its runs and library)
// and the desktop notifications of its runs, whose Show brings the run's tab to the front.
// Made after the window and destroyed before it; nothing is served until claim().
class DesktopBus : public QObject, public ApplicationActions
{
    Q_OBJECT
public:
    DesktopBus(MainWindow *window, const QDBusConnection &bus, QObject *parent = nullptr);
    ~DesktopBus() override;

    // Serves the interfaces and takes the app's name (InstanceHandover::claim()).
    InstanceHandover::Claim claim(QString *error);

    // What notifies of the runs' ends.
    RunNotifier &notifier() { return m_notifier; }

    // Shows, raises and activates window; token: the launcher's activation token, if any.
    static void bringToFront(QWidget *window, const QString &token);

    // ApplicationActions, on the window.
    void activate(const QString &token) override;
    void newTask(const QString &token) override;
    void quickRun(const QString &token) override;
    RunRefusal runTask(const QString &name, const QString &token, QString *error) override;

private:
    MainWindow *m_window;
    QDBusConnection m_bus;
    QObject m_exported; // at BusNames::objectPath(); the adaptors are its children
    DesktopNotifications m_notifications;
    RunNotifier m_notifier;
};
