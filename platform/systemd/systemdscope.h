#pragma once

#include "systemdtypes.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <sys/types.h>

class QDBusObjectPath;
class QDBusPendingCallWatcher;

// Asks the user's systemd, over the session bus, for a transient scope with Delegate=yes that
// holds this process - as flatpak does for itself and crun for a container - so that a user who
// may not write their own cgroup gets a subtree in which to make the runs' cgroups:
//
//   org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager
//   StartTransientUnit("app-taskrunner-<random>.scope", "fail",
//                      [Slice "app.slice", Description "taskrunner", Delegate true,
//                       PIDs [getpid()]], [])                            -> job
//   JobRemoved(id, job, unit, result) for that job, result "done"
//
// systemd moves the whole process (every thread) into the scope before the job ends; the scope's
// path is then read from /proc/self/cgroup. A name already taken (UnitExists) is retried with a
// new one. The signal is listened for before the call, so a job that ends before its reply
// arrives is not missed. Nothing waits forever: one deadline covers the call, the job and the
// retries. Every failure is said in words that start with what failed: "no session bus: ...",
// "no systemd user manager on the session bus: ...", "systemd refused: ...", "systemd did not
// answer within 3 s: ...".
class SystemdScope : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString slice = QStringLiteral("app.slice");
        QString description = QStringLiteral("taskrunner");
        int timeoutMs = 3000; // for all of it: each call, the job, the retries
        int attempts = 3;     // names tried while systemd says the name is taken
    };
    struct Result
    {
        QString unit;  // "app-taskrunner-0123456789abcdef.scope"
        QString path;  // our cgroup now, as /proc/self/cgroup shows it
        QString error; // empty: we are in the scope
    };

    // Moves this process into a new scope, blocking for about request.timeoutMs at most. It asks
    // on a private connection, from a thread of its own, so that none of the caller's events
    // run meanwhile. Without a session bus it answers at once (sessionBusAddress()).
    static Result moveThisProcess(const Request &request);
    static Result moveThisProcess(); // with the default Request

    // The same, asynchronously, on bus, from this object's thread.
    SystemdScope(const QDBusConnection &bus, const Request &request, QObject *parent = nullptr);
    void start(); // Idle -> Asking
    bool isFinished() const { return m_finished; }
    const Result &result() const { return m_result; } // complete once finished()

    // "app-taskrunner-<16 hex digits>.scope": the desktop launchers' convention
    // (app-<launcher>-<random>.scope in app.slice), with taskrunner launching itself.
    static QString newUnitName();
    // The properties sent for request and pid; what the unit gets.
    static SystemdProperties scopeProperties(const Request &request, pid_t pid);
    // The session bus's address: DBUS_SESSION_BUS_ADDRESS, else the user bus socket
    // $XDG_RUNTIME_DIR/bus where it exists; read now (libdbus reads its own once per process).
    // Nothing, and *problem saying why, when there is neither: then we do not ask libdbus,
    // which would try to autolaunch a bus over X11.
    static QString sessionBusAddress(QString *problem);

Q_SIGNALS:
    void finished(); // Asking -> Finished, exactly once, queued

private Q_SLOTS:
    // Connected by name (QDBusConnection::connect knows no other way).
    void onJobRemoved(uint id, const QDBusObjectPath &job, const QString &unit,
                      const QString &result);

private:
    void attempt();
    void onReply(QDBusPendingCallWatcher *watcher);
    void jobEnded(const QString &result);
    void onDeadline();
    void finish(const QString &error);
    int remainingMs() const;

    QDBusConnection m_bus;
    Request m_request;
    QTimer m_deadline;
    bool m_listening = false;
    int m_attempts = 0;
    QString m_job;                       // of the current attempt, once systemd answered
    QHash<QString, QString> m_endedJobs; // job -> result, for jobs that ended before we knew them
    Result m_result;
    bool m_finished = false;
};
