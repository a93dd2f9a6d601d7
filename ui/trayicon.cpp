#include "trayicon.h"

#include "managedrun.h"
#include "outcometext.h"
#include "runhistory.h"
#include "runmanager.h"
#include "taskrun.h"
#include "userprompts.h"

#include <QApplication>
#include <QEvent>
#include <QFont>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QWidget>

namespace {

std::function<bool()> &availabilityCheck()
{
    static std::function<bool()> check;
    return check;
}

// The plain icon: the application's, or (a test, without our resources) a plain square.
QIcon appIcon()
{
    const QIcon icon = QApplication::windowIcon();
    if (!icon.isNull())
        return icon;
    QPixmap pixmap(32, 32);
    pixmap.fill(QColor(0x1c, 0x71, 0xd8));
    return QIcon(pixmap);
}

} // namespace

TrayIcon::TrayIcon(RunManager *runs, RunHistory *history, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_history(history)
    , m_menu(std::make_unique<QMenu>())
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &TrayIcon::refresh);
    m_watch.setInterval(WatchIntervalMs);
    connect(&m_watch, &QTimer::timeout, this, &TrayIcon::watchAvailability);
    connect(m_runs, &RunManager::runAdded, this, &TrayIcon::refresh);
    connect(m_runs, &RunManager::runChanged, this, &TrayIcon::refresh);
    connect(m_runs, &RunManager::runRemoved, this, &TrayIcon::refresh);
    // Its history row is written as it starts (after runAdded): a recent task from then on.
    connect(m_runs, &RunManager::runChanged, this, [this](ManagedRun *run) {
        if (run->state() == ManagedRun::State::Running)
            refreshRecent();
    });
    refreshRecent();
    refresh();
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isAvailable()
{
    return availabilityCheck() ? availabilityCheck()() : QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::setAvailabilityCheck(std::function<bool()> check)
{
    availabilityCheck() = std::move(check);
}

void TrayIcon::applySettings()
{
    const bool enabled = QSettings().value(QStringLiteral("tray/enabled"), true).toBool();
    m_shown = enabled && isAvailable();
    if (enabled)
        m_watch.start();
    else
        m_watch.stop();
    if (m_shown && !m_tray) {
        m_tray = new QSystemTrayIcon(m_icon, this);
        m_tray->setObjectName(QStringLiteral("trayIcon"));
        m_tray->setContextMenu(m_menu.get());
        m_tray->setToolTip(m_model.toolTip());
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger
                        || reason == QSystemTrayIcon::DoubleClick)
                        Q_EMIT showRequested();
                });
        m_tray->show();
    } else if (!m_shown && m_tray) {
        m_tray->hide();
        m_tray->deleteLater();
        m_tray = nullptr;
    }
}

bool TrayIcon::keepsAppOnClose() const
{
    // The session ending (logout) closes the window for real: a close ignored then would
    // cancel the logout.
    // Asked now, not as it was at start: with the tray host gone since, a window hidden into
    // the tray could never be brought back (QSystemTrayIcon keeps saying it is visible).
    return m_shown && m_tray && m_tray->isVisible() && isAvailable() && !qApp->isSavingSession()
           && QSettings().value(QStringLiteral("tray/closeToTray"), false).toBool();
}

void TrayIcon::watchAvailability()
{
    if (isAvailable() == m_shown)
        return;
    applySettings();
    if (!m_shown && m_hiddenWindow && m_hiddenWindow->isHidden())
        showWindow(m_hiddenWindow); // nothing else could bring it back
}

void TrayIcon::hideToTray(QWidget *window, UserPrompts *prompts)
{
    QSettings settings;
    if (!settings.value(QStringLiteral("tray/closeToTrayExplained"), false).toBool()) {
        settings.setValue(QStringLiteral("tray/closeToTrayExplained"), true);
        prompts->explainCloseToTray(window); // while the window is up, as its child
    }
    QApplication::setQuitOnLastWindowClosed(false);
    window->removeEventFilter(this); // once
    window->installEventFilter(this);
    m_hiddenWindow = window;
    window->hide();
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show) {
        QApplication::setQuitOnLastWindowClosed(true);
        if (watched == m_hiddenWindow)
            m_hiddenWindow = nullptr;
    }
    return QObject::eventFilter(watched, event);
}

void TrayIcon::showWindow(QWidget *window)
{
    if (window->isMinimized())
        window->showNormal();
    else
        window->show();
    window->raise();
    window->activateWindow();
}

void TrayIcon::refresh()
{
    QVector<TrayModel::LiveRun> live;
    for (const ManagedRun *run : m_runs->runs()) {
        if (!run->isLive())
            continue;
        const TaskRun *process = run->taskRun();
        TrayModel::LiveRun entry;
        entry.task = run->task().name;
        entry.state = run->state() == ManagedRun::State::Restarting ? tr("restarting")
                      : process ? OutcomeText::stateName(process->state()).toLower()
                                : OutcomeText::stateName(TaskRun::State::Starting).toLower();
        entry.elapsed = process ? process->elapsed() : std::chrono::milliseconds(0);
        live.append(entry);
    }
    const int before = m_model.badgeCount();
    m_model.setLiveRuns(live);
    if (m_icon.isNull() || before != m_model.badgeCount())
        m_icon = badgeIcon(appIcon(), m_model.badgeCount());
    if (live.isEmpty())
        m_tick.stop();
    else if (!m_tick.isActive())
        m_tick.start();
    if (m_tray) {
        m_tray->setIcon(m_icon);
        m_tray->setToolTip(m_model.toolTip());
    }
    rebuildMenu();
}

void TrayIcon::setRunsAllowed(bool allowed)
{
    m_model.setRunsAllowed(allowed);
    rebuildMenu();
}

void TrayIcon::refreshRecent()
{
    if (m_history && m_history->isOpen()) {
        RunHistory::Filter filter;
        filter.limit = 100; // enough to find a few distinct tasks among repeated ones
        m_model.setRecentTasks(TrayModel::recentFrom(m_history->runs(filter)));
    }
    rebuildMenu();
}

void TrayIcon::rebuildMenu()
{
    // Only when something changed: the tooltip's tick must not rebuild an open menu.
    const QVector<TrayModel::MenuEntry> entries = m_model.menu();
    QStringList texts;
    for (const TrayModel::MenuEntry &entry : entries)
        texts.append(entry.text + (entry.enabled ? u'1' : u'0'));
    if (m_menu->property("entries").toStringList() == texts)
        return;
    m_menu->setProperty("entries", texts);
    m_menu->clear();
    using Kind = TrayModel::MenuEntry::Kind;
    for (const TrayModel::MenuEntry &entry : entries) {
        if (entry.kind == Kind::Separator) {
            m_menu->addSeparator();
            continue;
        }
        QAction *action = m_menu->addAction(entry.text);
        action->setEnabled(entry.enabled);
        switch (entry.kind) {
        case Kind::Recent: {
            action->setObjectName(QStringLiteral("trayRecentAction"));
            const TrayModel::RecentTask task = m_model.recentTasks().at(entry.recentIndex);
            connect(action, &QAction::triggered, this,
                    [this, task] { Q_EMIT runAgainRequested(task); });
            break;
        }
        case Kind::StopAll:
            action->setObjectName(QStringLiteral("trayStopAllAction"));
            connect(action, &QAction::triggered, m_runs, &RunManager::stopAll);
            break;
        case Kind::Show:
            action->setObjectName(QStringLiteral("trayShowAction"));
            connect(action, &QAction::triggered, this, &TrayIcon::showRequested);
            break;
        case Kind::Quit:
            action->setObjectName(QStringLiteral("trayQuitAction"));
            connect(action, &QAction::triggered, this, &TrayIcon::quitRequested);
            break;
        default:
            break;
        }
    }
}

QIcon TrayIcon::badgeIcon(const QIcon &base, int count)
{
    if (count <= 0)
        return base;
    QIcon icon;
    const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        if (pixmap.isNull() || pixmap.width() != size) {
            QPixmap scaled(size, size);
            scaled.fill(Qt::transparent);
            if (!pixmap.isNull()) {
                QPainter p(&scaled);
                p.drawPixmap(scaled.rect(), pixmap);
            }
            pixmap = scaled;
        }
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        // Over the lower right: a red disc (white on it is 5.9:1) with a ring that parts it
        // from the icon, big enough to read at 16 px.
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(qMax(8, int(size * (text.size() > 1 ? 0.42 : 0.55))));
        painter.setFont(font);
        const int diameter = int(size * 0.66);
        const int width = qMax(diameter, painter.fontMetrics().horizontalAdvance(text) + size / 6);
        const QRectF badge(size - width, size - diameter, width, diameter);
        painter.setPen(QPen(Qt::white, qMax(1.0, size / 16.0)));
        painter.setBrush(QColor(0xc0, 0x1c, 0x28));
        painter.drawRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), diameter / 2.0,
                                diameter / 2.0);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter, text);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}
