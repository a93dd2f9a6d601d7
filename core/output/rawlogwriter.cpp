#include "rawlogwriter.h"

#include "runlogname.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// Writes all of it, retrying short writes and EINTR; false with errno set on an error.
bool writeAll(int fd, const char *p, qint64 left)
{
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        p += n;
        left -= n;
    }
    return true;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

class RawLogWriter::Worker : public QObject
{
public:
    Worker(int fd, int indexFd, RawLogWriter *owner)
        : m_fd(fd)
        , m_indexFd(indexFd)
        , m_owner(owner)
    {}
    ~Worker() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (m_indexFd >= 0)
            ::close(m_indexFd);
    }

    void write(RunLogFormat::Stream stream, qint64 timeMs, const QByteArray &data)
    {
        // The data first, then its record: a crash in between leaves bytes without a record
        // (read as of unknown stream), never a record without its bytes.
        for (qint64 done = 0; done < data.size() && !m_failed;) {
            const qint64 length = std::min(data.size() - done, RunLogFormat::MaxRecordLength);
            if (!writeAll(m_fd, data.constData() + done, length)) {
                fail();
                break;
            }
            if (m_indexFd >= 0) {
                char record[RunLogFormat::RecordSize];
                RunLogFormat::encode({m_offset, length, stream, timeMs}, record);
                if (!writeAll(m_indexFd, record, sizeof record))
                    fail();
            }
            m_offset += length;
            done += length;
        }
        if ((m_owner->m_queued -= data.size()) == 0)
            QMetaObject::invokeMethod(m_owner, [owner = m_owner] { Q_EMIT owner->drained(); });
    }

private:
    void fail()
    {
        m_failed = true; // later data is dropped: the in-memory view goes on
        const QString error = errnoText();
        QMetaObject::invokeMethod(m_owner,
                                  [owner = m_owner, error] { Q_EMIT owner->failed(error); });
    }

    int m_fd;
    int m_indexFd; // -1: no index
    RawLogWriter *m_owner;
    qint64 m_offset = 0; // bytes in the data file
    bool m_failed = false;
};

RawLogWriter::RawLogWriter(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("raw log writer"));
}

RawLogWriter::~RawLogWriter()
{
    m_thread.quit(); // queued writes run first: quit() is handled after them
    m_thread.wait();
}

bool RawLogWriter::open(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QByteArray encoded = QFile::encodeName(path);
    const int fd = ::open(encoded.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create the log file %1: %2").arg(path, errnoText());
        return false;
    }
    // A device (/dev/null, /dev/full) gets no index: there is nothing to read back.
    struct stat info = {};
    int indexFd = -1;
    const QString indexPath = RunLogName::indexPathFor(path);
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        indexFd = ::open(QFile::encodeName(indexPath).constData(),
                         O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        char header[RunLogFormat::HeaderSize];
        RunLogFormat::encodeHeader(header);
        if (indexFd < 0 || !writeAll(indexFd, header, sizeof header)) {
            *error
                = QStringLiteral("cannot create the log file %1: %2").arg(indexPath, errnoText());
            if (indexFd >= 0) {
                ::close(indexFd);
                ::unlink(QFile::encodeName(indexPath).constData());
            }
            ::close(fd);
            ::unlink(encoded.constData());
            return false;
        }
        m_indexPath = indexPath;
    }
    m_path = path;
    m_worker = new Worker(fd, indexFd, this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
    return true;
}

void RawLogWriter::write(OutputChannel channel, const QByteArray &chunk)
{
    if (!m_worker || chunk.isEmpty() || m_limitReached)
        return;
    // Timed as it arrives, not as the disk gets to it.
    m_lastTimeMs = std::max(m_lastTimeMs, QDateTime::currentMSecsSinceEpoch());
    const RunLogFormat::Stream stream
        = channel == OutputChannel::Stdout ? RunLogFormat::Stdout : RunLogFormat::Stderr;
    // Counted here, on the caller's thread, so that nothing beyond the limit is even queued.
    // Only a chunk that would go beyond it cuts the file: a run of exactly the limit is whole.
    if (m_limit <= 0 || m_accepted + chunk.size() <= m_limit) {
        m_atLineStart = chunk.endsWith('\n');
        enqueue(stream, m_lastTimeMs, chunk);
        return;
    }
    if (m_limit > m_accepted)
        enqueue(stream, m_lastTimeMs, chunk.left(m_limit - m_accepted));
    enqueue(RunLogFormat::Note, m_lastTimeMs, limitMarker(m_limit));
    m_limitReached = true;
    Q_EMIT limitReached(QStringLiteral("log limit of %1 reached; the rest of this run's "
                                       "output was not saved")
                            .arg(formatLimit(m_limit)));
}

void RawLogWriter::writeNote(const QByteArray &line)
{
    if (!m_worker || line.isEmpty() || m_limitReached)
        return;
    m_lastTimeMs = std::max(m_lastTimeMs, QDateTime::currentMSecsSinceEpoch());
    enqueue(RunLogFormat::Note, m_lastTimeMs,
            (m_atLineStart ? QByteArray() : QByteArray("\n")) + line + '\n');
    m_atLineStart = true;
}

void RawLogWriter::enqueue(RunLogFormat::Stream stream, qint64 timeMs, const QByteArray &data)
{
    m_accepted += data.size();
    m_queued += data.size();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, stream, timeMs, data] {
        worker->write(stream, timeMs, data);
    });
}

void RawLogWriter::flushForTesting()
{
    if (!m_worker)
        return;
    // A blocking call into the worker's thread returns once everything queued before it ran.
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

QString RawLogWriter::formatLimit(qint64 limit)
{
    constexpr qint64 MiB = 1024 * 1024;
    return limit % MiB == 0 ? QStringLiteral("%1 MB").arg(limit / MiB)
                            : QStringLiteral("%1 bytes").arg(limit);
}

QByteArray RawLogWriter::limitMarker(qint64 limit)
{
    return QStringLiteral("\n[taskrunner: log limit of %1 reached; the rest of this run's output "
                          "was not saved]\n")
        .arg(formatLimit(limit))
        .toUtf8();
}

QString RawLogWriter::defaultPath(const QString &taskName)
{
    return RunLogName::newDataPath(RunLogName::defaultDirectory(), taskName);
}
