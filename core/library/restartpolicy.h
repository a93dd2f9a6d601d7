#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Whether a task that ended is started again: for services (a dev server, a worker) that
// should stay up. The restarts belong to one run (ManagedRun): one id, one pane, one log.
// RestartBackoff (core/runs) turns the policy into delays; the user's Stop or Kill ends it.
struct RestartPolicy
{
    enum class When {
        Never,     // the default: a run ends when its process does
        OnFailure, // not after exit code 0: a non-zero exit, a crash, a timeout, a failed start
        Always,    // after any end but the user's Stop or Kill
    };

    When when = When::Never;
    // Give up when this many restarts came within withinMinutes (a service that keeps dying
    // is broken, and restarting it for ever hides that).
    int maxRestarts = DefaultMaxRestarts;
    int withinMinutes = DefaultWithinMinutes;

    static constexpr int DefaultMaxRestarts = 5;
    static constexpr int DefaultWithinMinutes = 10;
    static constexpr int MinRestarts = 1;
    static constexpr int MaxRestarts = 1000;
    static constexpr int MinMinutes = 1;
    static constexpr int MaxMinutes = 24 * 60;

    bool isOn() const { return when != When::Never; }
    bool operator==(const RestartPolicy &other) const
    {
        return when == other.when && maxRestarts == other.maxRestarts
               && withinMinutes == other.withinMinutes;
    }
    bool operator!=(const RestartPolicy &other) const { return !(*this == other); }

    // The words of the task file: "never", "on-failure", "always"; fromWord() is false for
    // anything else.
    static QString word(When when);
    static bool fromWord(const QString &word, When *when);
    // "Gave up after 5 restarts in 10 min": for the log and the pane.
    QString giveUpText() const;
    // Why the numbers cannot be used, one sentence each; empty when fine.
    QStringList problems() const;
};

// The task file's "restart" object: {"when": "on-failure", "maxRestarts": 5,
// "withinMinutes": 10}. Written only for a policy that is on, so a task without one is written
// as before; read with every key optional. readRestartPolicy returns the problem naming the
// key ("\"restart.when\" is \"sometimes\", not ..."), empty when fine; policy is then the
// default.
void writeRestartPolicy(const RestartPolicy &policy, QJsonObject *task);
QString readRestartPolicy(const QJsonObject &task, RestartPolicy *policy);
