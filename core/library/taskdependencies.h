#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// The tasks a task needs run (and succeeded) before it runs itself, by name, and whether they
// run one after another in the listed order or all at once. A task without dependencies runs
// alone, as it always did.
struct TaskDependencies
{
    enum class Order {
        Sequence, // each after the one before it has succeeded, in the listed order
        Parallel, // all at once; the task runs when every one has succeeded
    };

    QStringList names;
    Order order = Order::Sequence;

    bool isEmpty() const { return names.isEmpty(); }
    bool operator==(const TaskDependencies &other) const
    {
        return names == other.names && order == other.order;
    }
    bool operator!=(const TaskDependencies &other) const { return !(*this == other); }
};

// The task file's keys: "dependsOn" (a list of task names) and "dependencyOrder" ("sequence",
// the default, or "parallel"). Written only when there are dependencies, so a task without them
// is written as before.
void writeDependencies(const TaskDependencies &dependencies, QJsonObject *object);
// Reads them from a task's object; false with *problem naming the key when a value cannot be
// used (a name that is not a string or is empty, an order that is not one of the two). Absent
// keys are no dependencies.
bool readDependencies(const QJsonObject &object, TaskDependencies *dependencies, QString *problem);
