#include "runlogreader.h"

#include "runlogname.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

using RunLogFormat::Record;
using RunLogFormat::RecordSize;

namespace {
constexpr qint64 RecordsPerRead = 4096;

qint64 fileSize(int fd)
{
    struct stat info = {};
    return ::fstat(fd, &info) == 0 ? qint64(info.st_size) : -1;
}
} // namespace

RunLogReader::~RunLogReader()
{
    if (m_dataFd >= 0)
        ::close(m_dataFd);
    if (m_indexFd >= 0)
        ::close(m_indexFd);
}

bool RunLogReader::open(const QString &dataPath, QString *error)
{
    m_dataFd = ::open(QFile::encodeName(dataPath).constData(), O_RDONLY | O_CLOEXEC);
    if (m_dataFd < 0 || (m_dataSize = fileSize(m_dataFd)) < 0) {
        *error = QStringLiteral("cannot read the log file %1: %2")
                     .arg(dataPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // No index, or not one of ours: all of the data is of unknown stream (an older log).
    m_indexFd = ::open(QFile::encodeName(RunLogName::indexPathFor(dataPath)).constData(),
                       O_RDONLY | O_CLOEXEC);
    const qint64 indexSize = m_indexFd >= 0 ? fileSize(m_indexFd) : -1;
    char header[RunLogFormat::HeaderSize];
    if (m_indexFd >= 0
        && (indexSize < RunLogFormat::HeaderSize
            || !readAt(m_indexFd, 0, header, RunLogFormat::HeaderSize)
            || !RunLogFormat::headerIsValid(header))) {
        ::close(m_indexFd);
        m_indexFd = -1;
    }
    if (m_indexFd < 0)
        return true;
    // A torn last record is not counted; records past the data's end (a crash kept the index
    // but not all the data) are not believed. The believed ones are a prefix, so its end is
    // found by bisection: a few small reads, however long the log.
    qint64 low = 0;
    qint64 high = (indexSize - RunLogFormat::HeaderSize) / RecordSize;
    while (low < high) {
        const qint64 middle = low + (high - low) / 2;
        if (recordIsBelieved(middle))
            low = middle + 1;
        else
            high = middle;
    }
    believe(low);
    return true;
}

bool RunLogReader::readAt(int fd, qint64 offset, char *to, qint64 size) const
{
    while (size > 0) {
        const ssize_t n = ::pread(fd, to, size_t(size), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; // an error, or the file ends sooner
        m_bytesRead += n;
        to += n;
        offset += n;
        size -= n;
    }
    return true;
}

void RunLogReader::believe(qint64 count) const
{
    m_records = 0;
    m_indexedEnd = 0;
    char bytes[RecordSize];
    Record last;
    if (count > 0
        && readAt(m_indexFd, RunLogFormat::HeaderSize + (count - 1) * RecordSize, bytes, RecordSize)
        && RunLogFormat::decode(bytes, &last)) {
        m_records = count;
        m_indexedEnd = last.offset + last.length;
    }
}

bool RunLogReader::recordIsBelieved(qint64 index) const
{
    char bytes[2 * RecordSize];
    const qint64 first = std::max<qint64>(index - 1, 0);
    const qint64 count = index - first + 1;
    if (!readAt(m_indexFd, RunLogFormat::HeaderSize + first * RecordSize, bytes,
                count * RecordSize))
        return false;
    Record record;
    if (!RunLogFormat::decode(bytes + (count - 1) * RecordSize, &record)
        || record.length > m_dataSize - record.offset)
        return false;
    if (index == 0)
        return record.offset == 0;
    Record before;
    return RunLogFormat::decode(bytes, &before) && record.offset == before.offset + before.length
           && record.timeMs >= before.timeMs;
}

QVector<Record> RunLogReader::records(qint64 first, qint64 count) const
{
    QVector<Record> result;
    count = std::min(count, m_records - first);
    if (first < 0 || count <= 0)
        return result;
    result.reserve(int(std::min<qint64>(count, RecordsPerRead)));
    // The record before the first is read too: each must start where the one before ended.
    qint64 expectedOffset = 0;
    qint64 earliest = std::numeric_limits<qint64>::min();
    qint64 at = first > 0 ? first - 1 : 0;
    const qint64 end = first + count;
    QByteArray buffer(int(RecordsPerRead * RecordSize), Qt::Uninitialized);
    while (at < end) {
        const qint64 n = std::min(RecordsPerRead, end - at);
        if (!readAt(m_indexFd, RunLogFormat::HeaderSize + at * RecordSize, buffer.data(),
                    n * RecordSize)) {
            believe(at); // the index is shorter than it was (cut under us?)
            return result;
        }
        for (qint64 i = 0; i < n; ++i, ++at) {
            Record record;
            const bool good = RunLogFormat::decode(buffer.constData() + i * RecordSize, &record)
                              && (at < first || record.offset == expectedOffset)
                              && record.length <= m_dataSize - record.offset
                              && record.timeMs >= earliest;
            if (!good) {
                believe(at); // a broken link: nothing from here on is believed, now or later
                return result;
            }
            expectedOffset = record.offset + record.length;
            earliest = record.timeMs;
            if (at >= first)
                result.append(record);
        }
    }
    return result;
}

qint64 RunLogReader::chunkCount() const
{
    const qint64 unknown = m_dataSize - m_indexedEnd;
    return m_records + (unknown + UnknownPieceSize - 1) / UnknownPieceSize;
}

QVector<RunLogChunk> RunLogReader::chunks(qint64 first, qint64 count) const
{
    QVector<RunLogChunk> result;
    first = std::max<qint64>(first, 0);
    qint64 at = first;
    if (at < m_records) {
        for (const Record &record : records(at, count)) {
            RunLogChunk chunk;
            chunk.stream = record.stream;
            chunk.timeMs = record.timeMs;
            chunk.offset = record.offset;
            chunk.data.resize(record.length);
            if (!readAt(m_dataFd, record.offset, chunk.data.data(), record.length))
                return result; // the data shrank since open()
            result.append(std::move(chunk));
            ++at;
        }
        if (at < m_records)
            return result;
        // (A broken link lowered m_records to where reading stopped: the rest is unknown.)
    }
    for (qint64 piece = at - m_records; qint64(result.size()) < count; ++piece) {
        const qint64 offset = m_indexedEnd + piece * UnknownPieceSize;
        if (offset >= m_dataSize)
            break;
        RunLogChunk chunk;
        chunk.offset = offset;
        chunk.data.resize(std::min(UnknownPieceSize, m_dataSize - offset));
        if (!readAt(m_dataFd, offset, chunk.data.data(), chunk.data.size()))
            break;
        result.append(std::move(chunk));
    }
    return result;
}

QVector<RunLogChunk> RunLogReader::tail(qint64 count) const
{
    const qint64 total = chunkCount();
    const qint64 first = std::max<qint64>(total - count, 0);
    return chunks(first, total - first);
}

QByteArray RunLogReader::streamBytes(RunLogFormat::Stream stream) const
{
    QByteArray result;
    if (stream != RunLogFormat::Unknown) {
        for (qint64 at = 0; at < m_records; at += RecordsPerRead) {
            const QVector<Record> batch = records(at, RecordsPerRead);
            for (const Record &record : batch) {
                if (record.stream != stream)
                    continue;
                const qsizetype size = result.size();
                result.resize(size + record.length);
                if (!readAt(m_dataFd, record.offset, result.data() + size, record.length)) {
                    result.truncate(size);
                    return result;
                }
            }
            if (batch.size() < RecordsPerRead)
                break;
        }
        return result;
    }
    result.resize(m_dataSize - m_indexedEnd);
    if (!readAt(m_dataFd, m_indexedEnd, result.data(), result.size()))
        result.clear();
    return result;
}
