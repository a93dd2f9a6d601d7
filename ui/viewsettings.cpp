#include "viewsettings.h"

#include <QAction>
#include <QDockWidget>
#include <QSettings>
#include <QWidget>

namespace ViewSettings {

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

} // namespace ViewSettings
