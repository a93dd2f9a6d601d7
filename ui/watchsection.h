#pragma once

#include "taskeditorsection.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// The task editor's file-change trigger (page "Triggers"): the paths to watch, one a line
// (relative ones from the task's working directory), include and ignore globs, recursive, the
// debounce, and whether a change restarts a run still going. A path that does not exist is not
// a problem - the trigger waits for it, and the task list says so - but the section says it,
// under the paths, so that a typo is seen at once.
class WatchSection : public TaskEditorSection
{
    Q_OBJECT
public:
    WatchSection(const Task &task, const TaskEditorContext &context, QWidget *parent = nullptr);

    void store(Task *task) const override;
    QStringList problems(const Task &task) const override;

private:
    void updateEnabled();

    QPlainTextEdit *m_paths;
    QLineEdit *m_include;
    QLineEdit *m_ignore;
    QCheckBox *m_recursive;
    QSpinBox *m_debounce;
    QCheckBox *m_restart;
    QLabel *m_missing;
};
