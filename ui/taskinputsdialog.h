#pragma once

#include "task.h"

#include <QDialog>
#include <QList>
#include <QMap>
#include <QString>

class QComboBox;
class QLineEdit;

// Asks for a task's parameters before it is run by hand: one field per parameter (a list of
// its choices, or a line), under its prompt, filled with the value used last time for this task
// (kept in the settings), else its default. Run runs with these values - it stays off while a
// parameter without a default is empty; Cancel runs nothing.
// Shown with open(), never exec(): the window goes on meanwhile.
class TaskInputsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TaskInputsDialog(const Task &task, QWidget *parent = nullptr);

    // Whether starting task so asks first: it has parameters and a person started it (the
    // window's Run, the tray). A trigger, D-Bus or a rerun take the defaults or the values of
    // the run repeated, without asking.
    static bool asksFor(const Task &task, const QString &trigger);

    QMap<QString, QString> values() const;
    // The values of the last accepted dialog for this task, by name.
    static QMap<QString, QString> remembered(const Task &task);

private:
    void remember() const;

    Task m_task;
    QList<QPair<QString, QWidget *>> m_fields; // (name, its QComboBox or QLineEdit)
    QList<QLineEdit *> m_required;             // the fields of parameters without a default
};
