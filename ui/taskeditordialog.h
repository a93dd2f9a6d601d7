#pragma once

#include "task.h"
#include "taskeditorsection.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QTableWidget;
class QTabWidget;
class UserPrompts;

// Creates or edits a task. Problems are shown inline as the user types, and the OK button stays
// off - saying why - until there are none. Limits this machine cannot apply are not a problem of
// the task (it may be run elsewhere, or once cgroups are set up): a note under them says why
// they cannot be applied here, OK still saves, and a run refuses to start, saying so.
class TaskEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // otherNames: names the task may not take (the library's other tasks). prompts (not owned,
    // outlives the dialog) chooses the working directory for Browse.
    // context: the library's other tasks, for the sections that refer to them.
    TaskEditorDialog(const Task &task, const QStringList &otherNames, UserPrompts *prompts,
                     QWidget *parent = nullptr, const TaskEditorContext &context = {});

    Task task() const;
    QStringList problems() const;
    // The page titled page ("Command", "Running", "Triggers", "Parameters"), made when first
    // asked for: where a section goes.
    QWidget *page(const QString &title);

private:
    void addSection(const QString &pageTitle, TaskEditorSection *section);

    void revalidate();
    void updateLimitsNote(const RunLimits &limits);
    void addEnvironmentRow(const QString &name, const QString &value);

    QStringList m_otherNames;
    TaskEditorContext m_context;
    QTabWidget *m_pages = nullptr;
    QList<TaskEditorSection *> m_sections; // in the order added
    QLineEdit *m_name = nullptr;
    QRadioButton *m_shellMode = nullptr;
    QRadioButton *m_programMode = nullptr;
    QPlainTextEdit *m_script = nullptr;
    QLineEdit *m_program = nullptr;
    QLineEdit *m_arguments = nullptr;
    QLineEdit *m_directory = nullptr;
    QTableWidget *m_environment = nullptr;
    QLineEdit *m_timeout = nullptr;
    QLineEdit *m_grace = nullptr;
    QCheckBox *m_leaveLeftovers = nullptr;
    QCheckBox *m_pty = nullptr;
    QLineEdit *m_memoryMax = nullptr;
    QLineEdit *m_cpuMax = nullptr;
    QLineEdit *m_pidsMax = nullptr;
    QLabel *m_limitsNote = nullptr;
    QLabel *m_problems = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
