#pragma once

#include <QByteArray>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

// Writes to a file descriptor without ever blocking its caller, so that a slow or stalled
// reader cannot block the event loop: write() hands at most what a pipe takes at once to a
// non-blocking description of its own (see m_direct) and copies the rest into a queue, which
// a thread of its own writes with plain blocking write()s. The descriptor keeps its flags:
// fds 1 and 2 share their open file description with the user's shell or terminal, so
// O_NONBLOCK set on them would outlive this process.
//
// The process must ignore SIGPIPE (RunSession does): a gone reader is an EPIPE, reported as
// closed(). The queue is not bounded here: the owner watches queuedBytes() and applies
// back-pressure (RunSession pauses the task's output). Progress is reported to the owner's thread
// through queued signals.
class QueuedFdWriter : public QObject
{
    Q_OBJECT
public:
    enum class Status { Open, Closed, Failed };

    explicit QueuedFdWriter(int fd, QObject *parent = nullptr);
    // Joins the thread, dropping what is still queued. Only while it is not inside write()
    // (isIdle(), or no longer Open): a thread blocked in write() cannot be joined, so an owner
    // giving up on a stalled reader ends the process with _exit() instead (see RunSession).
    ~QueuedFdWriter() override;

    // Never blocks. Ignored once the writer is no longer Open.
    void write(const QByteArray &data);

    // Given to write() and not yet taken by the descriptor.
    qint64 queuedBytes() const { return m_queued.load(); }
    // Taken by the descriptor so far; it moves whenever the reader makes progress.
    quint64 bytesWritten() const { return m_written.load(); }
    bool isIdle() const { return queuedBytes() == 0; }
    Status status() const { return Status(m_status.load()); }
    int error() const { return m_error.load(); } // errno when Failed

    // Asks for one progressed() after the next write() that completes (or the next change of
    // status). One-shot, so that a fast reader does not flood the event loop: arm it, then look
    // at queuedBytes(), and arm again from progressed() while still waiting.
    void notifyOnProgress() { m_notify.store(true); }

Q_SIGNALS:
    void progressed();
    void closed();          // EPIPE: the reader is gone; what was queued is dropped
    void failed(int error); // any other error; what was queued is dropped

private:
    void run();
    void post(void (QueuedFdWriter::*signal)());

    // Data is copied into buffers of our own, reused once written. Sharing the caller's
    // QByteArray instead kept the task's pipe reader (OutputPipe) from reusing its 1 MiB
    // buffer while ours was in flight: every read then went to fresh memory (a page fault per
    // 4 KiB, an mmap/munmap per chunk), which cost more CPU than this copy.
    using Buffer = std::vector<char>;
    static constexpr size_t BufferSize = 1024 * 1024;
    static constexpr size_t PoolSize = 8; // spare buffers kept (8 MiB at most)

    // The most one write() call is given: progress is seen at least this often while the reader
    // takes data at all, and a fast reader still costs few system calls.
    static constexpr qint64 MaxWrite = 256 * 1024;

    const int m_fd;
    // When m_fd is a pipe: the same pipe opened anew (/proc/self/fd/N), a description of our
    // own that can be O_NONBLOCK without touching the shared one. While nothing is queued,
    // write() tries it first from the caller's thread, and only what the pipe cannot take now
    // goes to the thread: a fast reader then costs no hand-over (a futex wake and two context
    // switches per chunk: 25-75% more CPU time for `head -c 1G /dev/zero | cat`, measured on
    // a busy 2-core machine).
    int m_direct = -1;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Buffer> m_queue; // guarded by m_mutex
    std::vector<Buffer> m_pool; // guarded by m_mutex
    bool m_quit = false;        // guarded by m_mutex
    std::atomic<qint64> m_queued{0};
    std::atomic<quint64> m_written{0};
    std::atomic<int> m_status{int(Status::Open)};
    std::atomic<int> m_error{0};
    std::atomic<bool> m_notify{false};
    std::thread m_thread;
};
