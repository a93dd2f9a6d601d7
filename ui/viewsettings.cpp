#include "viewsettings.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QSettings>
#include <QWidget>

namespace ViewSettings {

namespace {
constexpr const char *SettingProperty = "viewSetting"; // on a kept dock: its setting's key
} // namespace

void keep(QAction *toggle, const char *key, bool byDefault)
{
    const QString name = QLatin1String(key);
    toggle->setChecked(QSettings().value(name, byDefault).toBool());
    QObject::connect(toggle, &QAction::toggled, toggle,
                     [name](bool on) { QSettings().setValue(name, on); });
}

void keep(QDockWidget *dock, const char *key, bool byDefault)
{
    const QString name = QLatin1String(key);
    dock->setProperty(SettingProperty, name);
    dock->setVisible(QSettings().value(name, byDefault).toBool());
    // The toggle action follows the dock shown or hidden by the user (the menu, its close
    // button) - and by the window taking its docks down as it goes, which is not a choice: only
    // a change while the window is on screen is kept.
    QObject::connect(dock->toggleViewAction(), &QAction::toggled, dock, [name, dock](bool on) {
        const QWidget *window = dock->parentWidget();
        if (window && window->isVisible())
            QSettings().setValue(name, on);
    });
}

void restoreDocks(QMainWindow *window, const QByteArray &state)
{
    if (state.isEmpty() || !window->restoreState(state))
        return;
    const QList<QDockWidget *> docks = window->findChildren<QDockWidget *>();
    for (QDockWidget *dock : docks) {
        const QString name = dock->property(SettingProperty).toString();
        if (!name.isEmpty() && QSettings().contains(name))
            dock->setVisible(QSettings().value(name).toBool());
    }
}

} // namespace ViewSettings
