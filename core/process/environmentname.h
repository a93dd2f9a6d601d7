#pragma once

#include <QString>

// A name a task's environment may hold, as POSIX shells accept them: ASCII letters, digits and
// '_', not starting with a digit. "A=B" would set A to "B=...", and a name a shell cannot
// reference is a typo. One rule for the editor, the library file, the CLI and the spawn.
bool isValidEnvironmentName(const QString &name);
