#include "runnotifier.h"

#include "busnames.h"
#include "managedrun.h"
#include "outcometext.h"
#include "runmanager.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSettings>

#include <chrono>

Q_LOGGING_CATEGORY(lcNotifier, "taskrunner.notifications.runs")

namespace {
// Notifications the server never said were closed are forgotten beyond this many.
constexpr int MaxRemembered = 64;
constexpr int DefaultMinSeconds = 10;
constexpr int MaxMinSeconds = 24 * 60 * 60;
// A server that has not answered in this long never will: later runs start a group anew.
constexpr int AnswerMs = 10'000;
// The runs a group notification names in its body; the rest are counted.
constexpr int MaxNamed = 5;
} // namespace

RunNotifier::RunNotifier(RunManager *runs, DesktopNotifications *notifications, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_notifications(notifications)
{
    connect(m_runs, &RunManager::runFinished, this, &RunNotifier::onRunFinished);
    connect(m_notifications, &DesktopNotifications::actionInvoked, this,
            &RunNotifier::onActionInvoked);
    connect(m_notifications, &DesktopNotifications::closed, this,
            [this](uint id) { m_shown.remove(id); });
}

void RunNotifier::setWindowActiveCheck(std::function<bool()> isActive)
{
    m_windowActive = std::move(isActive);
}

void RunNotifier::setRunGate(std::function<QString()> refusal)
{
    m_refusal = std::move(refusal);
}

RunNotifier::When RunNotifier::whenSetting()
{
    // Read as Preferences' check reads it (ui/settingscheck), so that what it accepts is what
    // is used: spaces and case do not matter.
    const QString when
        = QSettings().value(QStringLiteral("notifications/when")).toString().trimmed().toLower();
    if (when == QLatin1String("never"))
        return When::Never;
    if (when == QLatin1String("failures"))
        return When::Failures;
    return When::Always; // also for a value we do not know: notifying is the safe side
}

int RunNotifier::minSecondsSetting()
{
    // As Preferences' check reads it: a whole number from 0 to a day, else the default.
    bool ok = false;
    const int seconds = QSettings()
                            .value(QStringLiteral("notifications/minSeconds"))
                            .toString()
                            .trimmed()
                            .toInt(&ok);
    return ok && seconds >= 0 && seconds <= MaxMinSeconds ? seconds : DefaultMinSeconds;
}

bool RunNotifier::isFailure(const RunResult &result)
{
    switch (result.outcome) {
    case RunOutcome::Exited:
        return result.exitCode != 0;
    case RunOutcome::Crashed:
    case RunOutcome::TimedOut:
    case RunOutcome::FailedToStart:
        return true;
    case RunOutcome::Skipped: // a dependency failed: that failure is told
        return true;
    case RunOutcome::Stopped:
    case RunOutcome::Killed:
    case RunOutcome::Cancelled:
        return false; // the user's own doing
    }
    return false;
}

bool RunNotifier::shouldNotify(When when, int minSeconds, bool windowActive,
                               const RunResult &result)
{
    if (when == When::Never || (when == When::Failures && !isFailure(result)))
        return false;
    if (!windowActive)
        return true;
    const bool userEnded = result.outcome == RunOutcome::Stopped
                           || result.outcome == RunOutcome::Killed
                           || result.outcome == RunOutcome::Cancelled;
    return !userEnded && result.duration >= std::chrono::seconds(minSeconds);
}

QString RunNotifier::summary(const QString &task, const RunResult &result)
{
    switch (result.outcome) {
    case RunOutcome::Exited:
        return result.exitCode == 0 ? QStringLiteral("%1 succeeded").arg(task)
                                    : QStringLiteral("%1 failed").arg(task);
    case RunOutcome::Crashed:
        return QStringLiteral("%1 crashed").arg(task);
    case RunOutcome::TimedOut:
        return QStringLiteral("%1 timed out").arg(task);
    case RunOutcome::Stopped:
        return QStringLiteral("%1 was stopped").arg(task);
    case RunOutcome::Killed:
        return QStringLiteral("%1 was killed").arg(task);
    case RunOutcome::FailedToStart:
        return QStringLiteral("%1 could not start").arg(task);
    case RunOutcome::Skipped:
        return QStringLiteral("%1 was skipped").arg(task);
    case RunOutcome::Cancelled:
        return QStringLiteral("%1 was cancelled").arg(task);
    }
    return task;
}

DesktopNotifications::Notification RunNotifier::notificationFor(const QString &task,
                                                                const RunResult &result)
{
    DesktopNotifications::Notification notification;
    notification.appName = QStringLiteral("taskrunner");
    notification.appIcon = BusNames::service(); // the icon is installed under the app's id
    notification.summary = summary(task, result);
    // The server may read markup in the body: the outcome can quote a command or a path.
    notification.body = OutcomeText::describe(result).toHtmlEscaped();
    // "default" is a click on the notification itself; servers show it as no button.
    notification.actions
        = {QStringLiteral("default"), QStringLiteral("Show"),  QStringLiteral("show"),
           QStringLiteral("Show"),    QStringLiteral("rerun"), QStringLiteral("Rerun")};
    notification.hints.insert(QStringLiteral("urgency"),
                              QVariant::fromValue<uchar>(isFailure(result) ? 2 : 1));
    notification.hints.insert(QStringLiteral("desktop-entry"), BusNames::service());
    notification.hints.insert(QStringLiteral("category"),
                              isFailure(result) ? QStringLiteral("transfer.error")
                                                : QStringLiteral("transfer.complete"));
    return notification;
}

DesktopNotifications::Notification
RunNotifier::groupNotificationFor(const QStringList &tasks, const QList<RunResult> &results)
{
    int succeeded = 0, failed = 0, other = 0;
    // Failures named first: they are what the user must not miss behind "and 5 more".
    QStringList failures, others;
    for (int i = 0; i < results.size(); ++i) {
        const RunResult &result = results.at(i);
        if (isFailure(result))
            ++failed;
        else if (result.outcome == RunOutcome::Exited)
            ++succeeded;
        else
            ++other; // stopped or killed
        (isFailure(result) ? failures : others)
            .append(summary(tasks.value(i), result).toHtmlEscaped());
    }
    QStringList body = (failures + others).mid(0, MaxNamed);
    if (results.size() > MaxNamed)
        body.append(QStringLiteral("and %1 more").arg(results.size() - MaxNamed));
    QStringList counts;
    if (succeeded)
        counts.append(QStringLiteral("%1 succeeded").arg(succeeded));
    if (failed)
        counts.append(QStringLiteral("%1 failed").arg(failed));
    if (other)
        counts.append(QStringLiteral("%1 stopped").arg(other));

    DesktopNotifications::Notification notification = notificationFor(QString(), RunResult());
    notification.summary = QStringLiteral("%1 runs ended: %2")
                               .arg(results.size())
                               .arg(counts.join(QStringLiteral(", ")));
    notification.body = body.join(QLatin1Char('\n'));
    // Show brings up the window; there is no one run to rerun.
    notification.actions = {QStringLiteral("default"), QStringLiteral("Show"),
                            QStringLiteral("show"), QStringLiteral("Show")};
    notification.hints.insert(QStringLiteral("urgency"),
                              QVariant::fromValue<uchar>(failed ? 2 : 1));
    notification.hints.insert(QStringLiteral("category"),
                              failed ? QStringLiteral("transfer.error")
                                     : QStringLiteral("transfer.complete"));
    return notification;
}

void RunNotifier::onRunFinished(ManagedRun *run)
{
    const bool active = m_windowActive && m_windowActive();
    if (!shouldNotify(whenSetting(), minSecondsSetting(), active, run->result()))
        return;
    if (!joinsGroup()) {
        const int generation = m_group.generation + 1;
        m_group = Group();
        m_group.generation = generation;
    }
    m_group.runs.append(Shown{run->id(), run->recordId(), run->request()});
    m_group.tasks.append(run->task().name);
    m_group.results.append(run->result());
    m_group.lastEnd.start();
    if (m_group.sending) {
        m_group.pending = true; // sent once the server has told the id to replace
        return;
    }
    sendGroup();
}

bool RunNotifier::joinsGroup() const
{
    if (m_coalesceMs <= 0 || m_group.runs.isEmpty() || m_group.lastEnd.hasExpired(m_coalesceMs))
        return false;
    if (m_group.sending)
        return !m_group.sentAt.hasExpired(AnswerMs);
    return m_shown.contains(m_group.id); // not closed since
}

void RunNotifier::sendGroup()
{
    DesktopNotifications::Notification notification
        = m_group.runs.size() == 1 ? notificationFor(m_group.tasks.first(), m_group.results.first())
                                   : groupNotificationFor(m_group.tasks, m_group.results);
    notification.replacesId = m_group.id;
    m_group.sending = true;
    m_group.sentAt.start();
    m_notifications->notify(notification, [self = QPointer<RunNotifier>(this),
                                           generation = m_group.generation](uint id) {
        if (self)
            self->onGroupSent(generation, id);
    });
}

void RunNotifier::onGroupSent(int generation, uint id)
{
    if (generation != m_group.generation)
        return;    // a group given up on: its server took too long
    if (id == 0) { // nothing shown: the runs that ended meanwhile try on their own
        const bool pending = m_group.pending;
        m_group.sending = m_group.pending = false;
        if (pending)
            sendGroup();
        else
            m_group.runs.clear(); // nothing to join
        return;
    }
    Shown shown = m_group.runs.size() == 1 ? m_group.runs.first() : Shown{0, 0, {}, false};
    m_group.id = id;
    m_group.sending = false;
    remember(id, shown);
    if (m_group.pending) {
        m_group.pending = false;
        sendGroup();
    }
}

void RunNotifier::remember(uint id, const Shown &shown)
{
    if (m_shown.size() >= MaxRemembered)
        m_shown.erase(m_shown.begin());
    m_shown.insert(id, shown);
    Q_EMIT notified(id, shown.runId);
}

void RunNotifier::onActionInvoked(uint id, const QString &key)
{
    const auto found = m_shown.constFind(id);
    if (found == m_shown.constEnd())
        return; // another application's
    const Shown shown = *found;
    if (key == QLatin1String("default") || key == QLatin1String("show")) {
        Q_EMIT showRequested(shown.runId, shown.recordId);
    } else if (key == QLatin1String("rerun") && shown.single) {
        if (const QString refusal = m_refusal ? m_refusal() : QString(); !refusal.isEmpty()) {
            qCInfo(lcNotifier, "not rerun: %s", qPrintable(refusal));
            return;
        }
        // Where the run is still held, its rerun takes its place in its tab.
        if (m_runs->rerun(shown.runId, RunTriggers::notification()) == 0) {
            RunRequest request = shown.request;
            request.trigger = RunTriggers::notification();
            request.rerunOf = 0;
            m_runs->start(request);
        }
    }
}
