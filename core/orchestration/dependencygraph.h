#pragma once

#include "task.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// How to run a task with its dependencies, worked out from the library's tasks alone (no runs,
// no QObject): which tasks run, each once however many paths reach it (a diamond), and what each
// waits for. A task's own dependencies come before it, transitively; in Sequence each listed
// dependency also waits for the ones listed before it (unless one of those itself needs it:
// then it already runs earlier). Cycles and unknown names refuse the whole plan, saying where.
class DependencyGraph
{
public:
    // One task of the plan and the tasks (of the plan) it waits for.
    struct Step
    {
        QString name;
        QStringList after;
    };

    struct Plan
    {
        // In an order that runs each step after everything it waits for: for a plan of
        // sequences alone, the order they run in. The task asked for is last.
        QList<Step> steps;
        // Why the task cannot run (a cycle with its path, an unknown name); steps empty.
        QString refusal;

        bool ok() const { return refusal.isEmpty(); }
        QStringList order() const;
        // Steps that may run together: each stage's steps wait only for earlier stages.
        QList<QStringList> stages() const;
    };

    // tasks: the library's (a task edited but not saved yet may stand in for its saved self:
    // a later task of the same name wins).
    explicit DependencyGraph(const QList<Task> &tasks);

    Plan planFor(const QString &taskName) const;
    // "build → test → build", the first cycle reached from taskName; empty when there is none.
    QStringList cycleFrom(const QString &taskName) const;

    // The arrow of a cycle's path, between names.
    static QString joinPath(const QStringList &names);

private:
    QHash<QString, TaskDependencies> m_dependencies;
};
