#include "alreadyrunningdialog.h"

#include <QPushButton>

AlreadyRunningDialog::AlreadyRunningDialog(const QString &taskName, int runs, QWidget *parent)
    : QMessageBox(parent)
{
    setObjectName(QStringLiteral("alreadyRunningDialog"));
    setIcon(QMessageBox::Question);
    setWindowTitle(tr("Already running"));
    setText(runs == 1 ? tr("'%1' is already running.").arg(taskName)
                      : tr("'%1' already has %2 runs.").arg(taskName).arg(runs));
    setInformativeText(tr("Restart stops it (its grace period) and starts again once it has "
                          "ended. The task's editor, page Running, can make this the rule."));
    const auto button = [this](const char *name, const QString &text, const QString &accessible,
                               ButtonRole role, Choice choice) {
        QPushButton *added = addButton(text, role);
        added->setObjectName(QLatin1String(name));
        added->setAccessibleName(accessible);
        connect(added, &QPushButton::clicked, this, [this, choice] {
            m_told = true;
            Q_EMIT chosen(choice);
        });
        return added;
    };
    QPushButton *restart = button("restartButton", tr("&Restart"), tr("Restart the running one"),
                                  QMessageBox::AcceptRole, Choice::Restart);
    button("runAnotherButton", tr("Run &another"), tr("Run another beside it"),
           QMessageBox::AcceptRole, Choice::RunAnother);
    QPushButton *cancel = button("cancelButton", tr("Cancel"), tr("Cancel: start nothing"),
                                 QMessageBox::RejectRole, Choice::Cancel);
    setDefaultButton(restart);
    setEscapeButton(cancel);
    // Closed by the window manager or Escape without a button's click: Cancel.
    connect(this, &QDialog::finished, this, [this] {
        if (!m_told) {
            m_told = true;
            Q_EMIT chosen(Choice::Cancel);
        }
    });
}
