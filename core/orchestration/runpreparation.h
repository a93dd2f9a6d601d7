#pragma once

#include "task.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <functional>
#include <optional>

// What a saved task runs with once started: its parameters given values, its placeholders
// expanded, its .env file merged under its own variables. Done once at the start of a run, by
// TaskLauncher (the desktop app) and the CLI alike, so both refuse the same way.
//
// Order: the parameters (value given, else default, else a refusal naming it); the working
// directory (it may use every placeholder but ${taskDir}); ${taskDir} = that directory made
// absolute, or taskrunner's own when empty; the script or program and arguments, the
// environment values and the .env path; then the .env file (relative to ${taskDir}), read and
// merged under the task's variables - its values are taken as written, never expanded.
class RunPreparation
{
public:
    // What the built-in placeholders and ${env:...} are worth; real ones by default, fixed
    // ones in tests.
    struct Context
    {
        QDateTime now = QDateTime::currentDateTime();
        QString home;         // empty: QDir::homePath()
        QString ownDirectory; // empty: QDir::currentPath()
        // A variable of taskrunner's own environment; default: the process's.
        std::function<std::optional<QString>(const QString &)> environment;
    };

    struct Result
    {
        TaskSpec spec;        // what runs
        QString refusal;      // why it cannot run, one sentence; empty when it can
        QString missingInput; // the parameter without a value, when that is why
        bool ok() const { return refusal.isEmpty(); }
    };

    // values: the parameters' values given (by the dialog, --param), by name.
    static Result prepare(const Task &task, const QMap<QString, QString> &values,
                          const Context &context);
    // With the real clock, home, directory and environment.
    static Result prepare(const Task &task, const QMap<QString, QString> &values);

    // Each declared parameter's value: given, else its default. Nothing when a value is given
    // for a parameter the task does not have, one has none, or one is not among its choices;
    // *refusal then says which (and *missing, when given, names the one without a value).
    static std::optional<QMap<QString, QString>> resolveInputs(const Task &task,
                                                               const QMap<QString, QString> &values,
                                                               QString *refusal,
                                                               QString *missing = nullptr);
};
