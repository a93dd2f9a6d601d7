#pragma once

#include <QAbstractListModel>
#include <QIcon>
#include <QPointer>
#include <QVector>

class QDateTime;
class RunHistory;
class RunManager;
class TaskLibrary;
class TaskTrendsCache;
class TriggerHub;
struct RunRecord;

// The library's tasks as a list, in the library's order: each task's name, and how its last run
// went, from the history (this app's runs and the CLI's): a colour dot, and "exited 0 · 2 min
// ago · 14 s" for the delegate and the tooltip. A run still held by this app says its state as
// it is now: "stopping" (SIGTERM sent, waiting for the end) or "paused", not the history's
// "running". Refreshes itself when the library changes; refresh() when the history or a run's
// state may have (then the rows stay, and only what they show changes).
class TaskListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        LastRunRole = Qt::UserRole + 1, // the last run in words; empty when it has never run
        TaskIdRole,                     // Task::id
        TriggerMarkRole, // a sign per trigger ("◷", "⚠" when one cannot be armed)
    };

    explicit TaskListModel(const TaskLibrary *library, QObject *parent = nullptr);
    // Where the last runs come from (not owned; null: none shown). Refreshes.
    void setHistory(RunHistory *history);
    // The runs this app holds, for their state now (not owned; null: the history's word).
    void setRuns(const RunManager *runs);
    // The tasks' triggers, in the tooltip ("◷ every 5 min · next 14:05", or why one cannot be
    // armed) and as a mark (not owned; null: none shown). Refreshes, and again when they change.
    void setTriggers(const TriggerHub *triggers);
    // Each task's last runs in the tooltip ("Last 20 runs: 17 succeeded, 3 failed (15 %) · ...",
    // and a sparkline); then the tooltip is rich text. Read from the cache when a tooltip shows,
    // never by refresh() (not owned; null: no trends).
    void setTrends(TaskTrendsCache *trends);
    void refresh();

    // "exited 0 · 2 min ago · 14 s": how a run went, how long ago it started, how long it took.
    // how: instead of the record's outcome ("stopping" for a run the record says is running).
    static QString lastRunWords(const RunRecord &record, const QDateTime &now,
                                const QString &how = QString());

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    struct Row
    {
        QString id;
        QString name;
        QString toolTip;
        QString lastRun;
        QIcon dot;
        QString triggerMarks;
        QString triggerWords; // for assistive technology, beside the last run
    };

    const TaskLibrary *m_library;
    RunHistory *m_history = nullptr;
    QPointer<const RunManager> m_runs;
    QPointer<const TriggerHub> m_triggers;
    QPointer<TaskTrendsCache> m_trends;
    QVector<Row> m_rows;
};
