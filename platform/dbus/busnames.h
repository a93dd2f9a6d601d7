#pragma once

#include <QString>

// The names the desktop app is known by on the session bus; one home for each, shared by the
// service, the second launch that hands over to it, and the notifications it sends.
namespace BusNames {

// The application id: the well-known bus name, the desktop file's name and its
// desktop-entry hint.
inline QString service()
{
    return QStringLiteral("io.github.taskrunner.TaskRunner");
}
inline QString objectPath()
{
    return QStringLiteral("/io/github/taskrunner/TaskRunner");
}
inline QString applicationInterface()
{
    return QStringLiteral("org.freedesktop.Application");
}
inline QString runnerInterface()
{
    return QStringLiteral("io.github.taskrunner.TaskRunner1");
}

// Errors of our own, beside the standard org.freedesktop.DBus.Error.* ones.
inline QString noSuchTaskError()
{
    return QStringLiteral("io.github.taskrunner.Error.NoSuchTask");
}
inline QString noSuchRunError()
{
    return QStringLiteral("io.github.taskrunner.Error.NoSuchRun");
}

inline QString refusedError() // no new run now: the app is quitting
{
    return QStringLiteral("io.github.taskrunner.Error.Refused");
}

} // namespace BusNames
