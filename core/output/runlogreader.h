#pragma once

#include "runlogformat.h"

#include <QByteArray>
#include <QString>
#include <QVector>

// One chunk of a run's output as it came: which stream, when, and its bytes.
struct RunLogChunk
{
    RunLogFormat::Stream stream = RunLogFormat::Unknown; // Unknown: bytes no record covers
    qint64 timeMs = -1;                                  // ms since the epoch; -1: unknown
    qint64 offset = 0;                                   // where it starts in the data file
    QByteArray data;
};

// Reads a run's log (runlogformat.h) back: per stream, or as the chunks in the order they came,
// from any point - the tail first without reading the rest: the file sizes locate the last
// records, the records locate their bytes. Accepts files cut anywhere (a crash mid-write): only
// records that tile the data from its start and lie within it are believed; data bytes after
// the last such record (and a whole log written before the index existed) come as chunks of
// Unknown stream, in pieces of at most UnknownPieceSize, so the chunks together are always the
// data file exactly. Reads with pread(), no QObject; a snapshot of the sizes at open().
class RunLogReader
{
public:
    static constexpr qint64 UnknownPieceSize = 1024 * 1024;

    RunLogReader() = default;
    ~RunLogReader();
    RunLogReader(const RunLogReader &) = delete;
    RunLogReader &operator=(const RunLogReader &) = delete;

    // The data file's path (what RawLogWriter::path() names); its index is found beside it.
    bool open(const QString &dataPath, QString *error);
    bool hasIndex() const { return m_indexFd >= 0; }
    qint64 dataSize() const { return m_dataSize; }

    // Chunks there are: those of the index, then the unknown-stream pieces.
    qint64 chunkCount() const;
    QVector<RunLogChunk> chunks(qint64 first, qint64 count) const;
    QVector<RunLogChunk> chunks() const { return chunks(0, chunkCount()); }
    QVector<RunLogChunk> tail(qint64 count) const;

    // All of one stream's bytes, in order (Unknown: the bytes no record covers).
    QByteArray streamBytes(RunLogFormat::Stream stream) const;
    QByteArray stdoutBytes() const { return streamBytes(RunLogFormat::Stdout); }
    QByteArray stderrBytes() const { return streamBytes(RunLogFormat::Stderr); }

    // Bytes read from both files so far: what reading the tail first saves is measurable.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    bool readAt(int fd, qint64 offset, char *to, qint64 size) const;
    // Records [first, first + count) that are believed (fewer at a broken link, which also
    // ends the index there for later calls).
    QVector<RunLogFormat::Record> records(qint64 first, qint64 count) const;
    bool recordIsBelieved(qint64 index) const; // for the search of the index's end at open()
    // Believes the first count records from now on (and no more).
    void believe(qint64 count) const;

    int m_dataFd = -1;
    int m_indexFd = -1;
    qint64 m_dataSize = 0;
    mutable qint64 m_records = 0;    // believed records; lowered if a read finds a broken link
    mutable qint64 m_indexedEnd = 0; // the data they cover: [0, m_indexedEnd)
    mutable qint64 m_bytesRead = 0;
};
