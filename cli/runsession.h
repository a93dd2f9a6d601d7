#pragma once

#include "outputchannel.h"
#include "taskrun.h"
#include "taskspec.h"

#include <QObject>
#include <QTimer>

class QueuedFdWriter;
class UnixSignalWatcher;
struct RunResult;

// The CLI's run: the task's output to our stdout/stderr, our stdin to the task, the signals that
// would end us (HUP, INT, QUIT, USR1, USR2, ALRM, TERM) to a graceful stop, and the exit status
// per ExitStatus. Emits done(exitCode) once.
//
// Ctrl+Z (SIGTSTP) pauses the task (TaskRun::pause(): its timeout waits too), then stops the CLI
// as the default action would, so the shell sees a stopped job; once continued (fg, bg), the
// task is resumed. The task's own session keeps the terminal's SIGTSTP from reaching it.
//
// Output is written by a QueuedFdWriter per stream, so a slow or stalled reader never blocks
// the event loop: timeout and signals keep working. Back-pressure: while more than HighWater
// bytes wait for a stream, the task's output is paused (the task blocks on its full pipe), and
// resumed once both streams are down to LowWater.
//
// When the task ends on its own, everything queued is written, however long the reader takes
// (a signal ends that wait at once). When the run is being ended - timeout, a signal, stdout
// closed - a stream whose reader took nothing for two StallCheckMs is given up: the task's
// output is resumed so that the run can reach EOF, what that stream cannot take is dropped
// (said once on stderr, if stderr can take it), and the CLI exits with the contract's code. If
// a writer's thread is still blocked in write() then, the process ends with _exit().
class RunSession : public QObject
{
    Q_OBJECT
public:
    explicit RunSession(TaskSpec spec, QObject *parent = nullptr);

    void start();
    TaskRun *run() const { return m_run; }
    // --stats: one line on stderr once the run has ended, with what it used (UsageText).
    void setPrintStats(bool print) { m_printStats = print; }

    static constexpr qint64 HighWater = 4 * 1024 * 1024;
    static constexpr qint64 LowWater = 1024 * 1024;
    static constexpr int StallCheckMs = 250;

Q_SIGNALS:
    // The task's run ended - emitted before anything else happens, also when the session then
    // ends the process at once (a stalled reader): the last moment to record the run.
    void runFinished(const RunResult &result);
    void done(int exitCode);

private:
    struct Sink
    {
        QueuedFdWriter *writer = nullptr;
        quint64 mark = 0;     // bytesWritten() at the last stall check
        int quietChecks = 0;  // stall checks in a row that found it queued and not moving
        bool stalled = false; // given up on (only while the run is being ended)
    };

    void onOutput(OutputChannel channel, const QByteArray &data);
    void onStateChanged(TaskRun::State state);
    void onSignal(int signal);
    void suspend(); // SIGTSTP
    void onFinished(const RunResult &result);
    void onWriterGone(Sink *sink);
    void enterEnding();
    void checkStalls();
    void updateBackPressure();
    void armWriters();
    void maybeExit();
    bool say(const QByteArray &line);
    [[noreturn]] void exitNow();

    bool isOpen(const Sink &sink) const;
    bool isDrained(const Sink &sink) const;

    TaskRun *m_run = nullptr;
    UnixSignalWatcher *m_signals = nullptr;
    Sink m_out;
    Sink m_err;
    QTimer m_stallTimer;
    int m_interruptedBy = 0;
    int m_exitCode = 0;
    qint64 m_discarded = 0; // output dropped on arrival for a stream given up on
    bool m_paused = false;
    bool m_ending = false; // the run is being ended by timeout, a signal or a closed stdout
    bool m_finished = false;
    bool m_hurry = false; // a signal came while waiting for the writers after the run ended
    bool m_dropReported = false;
    bool m_done = false;
    bool m_printStats = false;
    bool m_suspendWhenRunning = false; // SIGTSTP came while the task was starting
};
