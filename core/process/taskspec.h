#pragma once

#include "runlimits.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>

// What to run and how: a plain value, filled by the CLI, the task library or a test.
struct TaskSpec
{
    enum class StdinMode {
        Null,    // the task reads EOF at once
        Pipe,    // TaskRun::writeStdin() / closeStdin() feed it
        Inherit, // the task shares our own standard input (the CLI forwards its stdin so)
    };

    // Either a program with arguments, or a shell script run by /bin/bash -c.
    QString program;
    QStringList arguments;
    QString shellScript;
    bool useShell = false;

    QString workingDirectory;           // empty: our own working directory
    QMap<QString, QString> environment; // added to, or overriding, our own environment

    StdinMode stdinMode = StdinMode::Null;

    std::chrono::milliseconds timeout{0};        // 0: no timeout
    std::chrono::milliseconds gracePeriod{5000}; // TERM -> KILL; 0: KILL at once
    bool leaveLeftovers = false; // processes alive after the main one exits are left running
    // Give the task a pseudo-terminal as stdout, stderr and controlling terminal, so programs
    // line-buffer and colour their output. stdout and stderr then arrive merged, as Stdout.
    bool usePty = false;
    // What the run may use at most (cgroup controllers); a run whose limits cannot be applied
    // fails to start, saying why.
    RunLimits limits;

    static TaskSpec forProgram(const QString &program, const QStringList &arguments = {})
    {
        TaskSpec spec;
        spec.program = program;
        spec.arguments = arguments;
        return spec;
    }
    static TaskSpec forShell(const QString &script)
    {
        TaskSpec spec;
        spec.useShell = true;
        spec.shellScript = script;
        return spec;
    }
};
