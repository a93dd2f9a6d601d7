#pragma once

#include <QStringList>

// `taskrunner-cli watch`: parses its arguments, finds the saved task (--task), and runs a
// WatchSession until it is interrupted. Returns the exit status.
namespace WatchCommand {
int run(const QStringList &arguments);
}
