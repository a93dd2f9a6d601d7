#pragma once

#include "runresult.h"

#include <QString>

// Whether a dependency's run lets the tasks after it run, and why not in words: the reason the
// runs it held are skipped with ("'build' exited with code 2"), for both front ends.
namespace DependencyOutcome {
// Exited with code 0: anything else (another code, a crash, a timeout, a stop, a kill, a failed
// start, a skip, a cancel) stops the tasks after it.
bool succeeded(const RunResult &result);
// "'build' exited with code 2", "'build' was stopped", "'build' could not start: ...".
QString failure(const QString &taskName, const RunResult &result);
} // namespace DependencyOutcome
