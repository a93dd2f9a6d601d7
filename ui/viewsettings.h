#pragma once

class QAction;
class QByteArray;
class QDockWidget;
class QMainWindow;

// The View menu's choices, kept across restarts in the settings (view/lineNumbers,
// view/timestamps, view/softWrap, view/history): each is read back at start and written as soon
// as the user changes it, so a crash does not forget it either.
namespace ViewSettings {
// A checkable action: checked as the setting says (its toggled() applies it), and saved when
// toggled.
void keep(QAction *toggle, const char *key, bool byDefault);
// A dock shown or hidden as the setting says, and saved when the user shows or hides it.
void keep(QDockWidget *dock, const char *key, bool byDefault);
// The docks' places and sizes as QMainWindow::saveState() gave them; whether each kept dock
// shows stays its setting's.
void restoreDocks(QMainWindow *window, const QByteArray &state);
} // namespace ViewSettings
