#pragma once

#include <QString>

class QWidget;

// Every question the app asks the user, behind one seam: the app uses the real message boxes,
// tests install answers in advance (as KeePassXC's MessageBox::setNextAnswer does) and are
// never blocked by a modal dialog.
class UserPrompts
{
public:
    enum class QuitChoice { StopAllAndQuit, Cancel };

    virtual ~UserPrompts() = default;
    virtual QuitChoice askQuitWithLiveRuns(QWidget *parent, int liveRuns);
    virtual bool confirmDelete(QWidget *parent, const QString &taskName);
    virtual void showError(QWidget *parent, const QString &title, const QString &text);
};
