#pragma once

#include <QTemporaryDir>

// Points XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME of this test process
// (and of what it starts) at folders under dir, made here: a suite's settings, library, history
// and logs are its own, never the user's nor another checkout's (a shared one let one checkout's
// newer history schema break another's runs). False if a folder could not be made.
bool usePrivateXdgDirs(const QTemporaryDir &dir);
