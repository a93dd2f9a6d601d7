#pragma once

#include "triggersource.h"

#include <QList>
#include <QObject>
#include <QTimer>

class ScheduleTriggers;
class TaskLibrary;

// The window's triggers: one TriggerSource per kind (schedules; file changes join with one
// addSource() line), armed with the library's tasks and again at each change of the library.
// What they fire becomes launchRequested(task, trigger), which the window starts through its
// launcher like any run (a trigger never asks: the launcher's policies decide). Triggers fire only
// while the app runs.
class TriggerHub : public QObject
{
    Q_OBJECT
public:
    // library: the tasks armed (not owned, outlives the hub).
    explicit TriggerHub(const TaskLibrary *library, QObject *parent = nullptr);

    // Adds a kind of trigger (the hub takes it as a child) and arms it with the library.
    void addSource(TriggerSource *source);
    ScheduleTriggers *schedules() const { return m_schedules; }
    // Each kind's trigger of the task that has one, for the task list.
    QList<TriggerSource::Status> statuses(const QString &taskId) const;

Q_SIGNALS:
    void launchRequested(const Task &task, const QString &trigger);
    // What statuses() says may have changed; once for many changes at once (200 tasks firing
    // in one second refresh the task list once, not 200 times).
    void statusChanged();
    void note(const QString &text);

private:
    void armAll();

    const TaskLibrary *m_library;
    QList<TriggerSource *> m_sources;
    ScheduleTriggers *m_schedules = nullptr;
    QTimer m_statusSettle;
};
