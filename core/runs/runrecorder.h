#pragma once

#include "runrecord.h"

#include <QObject>

class RunHistory;
class TaskRun;

// Writes one run to the history: a row when it starts (so a crash leaves it "running", later
// "interrupted"), completed with its result and output counts when it finishes. The history
// must outlive the recorder; a history that failed to open records nothing.
class RunRecorder : public QObject
{
    Q_OBJECT
public:
    RunRecorder(RunHistory *history, TaskRun *run, const QString &taskName, const QString &trigger,
                QObject *parent = nullptr);

    // The library task's id, when a saved task runs; before begin().
    void setTaskId(const QString &id) { m_record.taskId = id; }
    // One more attempt of the same run (a service restarted by its policy): its output is
    // counted in the same row. The owner finishes the row (finish()) when the last one ends.
    void followAttempt(TaskRun *run);
    // Records the start; call just before TaskRun::start(). The run's id (0 when not recorded).
    qint64 begin(const QString &logPath = QString());
    qint64 runId() const { return m_record.id; }
    // Completes the row with the run's result; once (it is also called on TaskRun::finished,
    // but a front end that may end the process first calls it itself).
    void finish(const RunResult &result);

Q_SIGNALS:
    void recorded(qint64 runId); // the finished run is in the history

private:
    RunHistory *m_history;
    RunRecord m_record;
};
