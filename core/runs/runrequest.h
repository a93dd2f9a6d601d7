#pragma once

#include "task.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// Where a run came from, as the history records it (RunRequest::trigger).
struct RunTriggers
{
    // The window's own Run.
    static QString manual() { return QStringLiteral("manual"); }
    // The window's Rerun (a tab's, the history's).
    static QString rerun() { return QStringLiteral("rerun"); }
    // taskrunner-cli.
    static QString cli() { return QStringLiteral("cli"); }
    // taskrunner --run NAME, in the first launch or handed over by a later one.
    static QString commandLine() { return QStringLiteral("command line"); }
    // TaskRunner1.RunTask on the session bus.
    static QString dbus() { return QStringLiteral("dbus"); }
    // The tray menu's Run again.
    static QString tray() { return QStringLiteral("tray"); }
    // A desktop notification's Rerun.
    static QString notification() { return QStringLiteral("notification"); }
    // A task's schedule (every N minutes, daily at, cron).
    static QString schedule() { return QStringLiteral("schedule"); }
    // A change under a task's watched paths.
    static QString fileChange() { return QStringLiteral("file change"); }
    // Run first because another task depends on it.
    static QString dependency() { return QStringLiteral("dependency"); }
};

// What to run and what asked for it: all RunManager::start() needs, kept with the run so that a
// rerun starts from the same request.
struct RunRequest
{
    // The task as it was when started: a library task (with its id), or a quick run (no id;
    // recorded under its command line, as the CLI records its runs).
    Task task;
    // What started it, as the history records it: one of RunTriggers (words a filter and a
    // script compare; they must not change with the window's wording).
    QString trigger = RunTriggers::manual();
    // The manager's id of the run this one repeats (RunManager::rerun()), 0 for none: a window
    // shows the rerun where it showed that run.
    quint64 rerunOf = 0;
    // The group of runs it belongs to when a task was launched with its dependencies: one id
    // (a UUID) shared by the task's run and its dependencies' runs, as the history records it;
    // empty for a run on its own. groupFor names the task the group runs ("deploy").
    QString groupId;
    QString groupFor;
    // What to do should the task already be running, overriding its own policy
    // (task.concurrency.whenRunning): the user's answer to the window's question. None: the
    // task's policy (TaskLauncher decides what Ask means for a trigger).
    std::optional<InstancePolicy> instancePolicy = std::nullopt;
    // Runs (the manager's ids) that must have ended before this one starts: the task's earlier
    // runs it queues behind, the run a restart replaces. A gate holds it meanwhile.
    QList<quint64> waitsFor = {};
    // The values of the task's parameters (${input:NAME}), by name; a parameter not here takes
    // its default (TaskLauncher refuses a run where one has neither).
    QMap<QString, QString> inputValues;
    // The task's spec is what runs, as it is: its placeholders expanded and its .env merged
    // already (TaskLauncher does it once, and marks it so; a rerun runs what ran then).
    bool prepared = false;

    // Never meant to start: a trigger's launch its task's policy skipped, made only to be
    // recorded as Skipped. A window need not give it a tab.
    bool recordOnly = false;

    // The name the history keeps for it.
    QString recordedName() const { return task.id.isEmpty() ? task.commandLine() : task.name; }
};
