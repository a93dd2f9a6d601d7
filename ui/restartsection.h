#pragma once

#include "taskeditorsection.h"

class QComboBox;
class QLabel;
class QLineEdit;

// The task editor's restart policy (page "Running"): when a run is started again (never, on
// failure, always) and when to give up (N restarts within M minutes). The numbers are typed,
// so a bad one is a problem that names the field rather than a value silently clamped.
class RestartSection : public TaskEditorSection
{
    Q_OBJECT
public:
    explicit RestartSection(const Task &task, const TaskEditorContext &context = {},
                            QWidget *parent = nullptr);

    void store(Task *task) const override;
    QStringList problems(const Task &task) const override;

private:
    void updateEnabled();

    QComboBox *m_when = nullptr;
    QLineEdit *m_maxRestarts = nullptr;
    QLineEdit *m_withinMinutes = nullptr;
    QLabel *m_note = nullptr;
};
