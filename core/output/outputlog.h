#pragma once

#include "linestore.h"
#include "outputchannel.h"
#include "terminallineparser.h"

#include <QObject>

#include <memory>

class RawLogWriter;
class TaskRun;

// A run's output: stdout and stderr parsed apart into styled lines, kept in a bounded
// scrollback, and - when a log file is attached - written raw, byte for byte, to disk off the
// GUI thread. Views read the store; they are told when it grew, never pushed text.
class OutputLog : public QObject
{
    Q_OBJECT
public:
    explicit OutputLog(QObject *parent = nullptr);
    ~OutputLog() override;

    // Starts writing the raw output to path; false with *error set when it cannot. With a
    // limit (bytes, 0: none) the file stops there with a line saying so, and
    // logFileLimitReached() is emitted; the in-memory view goes on.
    bool attachLogFile(const QString &path, QString *error, qint64 limit = 0);
    RawLogWriter *logWriter() const { return m_writer.get(); }
    // Finishes the log file's queued writes and closes it: later appends (a log read back into
    // this one) are not written again.
    void closeLogFile();

    // Takes a run's output, with back-pressure: while the disk is behind, the run stops reading
    // its pipes (the task waits, memory does not grow) until the log file catches up.
    void readFrom(TaskRun *run);
    // timeMs: when the bytes came, for a log read back from disk; -1: now.
    void append(OutputChannel channel, const QByteArray &data, qint64 timeMs = -1);
    void finish(); // both streams ended: complete their last lines
    // A line of the runner's own ("[Exited with code 0 after 1.2 s]"), not in the log file
    // unless asked (the line between a service's attempts is: it separates them in the file).
    enum class NoteTarget { ViewOnly, ViewAndFile };
    void appendNote(const QString &text, NoteTarget target = NoteTarget::ViewOnly);
    void clear();
    void reset(); // clear(), numbering from 0 again (see LineStore::reset())

    const LineStore &store() const { return m_store; }
    LineStore &store() { return m_store; }
    // Lines still being written (no newline yet), stdout's then stderr's, for the view's tail:
    // index < partialLineCount(). Borrowed: valid until the next append() or finish().
    StyledLineRef partialLine(int index) const;
    int partialLineCount() const;
    qint64 bytesReceived() const { return m_bytesReceived; }

    // Above this much queued for the disk, the run should stop reading its pipes for a while.
    static constexpr qint64 BackPressureBytes = 32 * 1024 * 1024;
    bool diskIsBehind() const;

Q_SIGNALS:
    void changed(); // lines were added or the partial lines changed; views repaint at their pace
    void logFileFailed(const QString &error);
    void logFileLimitReached(const QString &message); // "log limit of 512 MB reached; ..."
    void diskCaughtUp();

private:
    LineStore m_store;
    TerminalLineParser m_stdout;
    TerminalLineParser m_stderr;
    std::unique_ptr<RawLogWriter> m_writer;
    qint64 m_bytesReceived = 0;
};
