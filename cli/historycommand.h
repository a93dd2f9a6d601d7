#pragma once

#include <QStringList>

// taskrunner-cli history [--task NAME] [--limit N] [--json]: the recorded runs, newest first,
// one per line (id, start, task, outcome, exit code, duration; tab-separated), or a JSON
// array. Returns the exit status.
namespace HistoryCommand {
int run(const QStringList &arguments);
QString usage();
} // namespace HistoryCommand
