#include "dependencygraph.h"

#include <QSet>

#include <algorithm>
#include <set>

DependencyGraph::DependencyGraph(const QList<Task> &tasks)
{
    for (const Task &task : tasks)
        m_dependencies.insert(task.name, task.dependencies);
}

QString DependencyGraph::joinPath(const QStringList &names)
{
    return names.join(QStringLiteral(" → "));
}

QStringList DependencyGraph::cycleFrom(const QString &taskName) const
{
    // Depth first without recursion (a chain of thousands of tasks must not exhaust the
    // stack): a frame is a task and how many of its dependencies have been looked at. A task
    // met again while its frame is on the stack closes a cycle; one finished is not looked at
    // twice (a diamond costs nothing).
    struct Frame
    {
        QString name;
        int next = 0;
    };
    QList<Frame> stack;
    QSet<QString> onStack;
    QSet<QString> done;
    stack.append({taskName, 0});
    onStack.insert(taskName);
    while (!stack.isEmpty()) {
        Frame &top = stack.last();
        const QStringList &names = m_dependencies.value(top.name).names;
        if (top.next >= names.size()) {
            onStack.remove(top.name);
            done.insert(top.name);
            stack.removeLast();
            continue;
        }
        const QString next = names.at(top.next++);
        if (onStack.contains(next)) {
            QStringList path;
            bool in = false;
            for (const Frame &frame : std::as_const(stack)) {
                in = in || frame.name == next;
                if (in)
                    path.append(frame.name);
            }
            path.append(next);
            return path;
        }
        if (done.contains(next) || !m_dependencies.contains(next))
            continue;
        onStack.insert(next);
        stack.append({next, 0});
    }
    return {};
}

DependencyGraph::Plan DependencyGraph::planFor(const QString &taskName) const
{
    Plan plan;
    if (!m_dependencies.contains(taskName)) {
        plan.refusal = QStringLiteral("There is no task named \"%1\".").arg(taskName);
        return plan;
    }
    const QStringList cycle = cycleFrom(taskName);
    if (!cycle.isEmpty()) {
        plan.refusal = QStringLiteral("The dependencies form a cycle: %1.").arg(joinPath(cycle));
        return plan;
    }

    // The tasks reached, each once, in depth-first post-order (dependencies before their task,
    // siblings in their listed order): the order a plan of sequences runs in. No cycle here.
    QStringList order;
    QSet<QString> placed;
    struct Frame
    {
        QString name;
        int next = 0;
    };
    QList<Frame> stack = {{taskName, 0}};
    while (!stack.isEmpty()) {
        Frame &top = stack.last();
        const TaskDependencies &deps = m_dependencies.value(top.name);
        if (top.next >= deps.names.size()) {
            order.append(top.name);
            placed.insert(top.name);
            stack.removeLast();
            continue;
        }
        const QString next = deps.names.at(top.next++);
        if (!m_dependencies.contains(next)) {
            plan.refusal = QStringLiteral("\"%1\" depends on \"%2\", which is not a saved task.")
                               .arg(top.name, next);
            return plan;
        }
        if (!placed.contains(next))
            stack.append({next, 0});
    }

    // Whether from needs to, through its dependencies (asked only for neighbours in a
    // sequence: a closure of every task would cost a long chain its square).
    const auto needs = [this](const QString &from, const QString &to) {
        QSet<QString> seen;
        QStringList pending = m_dependencies.value(from).names;
        while (!pending.isEmpty()) {
            const QString next = pending.takeLast();
            if (next == to)
                return true;
            if (seen.contains(next))
                continue;
            seen.insert(next);
            pending += m_dependencies.value(next).names;
        }
        return false;
    };
    // A sequence's edge "B after A" is left out when A itself needs B (B then runs before A
    // already; the edge would be a cycle).
    QHash<QString, QStringList> after;
    for (const QString &name : std::as_const(order)) {
        const TaskDependencies &deps = m_dependencies.value(name);
        for (const QString &dep : deps.names) {
            if (!after[name].contains(dep))
                after[name].append(dep);
        }
        if (deps.order != TaskDependencies::Order::Sequence)
            continue;
        // In sequence each waits for the one listed before it (and so, through it, for all
        // before that).
        for (int i = 1; i < deps.names.size(); ++i) {
            const QString &dep = deps.names.at(i);
            const QString &previous = deps.names.at(i - 1);
            if (!after[dep].contains(previous) && !needs(previous, dep))
                after[dep].append(previous);
        }
    }
    for (const QString &name : std::as_const(order))
        plan.steps.append({name, after.value(name)});
    // A sequence's edges (added per task) may ask a task to wait for one placed after it in the
    // post-order ("B after A" where B was reached first through another path): order again so
    // that every step comes after what it waits for, keeping the post-order otherwise.
    // Kahn's algorithm, taking the earliest ready step in post-order each time.
    QHash<QString, int> indexOf;
    for (int i = 0; i < plan.steps.size(); ++i)
        indexOf.insert(plan.steps.at(i).name, i);
    QList<int> waitingFor(plan.steps.size(), 0);
    QList<QList<int>> dependents(plan.steps.size());
    std::set<int> ready;
    for (int i = 0; i < plan.steps.size(); ++i) {
        for (const QString &name : plan.steps.at(i).after)
            dependents[indexOf.value(name)].append(i);
        waitingFor[i] = int(plan.steps.at(i).after.size());
        if (waitingFor[i] == 0)
            ready.insert(i);
    }
    QList<Step> sorted;
    while (!ready.empty()) {
        const int next = *ready.begin();
        ready.erase(ready.begin());
        sorted.append(plan.steps.at(next));
        for (int dependent : std::as_const(dependents[next])) {
            if (--waitingFor[dependent] == 0)
                ready.insert(dependent);
        }
    }
    if (sorted.size() < plan.steps.size()) {
        // Sequences that contradict each other across tasks ("a, b" in one, "b, a" in
        // another): a cycle of their own, said as one.
        plan.steps.clear();
        plan.refusal = QStringLiteral("The dependencies' orders contradict each other "
                                      "(two tasks list the same tasks in opposite orders).");
        return plan;
    }
    plan.steps = sorted;
    return plan;
}

QStringList DependencyGraph::Plan::order() const
{
    QStringList names;
    for (const Step &step : steps)
        names.append(step.name);
    return names;
}

QList<QStringList> DependencyGraph::Plan::stages() const
{
    QHash<QString, int> stageOf;
    QList<QStringList> result;
    for (const Step &step : steps) {
        int stage = 0;
        for (const QString &name : step.after)
            stage = std::max(stage, stageOf.value(name) + 1);
        stageOf.insert(step.name, stage);
        while (result.size() <= stage)
            result.append(QStringList());
        result[stage].append(step.name);
    }
    return result;
}
