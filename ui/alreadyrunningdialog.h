#pragma once

#include <QMessageBox>

// Asked when the user runs a task that is already running and whose policy is "ask": Restart
// (stop the running one, then start), Run another (beside it) or Cancel. Not modal to the app
// and never a nested event loop: it is opened with open() and tells its answer by a signal.
class AlreadyRunningDialog : public QMessageBox
{
    Q_OBJECT
public:
    enum class Choice { Restart, RunAnother, Cancel };
    Q_ENUM(Choice)

    // runs: how many of the task's runs are live or queued.
    AlreadyRunningDialog(const QString &taskName, int runs, QWidget *parent = nullptr);

Q_SIGNALS:
    void chosen(AlreadyRunningDialog::Choice choice); // once; Cancel when closed otherwise

private:
    bool m_told = false;
};
