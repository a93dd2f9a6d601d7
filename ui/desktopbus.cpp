#include "desktopbus.h"

#include "applicationadaptor.h"
#include "busnames.h"
#include "mainwindow.h"
#include "taskrunneradaptor.h"

#include <QAction>
#include <QGuiApplication>
#include <QTimer>

DesktopBus::DesktopBus(MainWindow *window, const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_bus(bus)
    , m_notifications(bus)
    , m_notifier(window->runManager(), &m_notifications)
{
    auto *runner = new TaskRunnerAdaptor(&m_exported, bus, window->launcher(), &window->library());
    new ApplicationAdaptor(&m_exported, bus, this);
    // Runs started from outside obey the window's rule: none while quitting.
    const auto refusal = [window] {
        return window->isQuitting() ? QStringLiteral("taskrunner is quitting: no new runs.")
                                    : QString();
    };
    runner->setRunGate(refusal);
    m_notifier.setRunGate(refusal);
    m_notifier.setWindowActiveCheck(
        [window] { return window->isActiveWindow() && !window->isMinimized(); });
    connect(&m_notifier, &RunNotifier::showRequested, this, [this](quint64 runId, qint64 recordId) {
        bringToFront(m_window, QString());
        if (runId != 0 || recordId != 0) // else: several runs ended, the window is enough
            m_window->showRun(runId, recordId);
    });
}

DesktopBus::~DesktopBus()
{
    m_bus.unregisterObject(BusNames::objectPath());
}

InstanceHandover::Claim DesktopBus::claim(QString *error)
{
    return InstanceHandover::claim(m_bus, &m_exported, error);
}

void DesktopBus::bringToFront(QWidget *window, const QString &token)
{
    // Qt's Wayland plugin hands this token to the compositor on the next activation: the
    // launcher's permission for us to take the focus.
    if (!token.isEmpty() && QGuiApplication::platformName() == QLatin1String("wayland"))
        qputenv("XDG_ACTIVATION_TOKEN", token.toUtf8());
    window->setWindowState(window->windowState() & ~Qt::WindowMinimized);
    window->show();
    window->raise();
    window->activateWindow();
}

void DesktopBus::activate(const QString &token)
{
    bringToFront(m_window, token);
}

void DesktopBus::newTask(const QString &token)
{
    bringToFront(m_window, token);
    // After the D-Bus call has been answered: the editor is window-modal.
    QTimer::singleShot(0, m_window, &MainWindow::newTask);
}

void DesktopBus::quickRun(const QString &token)
{
    bringToFront(m_window, token);
    if (auto *action = m_window->findChild<QAction *>(QStringLiteral("quickRunAction")))
        action->trigger();
}

ApplicationActions::RunRefusal DesktopBus::runTask(const QString &name, const QString &token,
                                                   QString *error)
{
    if (m_window->isQuitting() && m_window->library().find(name)) {
        *error = QStringLiteral("\"%1\" was not run: taskrunner is quitting.").arg(name);
        return RunRefusal::Refused;
    }
    // run-task is how a second launch hands over its --run NAME.
    if (!m_window->runTaskNamed(name, RunTriggers::commandLine())) {
        *error = TaskLibrary::noSuchTaskMessage(name);
        return RunRefusal::NoSuchTask;
    }
    bringToFront(m_window, token);
    return RunRefusal::None;
}
