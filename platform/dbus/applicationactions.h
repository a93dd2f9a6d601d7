#pragma once

#include <QString>

// What the desktop app does when it is asked from outside - a second launch, the desktop's
// launcher, its actions - through org.freedesktop.Application (ApplicationAdaptor). The front
// end implements it over its window; the adaptor knows nothing of windows.
class ApplicationActions
{
public:
    virtual ~ApplicationActions() = default;

    // Show the window, raised and focused. token: the launcher's activation token or startup
    // id (platform data), empty when none came.
    virtual void activate(const QString &token) = 0;
    // The editor for a new task.
    virtual void newTask(const QString &token) = 0;
    // The quick-run box, focused.
    virtual void quickRun(const QString &token) = 0;
    // Runs the saved task of that name and shows it; or says why not, with *error in words.
    enum class RunRefusal { None, NoSuchTask, Refused /* quitting */ };
    virtual RunRefusal runTask(const QString &name, const QString &token, QString *error) = 0;
};
