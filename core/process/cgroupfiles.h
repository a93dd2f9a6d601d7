#pragma once

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <sys/types.h>

Q_DECLARE_LOGGING_CATEGORY(lcCgroup)

// What cgroup.events says.
struct CgroupEvents
{
    bool populated = false; // a live process in this cgroup or below
    bool frozen = false;    // the freeze asked for has taken effect on every process
};

// The few ways we touch cgroupfs, each one system call deep so that errno reaches the message,
// and the parsers of its control files, pure so that tests can feed them text. Paths are
// QStrings that carry bytes (ByteText): a directory name read from mountinfo need not be UTF-8.
namespace CgroupFiles {

// Reads a whole control file. Nothing (and *error saying why) when it cannot be read.
std::optional<QByteArray> read(const QString &path, QString *error = nullptr);
// Writes data in one write(): the kernel takes each write to a control file as one command, so
// "+cpu +memory" split in two would be two commands and "1" split nowhere is fine.
bool write(const QString &path, const QByteArray &data, QString *error);
bool exists(const QString &path);
bool makeDirectory(const QString &path, QString *error);
bool removeDirectory(const QString &path, QString *error);
// The subdirectories (child cgroups) of a cgroup directory, as full paths, by name.
QStringList childDirectories(const QString &directory);
// The directory and everything below it, deepest first - the order rmdir needs.
QStringList subtreeDeepestFirst(const QString &directory);

// "populated 1\nfrozen 0\n"; nothing if either key is missing.
std::optional<CgroupEvents> parseEvents(const QByteArray &text);
// The value of key in a flat-keyed file ("usage_usec 1234\n..."): cpu.stat, memory.events.
std::optional<quint64> keyedValue(const QByteArray &text, const QByteArray &key);
// memory.events: processes the OOM killer killed because this cgroup (or one below it) reached
// its memory.max - "oom_kill", counted only when "oom" says the limit was reached; a kill by
// the system-wide OOM killer alone is not the cgroup's limit. 0 when neither is there.
quint64 memoryLimitKills(const QByteArray &memoryEvents);
// A file holding one number (memory.current, pids.peak). "max" and anything else: nothing.
std::optional<quint64> singleValue(const QByteArray &text);
// cgroup.procs: one pid a line.
QVector<pid_t> parsePids(const QByteArray &text);
// cgroup.controllers and cgroup.subtree_control: names separated by spaces.
QStringList parseControllers(const QByteArray &text);

// The v2 path of pid's cgroup ("/a/b") as /proc/PID/cgroup shows it to us, or nothing when the
// process is gone or has no v2 line.
std::optional<QString> cgroupPathOf(pid_t pid);

} // namespace CgroupFiles
