#pragma once

#include "traymodel.h"

#include <QIcon>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QMenu;
class QSystemTrayIcon;
class QWidget;
class RunHistory;
class RunManager;
class UserPrompts;

// The app in the system tray: its icon with the live-run count drawn over it, a tooltip listing
// the live runs, and a menu - the recent tasks to run again, Stop all, Show, Quit. What it shows
// is TrayModel's; this only puts it on a QSystemTrayIcon, made only while the tray is shown.
//
// Shown when the setting tray/enabled [true] is on and a system tray is available (none under
// a bare X server or offscreen: then nothing is shown and closing the window quits as always).
// With tray/closeToTray [false] on, closing the window hides it instead (keepsAppOnClose()).
//
// The tray host can go away during the session (its panel killed or restarted) and come back:
// the availability is looked at again every WatchInterval while the icon is enabled. Gone, the
// icon is dropped and a window hidden into the tray is shown again (else the app would be
// running with no window and no icon); back, the icon is shown again.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    // runs: whose live runs are counted and which Stop all stops; history: where recent tasks
    // are read (may be null). Neither owned; both outlive this.
    TrayIcon(RunManager *runs, RunHistory *history, QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether the desktop has a system tray: QSystemTrayIcon::isSystemTrayAvailable() unless a
    // test has said otherwise.
    static bool isAvailable();
    static void setAvailabilityCheck(std::function<bool()> check); // empty: the real one

    // Reads tray/enabled and shows or hides the icon accordingly.
    void applySettings();
    bool isShown() const { return m_shown; }
    // Closing the window keeps the app in the tray: the icon shown and a tray available at this
    // moment (not as it was at start), and tray/closeToTray on (and not the session ending).
    bool keepsAppOnClose() const;

    // The window closed into the tray: hidden, its runs going on; the first time, prompts say so
    // (tray/closeToTrayExplained remembers it). The app no longer quits when its last window
    // closes (a message box closed while hidden would end it) until showWindow().
    void hideToTray(QWidget *window, UserPrompts *prompts);
    // Shown again, raised and activated. (However the window comes back - here, or raised by
    // another launch - the app quits with its last window again.)
    static void showWindow(QWidget *window);

    // While the app quits: the menu's recent tasks disabled (the window's rule, said there).
    void setRunsAllowed(bool allowed);
    const TrayModel &model() const { return m_model; }
    QMenu *menu() const { return m_menu.get(); }
    QIcon icon() const { return m_icon; }
    // The app's icon with count in a red badge at its top right; base itself for 0.
    static QIcon badgeIcon(const QIcon &base, int count);

    static constexpr int WatchIntervalMs = 2000;

public Q_SLOTS:
    void refresh();       // the live runs: badge, tooltip, Stop all
    void refreshRecent(); // the recent tasks, from the history

Q_SIGNALS:
    void showRequested(); // Show, or the icon clicked
    void quitRequested(); // Quit: the window's careful quit
    void runAgainRequested(const TrayModel::RecentTask &task);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuildMenu();
    void watchAvailability(); // the tray gone or back: see the class comment

    RunManager *m_runs;
    RunHistory *m_history;
    TrayModel m_model;
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon *m_tray = nullptr; // child, while shown
    QIcon m_icon;
    bool m_shown = false;
    QTimer m_tick;                    // the tooltip's elapsed times, while runs are live
    QTimer m_watch;                   // the tray's availability, while tray/enabled is on
    QPointer<QWidget> m_hiddenWindow; // hidden into the tray, until shown again
};
