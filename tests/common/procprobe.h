#pragma once

#include <QByteArray>
#include <QString>
#include <QTest>
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

// "pid 123 (sleep 300), pid 124 (bash -c ...)": who they are, for a failure message.
QString describeProcesses(const QVector<pid_t> &pids);

// Empty when no live process carries marker; else a sentence naming every one of them.
QString survivors(const QByteArray &marker);

// Waits, processing events, until count processes carrying marker have been seen alive at once,
// or timeoutMs has passed. Latched: a process in the middle of execve() can read as absent for
// a moment, so once reached it stays reached. Returns the most seen at once.
int waitForProcesses(const QByteArray &marker, int count, int timeoutMs);

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

// The fixtures every suite uses, as macros so that a failure ends the test function itself.

// Fails the test, naming them, if any process carrying marker is alive.
#define PROBE_VERIFY_NO_SURVIVORS(marker)                                                          \
    do {                                                                                           \
        const QString probeSurvivors_ = ProcProbe::survivors(marker);                              \
        QVERIFY2(probeSurvivors_.isEmpty(), qPrintable(probeSurvivors_));                          \
    } while (false)

// Fails the test unless count processes carrying marker are alive within timeoutMs (latched).
#define PROBE_WAIT_FOR_PROCESSES(marker, count, timeoutMs)                                         \
    do {                                                                                           \
        const int probeSeen_ = ProcProbe::waitForProcesses(marker, count, timeoutMs);              \
        QVERIFY2(probeSeen_ >= (count),                                                            \
                 qPrintable(QStringLiteral("waited %1 ms for %2 processes carrying the "           \
                                           "marker; saw at most %3")                               \
                                .arg(timeoutMs)                                                    \
                                .arg(count)                                                        \
                                .arg(probeSeen_)));                                                \
    } while (false)
