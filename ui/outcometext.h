#pragma once

#include "runresult.h"
#include "taskrun.h"

#include <QString>

// The words the UI uses for a run's state and outcome ("Exited with code 2 after 3.4 s").
namespace OutcomeText {
QString describe(const RunResult &result);
QString stateName(TaskRun::State state);
QString seconds(std::chrono::milliseconds duration); // "3.4 s"
} // namespace OutcomeText
