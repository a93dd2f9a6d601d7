#pragma once

#include "outputchannel.h"
#include "runlogformat.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

// Writes a run's raw output, byte for byte, to a file (mode 0600) on a thread of its own, so a
// slow or full disk never stalls the window. Beside it, an index (path + ".idx", see
// runlogformat.h) says which stream each chunk came from and when; RunLogReader reads both.
// queuedBytes() lets the caller apply back-pressure (stop reading the task's pipe) instead of
// buffering without bound; a write error is reported once through failed() and later data is
// dropped - the in-memory view goes on. With a size limit, the file stops at it: its last line says
// so (limitMarker()), limitReached() is emitted once, and the rest of the run's output is not
// written.
class RawLogWriter : public QObject
{
    Q_OBJECT
public:
    explicit RawLogWriter(QObject *parent = nullptr);
    ~RawLogWriter() override; // finishes the queued writes, then closes

    // Creates the file and its index (none for a path that is not a regular file, such as
    // /dev/null); false with *error set if it cannot.
    bool open(const QString &path, QString *error);
    QString path() const { return m_path; }           // the data file: cat shows the run
    QString indexPath() const { return m_indexPath; } // empty when there is no index
    // At most this many bytes of output go to the file (the marker line comes on top); 0, the
    // default, is no limit. Set it before the first write().
    void setLimit(qint64 bytes) { m_limit = bytes; }
    qint64 limit() const { return m_limit; }
    bool limitIsReached() const { return m_limitReached; }
    // A chunk of the task's output, timed now (never earlier than the chunk before).
    void write(OutputChannel channel, const QByteArray &data);
    // A line of taskrunner's own between the output (a note chunk of the index), on a line of
    // its own: after a newline if the output so far does not end with one. Not written once
    // the limit cut the file.
    void writeNote(const QByteArray &line);
    // The last line of a log cut at limit bytes.
    static QByteArray limitMarker(qint64 limit);
    // "512 MB", or "1000 bytes" for a limit that is not a whole number of MiB.
    static QString formatLimit(qint64 limit);
    qint64 queuedBytes() const { return m_queued.load(); }
    // Blocks until every queued byte is on its way to the disk; for tests and shutdown only.
    void flushForTesting();

    // Where a run's log goes: $XDG_DATA_HOME/taskrunner/logs/<time>-<name>.log (RunLogName)
    static QString defaultPath(const QString &taskName);

Q_SIGNALS:
    void failed(const QString &error);
    void drained();                            // the queue went empty
    void limitReached(const QString &message); // once, when the limit cut the file

private:
    class Worker;
    void enqueue(RunLogFormat::Stream stream, qint64 timeMs, const QByteArray &data);

    QString m_path;
    QString m_indexPath;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives in m_thread, deleted when it finishes
    std::atomic<qint64> m_queued{0};
    qint64 m_limit = 0;    // 0: none
    qint64 m_accepted = 0; // bytes of output handed to the worker (GUI thread only)
    bool m_limitReached = false;
    qint64 m_lastTimeMs = 0;   // chunk times never go back, even if the clock does
    bool m_atLineStart = true; // the data written so far ends with a newline (or is empty)
};
