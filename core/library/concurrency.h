#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;

// What a launch does when the task already has a run that is live or queued.
enum class InstancePolicy {
    Ask,      // by hand: the window asks (Restart / Run another / Cancel); a trigger: see
              // InstancePolicies::forTrigger()
    Parallel, // another run, beside the first
    Queue,    // another run, started once the task's earlier runs have ended
    Skip,     // nothing starts, and the user is told why
    Restart,  // the running one is stopped (its grace period), the new one starts once it is gone
};

// A task's concurrency: its instance policy and the exclusive group it belongs to. The default
// is today's behaviour (ask by hand, no group), and a task file without these keys loads so.
struct Concurrency
{
    InstancePolicy whenRunning = InstancePolicy::Ask;
    // Runs of tasks with the same group (free text, e.g. "gpu", "deploy") never overlap; empty
    // for none. Compared as written, after trimming.
    QString exclusiveGroup;

    bool operator==(const Concurrency &other) const
    {
        return whenRunning == other.whenRunning && exclusiveGroup == other.exclusiveGroup;
    }
    bool operator!=(const Concurrency &other) const { return !(*this == other); }

    // The words the task file uses ("ask", "parallel", "queue", "skip", "restart").
    static QString policyWord(InstancePolicy policy);
    static std::optional<InstancePolicy> policyFromWord(const QString &word);
    static QStringList policyWords();

    // Its keys "whenRunning" and "exclusiveGroup", written only when not the default (a task
    // without them is written as before).
    void writeTo(QJsonObject *object) const;
    // Read from a task's object; a bad value leaves the default and sets *problem (when it is
    // still empty: the first problem is told) to a sentence naming the key.
    static Concurrency readFrom(const QJsonObject &object, QString *problem);
};
