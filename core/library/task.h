#pragma once

#include "environmentname.h"
#include "taskspec.h"

#include <QString>
#include <QStringList>

// A named, saved task of the library: a TaskSpec plus what only the library needs. Everything
// about how to run it (the pseudo-terminal too) is in the spec, the one copy both front ends run.
struct Task
{
    QString name;
    TaskSpec spec;

    // Human-readable command line, for headers and lists.
    QString commandLine() const;
};

// Why a task cannot be saved as it is, one sentence per problem, in the order of the editor's
// fields; empty when it is fine. otherNames: the names of the library's other tasks.
QStringList validateTask(const Task &task, const QStringList &otherNames);
