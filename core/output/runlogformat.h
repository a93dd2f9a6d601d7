#pragma once

#include <QtGlobal>

#include <cstring>

// A run's log on disk: two files (named by RunLogName).
//
// <stem>.log - the data: every byte the task wrote, stdout and stderr in the order they came,
//   nothing added except, when the run's size limit cut the log, the marker line at its end.
//   `cat`/`less` show the run as a terminal would have; a log without its index (or one written
//   before the index existed) is still complete as text.
//
// <stem>.log.idx - the index: which stream each chunk of the data came from, and when. Written
//   only after the chunk's data has been written, so the data is never behind its index except
//   after a machine crash (then the reader drops records that point past the data). A header of
//   24 bytes, then records of 24 bytes, all little-endian, appended one per chunk:
//
//     header: "TRLOGIX1" (8 bytes), 16 bytes of zeros (reserved)
//     record: offset  u64  where the chunk starts in the data file
//             length  u32  its size in bytes (> 0)
//             stream  u8   1 stdout, 2 stderr, 3 taskrunner's own note (the limit marker)
//             zero    3 bytes of zeros (reserved)
//             time    i64  when the chunk came, ms since 1970-01-01 UTC; never decreases
//
//   Records tile the data: the first starts at 0, each starts where the one before ended. A
//   reader takes the longest run of records that do so and lie within the data; anything after
//   (a record torn by a crash, a cut-off index) is ignored, and data bytes no record covers are
//   of unknown stream. The file sizes alone locate the tail: record i is at 24 * (i + 1).
//
//   Decoding without the app (prints the stderr bytes of a run):
//
//     import struct, sys
//     data = open(sys.argv[1], 'rb').read()
//     index = open(sys.argv[1] + '.idx', 'rb').read()
//     assert index[:8] == b'TRLOGIX1'
//     for at in range(24, len(index) - 23, 24):
//         offset, length, stream, ms = struct.unpack_from('<QIB3xq', index, at)
//         if stream == 2:
//             sys.stdout.buffer.write(data[offset:offset + length])
namespace RunLogFormat {

constexpr char Magic[8] = {'T', 'R', 'L', 'O', 'G', 'I', 'X', '1'};
constexpr int HeaderSize = 24;
constexpr int RecordSize = 24;
// A longer chunk is written as several records (the length field is 32 bits).
constexpr qint64 MaxRecordLength = qint64(1) << 30;

enum Stream : quint8 { Unknown = 0, Stdout = 1, Stderr = 2, Note = 3 };

struct Record
{
    qint64 offset = 0;
    qint64 length = 0;
    Stream stream = Unknown;
    qint64 timeMs = 0;
};

inline void encodeHeader(char *out)
{
    std::memset(out, 0, HeaderSize);
    std::memcpy(out, Magic, sizeof Magic);
}

inline bool headerIsValid(const char *in)
{
    return std::memcmp(in, Magic, sizeof Magic) == 0;
}

inline void encode(const Record &record, char *out)
{
    const auto put = [&out](quint64 value, int bytes) {
        for (int i = 0; i < bytes; ++i)
            *out++ = char(value >> (8 * i));
    };
    put(quint64(record.offset), 8);
    put(quint64(record.length), 4);
    put(record.stream, 1);
    put(0, 3);
    put(quint64(record.timeMs), 8);
}

// False for a record that cannot be one of ours (zeros where a torn or stray write left them).
inline bool decode(const char *in, Record *record)
{
    const auto get = [&in](int bytes) {
        quint64 value = 0;
        for (int i = 0; i < bytes; ++i)
            value |= quint64(quint8(*in++)) << (8 * i);
        return value;
    };
    record->offset = qint64(get(8));
    record->length = qint64(get(4));
    const quint64 stream = get(1);
    const quint64 zero = get(3);
    record->timeMs = qint64(get(8));
    record->stream = Stream(stream);
    return record->offset >= 0 && record->length > 0 && stream >= Stdout && stream <= Note
           && zero == 0;
}

} // namespace RunLogFormat
