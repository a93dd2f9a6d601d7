#pragma once

#include <QByteArray>
#include <QVector>

#include <sys/types.h>

// What the tests use to see processes for themselves, through /proc, independently of the
// engine: a test gives its task a unique marker (in the environment and, where it can, on the
// command line) and then asks who still carries it.
namespace ProcProbe {

// A fresh marker: "TRTEST_<random>".
QByteArray newMarker();

// Live (non-zombie) processes whose environment or command line contains marker. A process in
// the middle of execve() can read as absent for a moment: wait for counts with a latch.
QVector<pid_t> processesWithMarker(const QByteArray &marker);

// Zombie children of this process.
QVector<pid_t> zombieChildren();

// Open file descriptors of this process.
int openFdCount();
// "fd -> target" for each, to say what leaked.
QString describeFds();

// Sends SIGKILL to every process carrying the marker: cleanup after a failed test, so that
// one failure does not leave processes behind for the next.
void killAllWithMarker(const QByteArray &marker);

} // namespace ProcProbe
