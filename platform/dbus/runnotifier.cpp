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
    const QString when = QSettings().value(QStringLiteral("notifications/when")).toString();
    if (when == QLatin1String("never"))
        return When::Never;
    if (when == QLatin1String("failures"))
        return When::Failures;
    return When::Always; // also for a value we do not know: notifying is the safe side
}

int RunNotifier::minSecondsSetting()
{
    bool ok = false;
    const int seconds = QSettings().value(QStringLiteral("notifications/minSeconds")).toInt(&ok);
    return ok && seconds >= 0 ? seconds : DefaultMinSeconds;
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
    case RunOutcome::Stopped:
    case RunOutcome::Killed:
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
    const bool userEnded
        = result.outcome == RunOutcome::Stopped || result.outcome == RunOutcome::Killed;
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

void RunNotifier::onRunFinished(ManagedRun *run)
{
    const bool active = m_windowActive && m_windowActive();
    if (!shouldNotify(whenSetting(), minSecondsSetting(), active, run->result()))
        return;
    Shown shown{run->id(), run->recordId(), run->request()};
    m_notifications->notify(notificationFor(run->task().name, run->result()),
                            [self = QPointer<RunNotifier>(this), shown](uint id) {
                                if (self)
                                    self->remember(id, shown);
                            });
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
    } else if (key == QLatin1String("rerun")) {
        if (const QString refusal = m_refusal ? m_refusal() : QString(); !refusal.isEmpty()) {
            qCInfo(lcNotifier, "not rerun: %s", qPrintable(refusal));
            return;
        }
        // Where the run is still held, its rerun takes its place in its tab.
        if (m_runs->rerun(shown.runId) == 0) {
            RunRequest request = shown.request;
            request.trigger = QStringLiteral("rerun");
            request.rerunOf = 0;
            m_runs->start(request);
        }
    }
}
