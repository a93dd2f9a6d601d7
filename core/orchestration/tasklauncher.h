#pragma once

#include "instanceadmission.h"
#include "runrequest.h"

#include <QObject>
#include <QString>

class RunGroups;
class RunLimitGate;
class RunManager;
class TaskLibrary;

// The one way a task is started, whoever asks: the window's Run, a schedule, a file change,
// D-Bus, the tray, a notification's Rerun. What comes before a run - the task's dependencies,
// its parameters, what to do when the task is already running - is decided here, once, so that
// every front end and every trigger gets the same behaviour.
class TaskLauncher : public QObject
{
    Q_OBJECT
public:
    // runs: where the runs are made (not owned, outlives the launcher).
    explicit TaskLauncher(RunManager *runs, QObject *parent = nullptr);

    // Where dependencies are looked up by name (not owned; may be null: no dependencies run).
    void setLibrary(const TaskLibrary *library) { m_library = library; }
    const TaskLibrary *library() const { return m_library; }
    RunManager *runManager() const { return m_runs; }
    // The most runs live at once (the setting runs/maxConcurrent; 0, the default, is no
    // limit): more wait in the manager's queue, oldest first.
    void setMaxConcurrentRuns(int limit);
    int maxConcurrentRuns() const;
    // What to do when a task is already running (its instance policy): see InstanceAdmission.
    const InstanceAdmission &instances() const { return m_instances; }

    struct Launch
    {
        quint64 runId = 0; // the run of the task itself (its dependencies' runs come first)
        QString refusal;   // why nothing was started, when runId is 0: one sentence for a user
        bool started() const { return runId != 0; }
    };
    // A task with dependencies is launched as a group (RunGroups): its dependencies' runs and
    // its own, made at once, each held until what it waits for has succeeded. A cycle, an
    // unknown or deleted dependency refuses the launch: nothing starts.
    Launch launch(const RunRequest &request);
    RunGroups *groups() const { return m_groups; }

Q_SIGNALS:
    // A launch that started nothing, with the reason (what a window's status bar says).
    void refused(const QString &taskName, const QString &reason);

private:
    RunManager *m_runs;
    const TaskLibrary *m_library = nullptr;
    RunGroups *m_groups; // child
    InstanceAdmission m_instances;
    RunLimitGate *m_limit = nullptr; // the manager's
};
