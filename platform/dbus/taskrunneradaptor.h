#pragma once

#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QList>
#include <QStringList>
#include <QVariantMap>

#include <functional>

class ManagedRun;
class RunManager;
class TaskLauncher;
class TaskLibrary;

// io.github.taskrunner.TaskRunner1, the desktop app's own interface on the session bus: its
// library's tasks, and its runs by the RunManager's ids - start, stop, kill, read. Attached to
// the object exported at BusNames::objectPath(); everything it does goes through the manager
// and the library, exactly as the window's own actions do, so a run started here is shown in a
// tab like any other.
//
// Errors: a task name the library does not have is io.github.taskrunner.Error.NoSuchTask, a run
// id the manager does not hold (never started, or finished and forgotten) is
// io.github.taskrunner.Error.NoSuchRun. Stop and Kill of a finished run do nothing. RunTask while
// the gate says no (the app is quitting) is io.github.taskrunner.Error.Refused.
class TaskRunnerAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "io.github.taskrunner.TaskRunner1")
    Q_CLASSINFO("D-Bus Introspection",
                "  <interface name=\"io.github.taskrunner.TaskRunner1\">\n"
                "    <method name=\"ListTasks\">\n"
                "      <arg name=\"names\" type=\"as\" direction=\"out\"/>\n"
                "    </method>\n"
                "    <method name=\"RunTask\">\n"
                "      <arg name=\"name\" type=\"s\" direction=\"in\"/>\n"
                "      <arg name=\"run\" type=\"t\" direction=\"out\"/>\n"
                "    </method>\n"
                "    <method name=\"Stop\">\n"
                "      <arg name=\"run\" type=\"t\" direction=\"in\"/>\n"
                "    </method>\n"
                "    <method name=\"Kill\">\n"
                "      <arg name=\"run\" type=\"t\" direction=\"in\"/>\n"
                "    </method>\n"
                "    <method name=\"GetRun\">\n"
                "      <arg name=\"run\" type=\"t\" direction=\"in\"/>\n"
                "      <arg name=\"properties\" type=\"a{sv}\" direction=\"out\"/>\n"
                "    </method>\n"
                "    <method name=\"ListRuns\">\n"
                "      <arg name=\"runs\" type=\"at\" direction=\"out\"/>\n"
                "    </method>\n"
                "    <signal name=\"RunStarted\">\n"
                "      <arg name=\"run\" type=\"t\"/>\n"
                "      <arg name=\"task\" type=\"s\"/>\n"
                "    </signal>\n"
                "    <signal name=\"RunFinished\">\n"
                "      <arg name=\"run\" type=\"t\"/>\n"
                "      <arg name=\"task\" type=\"s\"/>\n"
                "      <arg name=\"outcome\" type=\"s\"/>\n"
                "      <arg name=\"exitCode\" type=\"i\"/>\n"
                "    </signal>\n"
                "  </interface>\n")
public:
    // object: what is exported (the adaptor's parent) on bus, where errors are answered.
    // launcher (with its run manager) and library must outlive it.
    TaskRunnerAdaptor(QObject *object, const QDBusConnection &bus, TaskLauncher *launcher,
                      const TaskLibrary *library);

    // Why no run may start now, empty when one may (the app's quitting); none by default.
    void setRunGate(std::function<QString()> refusal);

    // The words GetRun and RunFinished use, stable for scripts: "running", "exited", ...
    static QString stateWord(const ManagedRun &run);
    static QString outcomeWord(const ManagedRun &run); // empty until it has finished
    static QVariantMap properties(const ManagedRun &run);

public Q_SLOTS:
    QStringList ListTasks() const;
    // The message, last, is QtDBus's: the call being answered, for an error reply.
    qulonglong RunTask(const QString &name, const QDBusMessage &message);
    void Stop(qulonglong run, const QDBusMessage &message);
    void Kill(qulonglong run, const QDBusMessage &message);
    QVariantMap GetRun(qulonglong run, const QDBusMessage &message);
    QList<qulonglong> ListRuns() const;

Q_SIGNALS:
    // Relayed to the bus as they are emitted (QDBusAbstractAdaptor).
    void RunStarted(qulonglong run, const QString &task); // a run was added
    void RunFinished(qulonglong run, const QString &task, const QString &outcome,
                     int exitCode); // once per run, after its outcome is in its log

private:
    // The run of that id, or null after answering message with NoSuchRun.
    ManagedRun *heldRun(qulonglong id, const QDBusMessage &message);
    void sendError(const QDBusMessage &message, const QString &name, const QString &text);

    QDBusConnection m_bus;
    std::function<QString()> m_refusal;
    TaskLauncher *m_launcher;
    RunManager *m_runs;
    const TaskLibrary *m_library;
};
