#pragma once

#include <QStringList>

// taskrunner-cli log RUN_ID [--merged]: a recorded run's output, byte for byte as the task
// wrote it - its stdout bytes to our stdout and its stderr bytes to our stderr, or with
// --merged both, in the order they came, to stdout. Returns the exit status (125 for an unknown
// run or a run without a log).
namespace LogCommand {
int run(const QStringList &arguments);
QString usage();
} // namespace LogCommand
