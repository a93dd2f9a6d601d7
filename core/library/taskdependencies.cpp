#include "taskdependencies.h"

#include <QJsonArray>

namespace {

const QLatin1String NamesKey("dependsOn");
const QLatin1String OrderKey("dependencyOrder");

QString orderWord(TaskDependencies::Order order)
{
    return order == TaskDependencies::Order::Parallel ? QStringLiteral("parallel")
                                                      : QStringLiteral("sequence");
}

} // namespace

void writeDependencies(const TaskDependencies &dependencies, QJsonObject *object)
{
    if (dependencies.isEmpty())
        return;
    (*object)[NamesKey] = QJsonArray::fromStringList(dependencies.names);
    (*object)[OrderKey] = orderWord(dependencies.order);
}

bool readDependencies(const QJsonObject &object, TaskDependencies *dependencies, QString *problem)
{
    *dependencies = TaskDependencies();
    const QJsonValue names = object.value(NamesKey);
    if (!names.isUndefined()) {
        if (!names.isArray()) {
            *problem = QStringLiteral("\"%1\" is not a list of task names").arg(NamesKey);
            return false;
        }
        const QJsonArray array = names.toArray();
        for (int i = 0; i < array.size(); ++i) {
            const QString name = array.at(i).toString();
            if (!array.at(i).isString() || name.trimmed().isEmpty()) {
                *problem
                    = QStringLiteral("\"%1\" item %2 is not a task name").arg(NamesKey).arg(i + 1);
                return false;
            }
            if (dependencies->names.contains(name)) {
                *problem = QStringLiteral("\"%1\" names \"%2\" twice").arg(NamesKey, name);
                return false;
            }
            dependencies->names.append(name);
        }
    }
    const QJsonValue order = object.value(OrderKey);
    if (!order.isUndefined()) {
        const QString word = order.toString();
        if (word == orderWord(TaskDependencies::Order::Parallel)) {
            dependencies->order = TaskDependencies::Order::Parallel;
        } else if (word != orderWord(TaskDependencies::Order::Sequence)) {
            *problem = QStringLiteral("\"%1\" is not \"sequence\" or \"parallel\"").arg(OrderKey);
            return false;
        }
    }
    return true;
}
