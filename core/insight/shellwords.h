#pragma once

#include <QByteArray>
#include <QString>

// A command line a POSIX shell reads back as the same arguments: for "Copy command line", where
// the panel's display text (arguments joined by spaces, odd bytes as \xNN) would paste as
// something else.
namespace ShellWords {

// One argument: as it is when it holds only characters no shell treats specially, else in
// single quotes; with control characters or bytes that are not UTF-8, as $'...' (bash, zsh,
// ksh, and POSIX since 2024) with \n, \t, \xNN escapes.
QString quote(const QByteArray &argument);

// /proc/PID/cmdline (arguments each ended by NUL) as one line of quoted words.
QString fromCommandLine(const QByteArray &nulSeparated);

} // namespace ShellWords
