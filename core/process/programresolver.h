#pragma once

#include "runresult.h"

#include <QByteArray>
#include <QString>

struct ProgramResolution
{
    QByteArray path; // what will be executed: absolute, or relative to the working directory
    StartFailure failure = StartFailure::None;
    QString errorText;
};

// Finds the program the way execvp would - a name with a slash is a path (relative to the
// task's working directory), anything else is looked up in PATH - so that "not found" and
// "not executable" are told apart, with the program named, before anything is spawned. Names
// are bytes (see ByteText): a file called caf\xe9.sh is found in any locale. As the shell
// reports: not found is ProgramNotFound (127); anything else in the way - a directory on the
// path we may not search, a symbolic-link loop, no execute permission - NotExecutable (126).
ProgramResolution resolveProgram(const QByteArray &program, const QByteArray &pathVariable,
                                 const QByteArray &workingDirectory);

// Words and class for execve() failing with errorNumber on path (which resolveProgram found).
// ENOENT then means a missing #! interpreter ("bad interpreter", 126, as shells say).
ProgramResolution describeExecFailure(const QByteArray &path, int errorNumber);

// Reads QProcess's errorString after a failed start (fork failures; exec errors are ours).
StartFailure classifyExecFailure(const QString &errorString);
