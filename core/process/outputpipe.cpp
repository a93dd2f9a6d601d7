#include "outputpipe.h"

#include "pipeholders.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

OutputPipe::OutputPipe(QObject *parent)
    : QObject(parent)
{}

OutputPipe::~OutputPipe()
{
    abandon();
    closeWriteEnd();
}

bool OutputPipe::open()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    // The write end must be blocking for the task: programs do not expect EAGAIN on stdout.
    ::fcntl(fds[1], F_SETFL, 0);
    // A bigger pipe lets a busy event loop take in ~16x more per turn (1 MiB is the default
    // pipe-max-size). Failing is harmless: the default 64 KiB still works.
    ::fcntl(fds[0], F_SETPIPE_SZ, 1024 * 1024);
    m_readFd = fds[0];
    m_writeFd = fds[1];
    m_holderLink = PipeHolders::linkFor(m_readFd, false);
    return true;
}

void OutputPipe::adoptReadEnd(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    m_readFd = fd;
    m_holderLink = PipeHolders::linkFor(m_readFd, true);
}

void OutputPipe::closeWriteEnd()
{
    if (m_writeFd >= 0) {
        ::close(m_writeFd);
        m_writeFd = -1;
    }
}

void OutputPipe::startReading()
{
    if (m_readFd < 0 || m_notifier)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(m_readFd, QSocketNotifier::Read);
    m_notifier->setEnabled(!m_paused); // a pause asked for before reading started holds
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &OutputPipe::readAvailable);
}

void OutputPipe::readAvailable()
{
    // During a flood the same buffer is used again as soon as its readers (the parser, the log
    // writer thread) have let go of it: a fresh megabyte per read cost a page fault per 4 KiB.
    if (!m_buffer.isDetached() || m_buffer.capacity() < ChunkSize)
        m_buffer = QByteArray(ChunkSize, Qt::Uninitialized);
    else
        m_buffer.resize(ChunkSize);
    for (;;) {
        const ssize_t n = ::read(m_readFd, m_buffer.data(), size_t(m_buffer.size()));
        if (n > 0) {
            m_buffer.truncate(n);
            Q_EMIT chunkRead(m_buffer);
            if (n < ChunkSize) // caught up: no flood, so do not keep a megabyte per pipe
                m_buffer = QByteArray();
            return; // one chunk per turn: let timers and other runs have the loop
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        finish(); // 0: EOF; any other error ends the stream too
        return;
    }
}

void OutputPipe::finish()
{
    abandon();
    Q_EMIT finished();
}

void OutputPipe::setPaused(bool paused)
{
    m_paused = paused;
    if (m_notifier)
        m_notifier->setEnabled(!paused);
}

void OutputPipe::abandon()
{
    m_finished = true;
    m_notifier.reset();
    if (m_readFd >= 0) {
        ::close(m_readFd);
        m_readFd = -1;
    }
}
