#include "queuedfdwriter.h"

#include "fdwriter.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

QueuedFdWriter::QueuedFdWriter(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
{
    // Pipes only: reopening a terminal or another device can have side effects, a regular
    // file would get an offset of its own, and a socket cannot be opened this way.
    struct stat st = {};
    const int access = ::fcntl(fd, F_GETFL) & O_ACCMODE;
    if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && (access == O_WRONLY || access == O_RDWR)) {
        char path[64];
        std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        m_direct = ::open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    }
    m_thread = std::thread([this] { run(); });
}

QueuedFdWriter::~QueuedFdWriter()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_one();
    m_thread.join();
    if (m_direct >= 0)
        ::close(m_direct);
}

void QueuedFdWriter::write(const QByteArray &data)
{
    const char *bytes = data.constData();
    size_t size = size_t(data.size());
    // Nothing queued: the thread is not inside write() and will not be until we queue, so
    // writing here keeps the order.
    if (m_direct >= 0 && size > 0 && isIdle() && status() == Status::Open) {
        ssize_t n;
        do {
            n = ::write(m_direct, bytes, size);
        } while (n < 0 && errno == EINTR);
        if (n > 0) {
            bytes += n;
            size -= size_t(n);
            m_written.fetch_add(quint64(n));
            if (m_notify.exchange(false))
                post(&QueuedFdWriter::progressed);
        }
        // EAGAIN, a part written, or an error: the thread takes the rest (and reports errors).
    }
    if (size == 0)
        return;
    Buffer buffer;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (status() != Status::Open)
            return; // the thread dropped the queue under this lock: nothing may join it now
        // A small piece joins the last buffer still waiting (the thread only takes the front):
        // a chatty task and a slow reader make fewer, bigger writes.
        if (size <= BufferSize / 16 && !m_queue.empty()
            && m_queue.back().capacity() - m_queue.back().size() >= size) {
            m_queue.back().insert(m_queue.back().end(), bytes, bytes + size);
            m_queued.fetch_add(qint64(size));
            return; // the thread is awake already: the queue was not empty
        }
        if (!m_pool.empty()) {
            buffer = std::move(m_pool.back());
            m_pool.pop_back();
        }
    }
    // The copy, outside the lock.
    buffer.reserve(std::max(size, BufferSize));
    buffer.assign(bytes, bytes + size);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (status() != Status::Open)
            return;
        m_queue.push_back(std::move(buffer));
        m_queued.fetch_add(qint64(size));
    }
    m_wake.notify_one();
}

void QueuedFdWriter::post(void (QueuedFdWriter::*signal)())
{
    // Runs the signal's emission on the thread this object lives in (the event loop's).
    QMetaObject::invokeMethod(
        this, [this, signal] { (this->*signal)(); }, Qt::QueuedConnection);
}

void QueuedFdWriter::run()
{
    // No signal mask of our own: a handler running here only writes to the self-pipe, a write
    // it interrupts is restarted or resumed (FdWriter), and a terminal's job control (SIGTTOU
    // for a background write with `stty tostop`) must still stop us as before.
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_quit || !m_queue.empty(); });
        if (m_quit)
            return;
        Buffer chunk = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();

        FdWriter::Result result = FdWriter::Result::Written;
        const qint64 size = qint64(chunk.size());
        qint64 offset = 0;
        while (offset < size) {
            const qint64 piece = qMin(MaxWrite, size - offset);
            result = FdWriter::writeAll(m_fd, chunk.data() + offset, size_t(piece));
            if (result != FdWriter::Result::Written)
                break;
            offset += piece;
            m_written.fetch_add(quint64(piece));
            m_queued.fetch_sub(piece);
            if (m_notify.exchange(false))
                post(&QueuedFdWriter::progressed);
        }
        const qint64 unwritten = size - offset;
        const int error = errno;

        lock.lock();
        if (m_pool.size() < PoolSize && chunk.capacity() <= BufferSize) {
            chunk.clear(); // keeps its memory
            m_pool.push_back(std::move(chunk));
        }
        if (result == FdWriter::Result::Written)
            continue;
        // The reader is gone or the descriptor broke: drop everything, now and from now on.
        qint64 dropped = unwritten;
        for (const Buffer &queued : m_queue)
            dropped += qint64(queued.size());
        m_queue.clear();
        m_error.store(result == FdWriter::Result::Failed ? error : 0);
        m_status.store(int(result == FdWriter::Result::Closed ? Status::Closed : Status::Failed));
        m_queued.fetch_sub(dropped);
        if (result == FdWriter::Result::Closed) {
            post(&QueuedFdWriter::closed);
        } else {
            QMetaObject::invokeMethod(
                this, [this, error] { Q_EMIT failed(error); }, Qt::QueuedConnection);
        }
        m_notify.store(false);
        post(&QueuedFdWriter::progressed);
    }
}
