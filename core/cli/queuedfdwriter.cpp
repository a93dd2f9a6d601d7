#include "queuedfdwriter.h"

#include "fdwriter.h"

#include <cerrno>
#include <csignal>
#include <pthread.h>

QueuedFdWriter::QueuedFdWriter(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
{
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
}

void QueuedFdWriter::write(const QByteArray &data)
{
    if (data.isEmpty())
        return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (status() != Status::Open)
            return; // the thread dropped the queue under this lock: nothing may join it now
        m_queue.push_back(data); // shared, not copied
        m_queued.fetch_add(data.size());
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
    // Asynchronous signals are for the event loop's thread (its self-pipe handler); none of
    // them should cut a write of ours short.
    sigset_t blocked;
    sigfillset(&blocked);
    for (const int synchronous : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS})
        sigdelset(&blocked, synchronous);
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr);

    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_quit || !m_queue.empty(); });
        if (m_quit)
            return;
        QByteArray chunk = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();

        FdWriter::Result result = FdWriter::Result::Written;
        qint64 offset = 0;
        while (offset < chunk.size()) {
            const qint64 piece = qMin(MaxWrite, chunk.size() - offset);
            result = FdWriter::writeAll(m_fd, chunk.constData() + offset, size_t(piece));
            if (result != FdWriter::Result::Written)
                break;
            offset += piece;
            m_written.fetch_add(quint64(piece));
            m_queued.fetch_sub(piece);
            if (m_notify.exchange(false))
                post(&QueuedFdWriter::progressed);
        }
        const qint64 unwritten = chunk.size() - offset;
        const int error = errno;
        chunk = QByteArray(); // let go of the buffer: the reader of the task's pipe reuses it

        lock.lock();
        if (result == FdWriter::Result::Written)
            continue;
        // The reader is gone or the descriptor broke: drop everything, now and from now on.
        qint64 dropped = unwritten;
        for (const QByteArray &queued : m_queue)
            dropped += queued.size();
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
