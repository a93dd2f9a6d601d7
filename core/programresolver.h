#pragma once

#include "runresult.h"

#include <QString>

struct ProgramResolution
{
    QString path; // absolute path of what will be executed
    StartFailure failure = StartFailure::None;
    QString errorText;
};

// Finds the program the way execvp would - a name with a slash is a path (relative to the
// task's working directory), anything else is looked up in PATH - so that "not found" and
// "not executable" are told apart, with the program named, before anything is spawned.
ProgramResolution resolveProgram(const QString &program, const QString &pathVariable,
                                 const QString &workingDirectory);

// Reads QProcess's errorString after a failed start (exec errors it reports itself).
StartFailure classifyExecFailure(const QString &errorString);
