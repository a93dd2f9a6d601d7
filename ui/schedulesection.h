#pragma once

#include "taskeditorsection.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimeEdit;

// The task editor's schedule (page "Triggers"): none, every N minutes/hours, daily at a time on
// chosen weekdays, or a cron expression checked as it is typed (its error under it); the next
// three fire times of what is there now; "run at start if a time was missed while closed".
class ScheduleSection : public TaskEditorSection
{
    Q_OBJECT
public:
    explicit ScheduleSection(const Task &task, QWidget *parent = nullptr);

    void store(Task *task) const override;
    QStringList problems(const Task &task) const override;

private:
    TaskSchedule schedule() const;
    void update();

    QComboBox *m_kind = nullptr;
    QList<QWidget *> m_pages; // one per TaskSchedule::Kind
    QSpinBox *m_every = nullptr;
    QComboBox *m_unit = nullptr;
    QTimeEdit *m_at = nullptr;
    QList<QCheckBox *> m_weekdays; // Monday first
    QLineEdit *m_cron = nullptr;
    QLabel *m_cronError = nullptr;
    QLabel *m_next = nullptr;
    QCheckBox *m_runIfMissed = nullptr;
};
