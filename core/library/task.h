#pragma once

#include "concurrency.h"
#include "environmentname.h"
#include "restartpolicy.h"
#include "taskdependencies.h"
#include "taskinputs.h"
#include "taskschedule.h"
#include "taskspec.h"
#include "taskwatch.h"

#include <QString>
#include <QStringList>

#include <optional>

// A named, saved task of the library: a TaskSpec plus what only the library needs. Everything
// about how to run it (the pseudo-terminal too) is in the spec, the one copy both front ends run.
struct Task
{
    QString name;
    TaskSpec spec;
    // Stable for good: kept through renames and edits, so the history can tell a task's runs
    // apart from another's that later took its name. A UUID without braces; a task of a file
    // written before ids existed gets one when loaded (and keeps it from the next save on).
    QString id = {};
    // Started again when it ends (services); never by default.
    RestartPolicy restart = {};
    // Run on a change under these paths (off when it has none).
    TaskWatch watch = {};
    // The tasks run before it (TaskLauncher runs them as a group with it).
    TaskDependencies dependencies = {};
    // When the task is already running (ask, parallel, queue, skip, restart) and the exclusive
    // group its runs belong to.
    Concurrency concurrency = {};
    // Its parameters (${input:NAME}) and .env file: what it takes from outside when it starts.
    TaskInputs inputs = {};
    // When it runs by itself (none by default).
    TaskSchedule schedule = {};

    static QString newId();

    // Human-readable command line, for headers and lists: the program and its arguments as
    // joinShellWords() quotes them.
    QString commandLine() const;
};

// Program arguments as one line of text and back, the pair the editor and commandLine() use.
// joinShellWords quotes a word the way bash reads it back as that one word: as it is when it is
// plain, else in single quotes ('' for an empty word, ' as '\''). splitShellWords reads a line
// with bash's quoting rules and no expansion ($, *, ~ stay as they are): blanks separate words,
// a backslash outside quotes takes the next character as it is, '...' is literal, and in
// "..." a backslash escapes only $ ` " \ and a newline. splitShellWords(joinShellWords(w)) == w
// for every list. Returns nothing for a quote left open or a backslash at the very end, and
// then sets *why.
QString joinShellWords(const QStringList &words);
std::optional<QStringList> splitShellWords(const QString &text, QString *why = nullptr);

// Why a task cannot be saved as it is, one sentence per problem, in the order of the editor's
// fields; empty when it is fine. otherNames: the names of the library's other tasks.
QStringList validateTask(const Task &task, const QStringList &otherNames);
