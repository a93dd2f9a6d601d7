#pragma once

#include "runhistory.h"
#include "tasktrends.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class RunManager;
class ManagedRun;

// Each task's trends, read from the history once and kept until they may have changed: a run of
// the task started or ended in this app (RunManager's signals), or another program (the CLI)
// wrote to the history (its data_version moved: everything is read again). What a tooltip asks
// for each time it shows, without a query each time.
class TaskTrendsCache : public QObject
{
    Q_OBJECT
public:
    explicit TaskTrendsCache(QObject *parent = nullptr);

    // Where the runs come from (not owned; null: every task has none). Forgets everything.
    void setHistory(const RunHistory *history);
    // Whose runs' starts and ends make a task's trends stale (not owned).
    void setRuns(const RunManager *runs);
    // The N of "the last N runs" (at least 1). Forgets everything.
    void setRunCount(int count);
    int runCount() const { return m_count; }

    // There is a history to read (an open one): without, a task's trends are not "no runs yet"
    // but unknown, and not shown.
    bool isAvailable() const { return m_history && m_history->isOpen(); }
    // The task's trends, read now if they are not known.
    const TaskTrends &trends(const QString &taskId);
    // How many times trends() read the history (for tests and the benchmark).
    int reads() const { return m_reads; }

public Q_SLOTS:
    void invalidate(const QString &taskId);
    void invalidateAll();

Q_SIGNALS:
    // The task's trends may be others now (empty id: every task's).
    void changed(const QString &taskId);

private:
    void onRun(ManagedRun *run);

    const RunHistory *m_history = nullptr;
    QPointer<const RunManager> m_runs;
    int m_count = TaskTrends::DefaultRunCount;
    QHash<QString, TaskTrends> m_trends;
    qint64 m_othersStamp = -1; // the history's data_version when m_trends was last checked
    int m_reads = 0;
};
