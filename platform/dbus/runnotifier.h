#pragma once

#include "desktopnotifications.h"
#include "runrequest.h"
#include "runresult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>

class ManagedRun;
class RunManager;

// Tells the desktop when a run ends (DesktopNotifications): always while the window is not
// active, and while it is when the run took at least notifications/minSeconds [10] - unless the
// user ended it (Stop, Kill), which they know. notifications/when narrows it: always [default],
// failures (a non-zero exit, a crash, a timeout, a start that failed) or never. The settings
// are read as each run ends, so a change in Preferences counts from the next run.
//
// Each notification offers Show (also its default action: a click on it) and Rerun; they come
// back as showRequested() and a rerun started here through the manager.
//
// Runs that end together share one notification: a run that ends within coalesceMs() [3 s] of
// the previous one notified, while that notification is still on screen, replaces it
// (replaces_id) with a summary of them all - "3 runs ended: 2 succeeded, 1 failed", critical
// if any failed - whose Show brings the window up (showRequested(0, 0)); Rerun is offered for
// a single run only. Fifty runs ending at once make one notification, not fifty.
class RunNotifier : public QObject
{
    Q_OBJECT
public:
    enum class When { Always, Failures, Never };

    // runs and notifications must outlive it.
    RunNotifier(RunManager *runs, DesktopNotifications *notifications, QObject *parent = nullptr);

    // Whether the app's window is the active one now; without it, it never is.
    void setWindowActiveCheck(std::function<bool()> isActive);
    // Why no run may start now, empty when one may (the app's quitting): Rerun does nothing
    // then. None by default.
    void setRunGate(std::function<QString()> refusal);
    // How close together runs must end to share a notification; 0: each has its own.
    void setCoalesceMs(int ms) { m_coalesceMs = ms; }
    int coalesceMs() const { return m_coalesceMs; }
    static constexpr int DefaultCoalesceMs = 3000;

    // The pieces, pure, for the tests.
    static When whenSetting();      // notifications/when
    static int minSecondsSetting(); // notifications/minSeconds
    static bool isFailure(const RunResult &result);
    static bool shouldNotify(When when, int minSeconds, bool windowActive, const RunResult &result);
    // "build succeeded", "build failed", "build timed out", ...
    static QString summary(const QString &task, const RunResult &result);
    static DesktopNotifications::Notification notificationFor(const QString &task,
                                                              const RunResult &result);
    // One for several runs that ended together: tasks[i] ended with results[i].
    static DesktopNotifications::Notification groupNotificationFor(const QStringList &tasks,
                                                                   const QList<RunResult> &results);

Q_SIGNALS:
    // Show: the run's tab, in the window brought to the front. recordId: its history row, for
    // when the run is no longer held (its tab was closed since). Both 0 for a notification of
    // several runs: the window only.
    void showRequested(quint64 runId, qint64 recordId);
    void notified(uint notificationId, quint64 runId); // the server took it

private:
    struct Shown
    {
        quint64 runId = 0;
        qint64 recordId = 0;
        RunRequest request; // to run it again when the manager has forgotten it
        bool single = true; // false: a notification of several runs, with no Rerun
    };
    // The runs of the notification now on screen, or on its way there.
    struct Group
    {
        uint id = 0;          // the server's, once it has answered
        int generation = 0;   // which group an answer is for
        bool sending = false; // a Notify is on its way: later runs wait for its id
        bool pending = false; // runs joined while it was: send again once it answers
        QElapsedTimer lastEnd, sentAt;
        QList<Shown> runs;
        QStringList tasks;
        QList<RunResult> results;
    };

    void onRunFinished(ManagedRun *run);
    bool joinsGroup() const;
    void sendGroup();
    void onGroupSent(int generation, uint id);
    void onActionInvoked(uint id, const QString &key);
    void remember(uint id, const Shown &shown);

    RunManager *m_runs;
    DesktopNotifications *m_notifications;
    std::function<bool()> m_windowActive;
    std::function<QString()> m_refusal;
    QHash<uint, Shown> m_shown; // ours still on screen, by the server's id
    Group m_group;
    int m_coalesceMs = DefaultCoalesceMs;
};
