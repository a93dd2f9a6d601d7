#include "rawlogwriter.h"

#include "logpruner.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

class RawLogWriter::Worker : public QObject
{
public:
    Worker(int fd, RawLogWriter *owner)
        : m_fd(fd)
        , m_owner(owner)
    {}
    ~Worker() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    void write(const QByteArray &data)
    {
        if (m_fd >= 0 && !m_failed) {
            const char *p = data.constData();
            qsizetype left = data.size();
            while (left > 0) {
                const ssize_t n = ::write(m_fd, p, size_t(left));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0) {
                    m_failed = true;
                    const QString error = QString::fromLocal8Bit(std::strerror(errno));
                    QMetaObject::invokeMethod(
                        m_owner, [owner = m_owner, error] { Q_EMIT owner->failed(error); });
                    break;
                }
                p += n;
                left -= n;
            }
        }
        if ((m_owner->m_queued -= data.size()) == 0)
            QMetaObject::invokeMethod(m_owner, [owner = m_owner] { Q_EMIT owner->drained(); });
    }

private:
    int m_fd;
    RawLogWriter *m_owner;
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
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create the log file %1: %2")
                     .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_path = path;
    m_worker = new Worker(fd, this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
    return true;
}

void RawLogWriter::write(const QByteArray &chunk)
{
    if (!m_worker || chunk.isEmpty() || m_limitReached)
        return;
    QByteArray data = chunk;
    // Counted here, on the caller's thread, so that nothing beyond the limit is even queued.
    // Only a chunk that would go beyond it cuts the file: a run of exactly the limit is whole.
    const bool cut = m_limit > 0 && m_accepted + data.size() > m_limit;
    if (cut) {
        data.truncate(m_limit - m_accepted);
        data += limitMarker(m_limit);
        m_limitReached = true;
    }
    m_accepted += data.size();
    m_queued += data.size();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, data] { worker->write(data); });
    if (cut)
        Q_EMIT limitReached(QStringLiteral("log limit of %1 reached; the rest of this run's "
                                           "output was not saved")
                                .arg(formatLimit(m_limit)));
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
    QString safe = taskName.left(60);
    for (QChar &c : safe) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    // LogPruner recognises its files by this name: change both together.
    return LogPruner::defaultDirectory() + QLatin1Char('/')
           + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))
           + QLatin1Char('-') + safe + QLatin1String(".log");
}
