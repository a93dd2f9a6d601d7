#pragma once

#include <sys/types.h>

// What both programs do first thing in main(), before Qt opens a descriptor or writes a file.
namespace ProcessHygiene {

// Opens /dev/null on whichever of 0, 1 and 2 is closed. Started with `2>&-`, the first
// descriptor anything opens (Qt's event pipe, a task's output pipe) would otherwise become fd 2,
// and every warning written to "stderr" would land in it - a task's output corrupted or lost.
void ensureStandardDescriptors();

// Sets this program's umask to 077, so everything it creates - settings, the task library, run
// logs and their directories - is private (0600 / 0700) whatever the user's umask, and
// remembers the user's own umask for the tasks it starts (they must not inherit ours).
void usePrivateUmask();
// The umask the program was started with; tasks get it back (TaskRun sets it in the child).
mode_t userUmask();

// Tightens what earlier versions (or a permissive umask) left readable by others: our config
// and data directories to 0700, taskrunner.conf to 0600. Only paths we own; the task library
// itself is left as it is - an unsafe one is refused with a message instead (TaskLibrary).
// Needs the application name set (QStandardPaths).
void tightenExistingFiles();

} // namespace ProcessHygiene
