#pragma once

#include "triggersource.h"

#include <QHash>
#include <QString>

#include <memory>

class FileWatchTrigger;

// The tasks' file-change triggers as a TriggerSource: one FileWatchTrigger per task that
// watches paths, kept across re-arming while its watch and working directory stay the same
// (re-arming a watch on a big tree would cost a walk of the tree at every library save). A
// trigger that cannot watch all of its paths (one does not exist, the inotify limit) keeps its
// problem for the task list and is armed again when a path appears.
class FileWatchTriggers : public TriggerSource
{
    Q_OBJECT
public:
    explicit FileWatchTriggers(QObject *parent = nullptr);
    ~FileWatchTriggers() override;

    void arm(const QList<Task> &tasks) override;
    Status status(const QString &taskId) const override;

    // "on change in src, docs (restarts the run)".
    static QString describe(const TaskWatch &watch);

private:
    struct Armed
    {
        TaskWatch watch;
        QString baseDirectory;
        std::unique_ptr<FileWatchTrigger> trigger;
    };
    QHash<QString, std::shared_ptr<Armed>> m_armed; // by task id
};
