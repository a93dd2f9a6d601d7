#include "userprompts.h"

#include <QMessageBox>
#include <QPushButton>

UserPrompts::QuitChoice UserPrompts::askQuitWithLiveRuns(QWidget *parent, int liveRuns)
{
    QMessageBox box(QMessageBox::Question, QObject::tr("Quit taskrunner"),
                    QObject::tr("%n task(s) still running. Stop them and quit?", nullptr, liveRuns),
                    QMessageBox::NoButton, parent);
    QPushButton *stop = box.addButton(QObject::tr("Stop all and quit"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(stop);
    box.exec();
    return box.clickedButton() == stop ? QuitChoice::StopAllAndQuit : QuitChoice::Cancel;
}

bool UserPrompts::confirmDelete(QWidget *parent, const QString &taskName)
{
    return QMessageBox::question(parent, QObject::tr("Delete task"),
                                 QObject::tr("Delete the task \"%1\"?").arg(taskName))
           == QMessageBox::Yes;
}

void UserPrompts::showError(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::warning(parent, title, text);
}
