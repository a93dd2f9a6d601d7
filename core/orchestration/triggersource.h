#pragma once

#include "task.h"

#include <QList>
#include <QObject>
#include <QString>

// One kind of trigger (a schedule, a file change) for all the library's tasks: armed with the
// tasks as they are, it says when one should run (fired) and how each task's trigger is
// (status, for the task list). TriggerHub (ui) holds one of each kind, arms them again when the
// library changes and starts what they fire; a new kind is a subclass and one line there.
class TriggerSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    struct Status
    {
        QString mark;    // a short sign for the task list ("◷")
        QString summary; // what it is and when next ("every 5 min · next 14:05")
        QString problem; // why it cannot be armed, empty when it is
        bool isSet() const { return !summary.isEmpty() || !problem.isEmpty(); }
    };

    // Arms the triggers of these tasks (the library's, as they are now) and disarms the rest.
    virtual void arm(const QList<Task> &tasks) = 0;
    // This kind's trigger of the task (nothing set: it has none).
    virtual Status status(const QString &taskId) const = 0;

Q_SIGNALS:
    // The task should run now; trigger: RunTriggers' word for what started it.
    void fired(const QString &taskId, const QString &trigger);
    // What status() says may have changed (armed again, fired, a next time moved).
    void statusChanged();
    // Something a user should hear once (missed fire times), one sentence.
    void note(const QString &text);
};
