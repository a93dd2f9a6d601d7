#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QWidget;

// Every question the app asks the user, behind one seam: the app uses the real message boxes,
// tests install answers in advance (as KeePassXC's MessageBox::setNextAnswer does) and are
// never blocked by a modal dialog.
class UserPrompts
{
public:
    enum class QuitChoice { StopAllAndQuit, Cancel };
    enum class CloseLiveChoice { Stop, KeepInBackground, Cancel };

    virtual ~UserPrompts() = default;
    virtual QuitChoice askQuitWithLiveRuns(QWidget *parent, int liveRuns);
    // Closing the tab of a run that is still live: stop it, or keep it running without a tab
    // (reachable from the history panel and counted in the status bar).
    virtual CloseLiveChoice askCloseLiveRun(QWidget *parent, const QString &taskName);
    virtual bool confirmDelete(QWidget *parent, const QString &taskName);
    // Deleting recorded runs also deletes their logs: asked first.
    virtual bool confirmDeleteRuns(QWidget *parent, int runs);
    // Processes of runs of a taskrunner that died (a SIGKILL, a crash, its guardian killed
    // too), one line each: kill them?
    virtual bool confirmKillLeftovers(QWidget *parent, const QStringList &leftovers);
    virtual void showError(QWidget *parent, const QString &title, const QString &text);
    // Help > About: what the program is, and which containment its runs get.
    virtual void showAbout(QWidget *parent, const QString &title, const QString &text);

    // The user runs a task already running, whose policy is "ask": Restart, Run another or
    // Cancel. Asynchronous: the real one opens AlreadyRunningDialog with open() and calls
    // chosen(answer) once (not at all if parent is gone by then). runs: the task's live or
    // queued runs.
    enum class AlreadyRunningChoice { Restart, RunAnother, Cancel };
    virtual void askAlreadyRunning(QWidget *parent, const QString &taskName, int runs,
                                   std::function<void(AlreadyRunningChoice)> chosen);

    // The window was closed into the system tray, the first time: it says where the app went
    // and how to quit it.
    virtual void explainCloseToTray(QWidget *parent);

    // A file or folder chosen by the user. Asynchronous: the real one opens a window-modal
    // QFileDialog with open(), never a nested event loop, and calls chosen(path) once the user
    // accepts (not at all on Cancel, nor if parent is gone by then). Tests call chosen(path) -
    // or not - at once. start: the folder or suggested file name; filter: as QFileDialog's.
    enum class FileChoice { Open, Save, Directory };
    virtual void chooseFile(QWidget *parent, FileChoice choice, const QString &title,
                            const QString &start, const QString &filter,
                            std::function<void(const QString &path)> chosen);
};

// Writes data to path atomically (a failed write leaves any old file as it was); on failure, says
// so through prompts, under title. Save output and Export tasks write their files so.
bool writeFileOrSay(UserPrompts *prompts, QWidget *parent, const QString &path,
                    const QByteArray &data, const QString &title);
