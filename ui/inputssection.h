#pragma once

#include "taskeditorsection.h"

class QLineEdit;
class QTableWidget;
class UserPrompts;

// The task editor's page "Parameters": the task's parameters (${input:NAME}) in a table - name,
// prompt, default (checked: it has one, empty or not; unchecked: a value must be given) and
// choices (comma-separated; "\," for a comma inside one) - and its .env file. Their problems
// (a bad or repeated name, a placeholder naming no parameter) are validateTask()'s.
class InputsSection : public TaskEditorSection
{
    Q_OBJECT
public:
    InputsSection(const Task &task, UserPrompts *prompts, QWidget *parent = nullptr);

    void store(Task *task) const override;

private:
    void addRow(const TaskInput &input);

    QTableWidget *m_table = nullptr;
    QLineEdit *m_envFile = nullptr;
};
