#pragma once

#include "taskeditorsection.h"

class QComboBox;
class QLabel;
class QLineEdit;

// The task editor's "When already running" and "Exclusive group" (page Running): what a run
// does when the task already has one, and which runs it must never overlap.
class ConcurrencySection : public TaskEditorSection
{
    Q_OBJECT
public:
    ConcurrencySection(const Task &task, const TaskEditorContext &context,
                       QWidget *parent = nullptr);

    void store(Task *task) const override;
    QStringList problems(const Task &task) const override;

    static constexpr int MaxGroupLength = 80;

private:
    void explain();

    QComboBox *m_whenRunning = nullptr;
    QLineEdit *m_group = nullptr;
    QLabel *m_note = nullptr;
};
