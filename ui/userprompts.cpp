#include "userprompts.h"

#include "alreadyrunningdialog.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>

UserPrompts::QuitChoice UserPrompts::askQuitWithLiveRuns(QWidget *parent, int liveRuns)
{
    QMessageBox box(
        QMessageBox::Question, QObject::tr("Quit taskrunner"),
        liveRuns == 1
            ? QObject::tr("A task is still running. Stop it and quit?")
            : QObject::tr("%1 tasks are still running. Stop them and quit?").arg(liveRuns),
        QMessageBox::NoButton, parent);
    QPushButton *stop = box.addButton(QObject::tr("Stop all and quit"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(stop);
    box.exec();
    return box.clickedButton() == stop ? QuitChoice::StopAllAndQuit : QuitChoice::Cancel;
}

UserPrompts::CloseLiveChoice UserPrompts::askCloseLiveRun(QWidget *parent, const QString &taskName)
{
    QMessageBox box(QMessageBox::Question, QObject::tr("Close a live run"),
                    QObject::tr("\"%1\" is still running.").arg(taskName), QMessageBox::NoButton,
                    parent);
    QPushButton *stop = box.addButton(QObject::tr("Stop it"), QMessageBox::DestructiveRole);
    QPushButton *keep
        = box.addButton(QObject::tr("Keep it running in the background"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == stop)
        return CloseLiveChoice::Stop;
    return box.clickedButton() == keep ? CloseLiveChoice::KeepInBackground
                                       : CloseLiveChoice::Cancel;
}

bool UserPrompts::confirmDelete(QWidget *parent, const QString &taskName)
{
    return QMessageBox::question(parent, QObject::tr("Delete task"),
                                 QObject::tr("Delete the task \"%1\"?").arg(taskName))
           == QMessageBox::Yes;
}

bool UserPrompts::confirmDeleteRuns(QWidget *parent, int runs)
{
    return QMessageBox::question(
               parent, QObject::tr("Delete runs"),
               runs == 1 ? QObject::tr("Delete this run and its log?")
                         : QObject::tr("Delete these %1 runs and their logs?").arg(runs))
           == QMessageBox::Yes;
}

bool UserPrompts::confirmKillLeftovers(QWidget *parent, const QStringList &leftovers)
{
    return QMessageBox::question(
               parent, QObject::tr("Runs left behind"),
               QObject::tr("A taskrunner that ended unexpectedly left these running:\n\n%1\n\n"
                           "Kill them?")
                   .arg(leftovers.join(QLatin1Char('\n'))))
           == QMessageBox::Yes;
}

void UserPrompts::showError(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::warning(parent, title, text);
}

void UserPrompts::showAbout(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::about(parent, title, text);
}

void UserPrompts::explainCloseToTray(QWidget *parent)
{
    QMessageBox::information(
        parent, QObject::tr("Still running in the tray"),
        QObject::tr("taskrunner keeps running in the system tray, and so do its runs. Click its "
                    "icon there to show the window again; choose Quit in its menu (or press "
                    "Ctrl+Q in the window) to quit.\n\nEdit ▸ Preferences turns this off."));
}

void UserPrompts::askAlreadyRunning(QWidget *parent, const QString &taskName, int runs,
                                    std::function<void(AlreadyRunningChoice)> chosen)
{
    auto *dialog = new AlreadyRunningDialog(taskName, runs, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The dialog is the parent's child: gone with it, and chosen is then never called.
    QObject::connect(dialog, &AlreadyRunningDialog::chosen, dialog,
                     [chosen = std::move(chosen)](AlreadyRunningDialog::Choice choice) {
                         chosen(choice == AlreadyRunningDialog::Choice::Restart
                                    ? AlreadyRunningChoice::Restart
                                : choice == AlreadyRunningDialog::Choice::RunAnother
                                    ? AlreadyRunningChoice::RunAnother
                                    : AlreadyRunningChoice::Cancel);
                     });
    dialog->open();
}

void UserPrompts::chooseFile(QWidget *parent, FileChoice choice, const QString &title,
                             const QString &start, const QString &filter,
                             std::function<void(const QString &path)> chosen)
{
    auto *dialog = new QFileDialog(parent, title, start, filter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    switch (choice) {
    case FileChoice::Open:
        dialog->setAcceptMode(QFileDialog::AcceptOpen);
        dialog->setFileMode(QFileDialog::ExistingFile);
        break;
    case FileChoice::Save:
        dialog->setAcceptMode(QFileDialog::AcceptSave); // asks before replacing a file
        dialog->setFileMode(QFileDialog::AnyFile);
        break;
    case FileChoice::Directory:
        dialog->setAcceptMode(QFileDialog::AcceptOpen);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        break;
    }
    // The dialog is the parent's child: if the parent goes first, so does the dialog, and chosen
    // (which may refer to the parent) is never called.
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog,
                     [chosen = std::move(chosen)](const QString &path) {
                         if (!path.isEmpty())
                             chosen(path);
                     });
    dialog->open();
}

bool writeFileOrSay(UserPrompts *prompts, QWidget *parent, const QString &path,
                    const QByteArray &data, const QString &title)
{
    QSaveFile file(path); // atomic: a failed write leaves any old file as it was
    if (file.open(QIODevice::WriteOnly) && file.write(data) >= 0 && file.commit())
        return true;
    prompts->showError(parent, title,
                       QObject::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return false;
}
