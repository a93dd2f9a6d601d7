// A run's log on disk: the writer's data file and index (runlogformat.h), read back by
// RunLogReader byte for byte, per stream and in order, tail first, and from files cut anywhere;
// and the naming rule (RunLogName) the writer and the pruner share.

#include "rawlogwriter.h"
#include "runlogformat.h"
#include "runlogname.h"
#include "runlogreader.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Written
{
    RunLogFormat::Stream stream;
    QByteArray data;
};

QByteArray randomBytes(QRandomGenerator &generator, qsizetype size)
{
    QByteArray bytes((size + 3) & ~qsizetype(3), Qt::Uninitialized);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    bytes.truncate(size);
    return bytes;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

// Writes the chunks through RawLogWriter (empty ones are not logged) and waits for the disk.
QVector<Written> writeLog(const QString &path, const QVector<Written> &chunks, qint64 limit = 0)
{
    RawLogWriter writer;
    writer.setLimit(limit);
    QString error;
    if (!writer.open(path, &error))
        qFatal("%s", qPrintable(error));
    QVector<Written> logged;
    for (const Written &chunk : chunks) {
        writer.write(chunk.stream == RunLogFormat::Stderr ? OutputChannel::Stderr
                                                          : OutputChannel::Stdout,
                     chunk.data);
        if (!chunk.data.isEmpty())
            logged.append(chunk);
    }
    writer.flushForTesting();
    return logged;
}

QByteArray joined(const QVector<RunLogChunk> &chunks)
{
    QByteArray all;
    for (const RunLogChunk &chunk : chunks)
        all += chunk.data;
    return all;
}

// Small chunks, so that a test can cut the files at every offset near their ends.
QVector<Written> smallChunks(int count, quint32 seed)
{
    QRandomGenerator generator(seed);
    QVector<Written> chunks;
    for (int i = 0; i < count; ++i)
        chunks.append({generator.bounded(3) ? RunLogFormat::Stdout : RunLogFormat::Stderr,
                       randomBytes(generator, generator.bounded(1, 200))});
    return chunks;
}

} // namespace

class RunLogTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsByteExact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("logs/run.log"));
        QRandomGenerator generator(11);
        QVector<Written> chunks;
        for (int i = 0; i < 3000; ++i) {
            // Sizes 0 .. 256 KiB, most of them small (as a pipe's reads mostly are).
            const int size = generator.bounded(8) == 0 ? generator.bounded(256 * 1024 + 1)
                                                       : generator.bounded(4097);
            chunks.append({generator.bounded(2) ? RunLogFormat::Stdout : RunLogFormat::Stderr,
                           randomBytes(generator, size)});
        }
        // NULs, invalid UTF-8, a lone CR, a split UTF-8 character.
        chunks.insert(10, {RunLogFormat::Stderr, QByteArray("\0\0\xff\xfe\xc3", 5)});
        chunks.insert(20, {RunLogFormat::Stdout, QByteArray("\r")});
        chunks.insert(30, {RunLogFormat::Stdout, QByteArray("\xe2\x82")});
        chunks.insert(31, {RunLogFormat::Stdout, QByteArray("\xac\n")});
        chunks.insert(40, {RunLogFormat::Stderr, QByteArray()}); // nothing to log

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QVector<Written> logged = writeLog(path, chunks);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(logged.size() < chunks.size()); // some were empty: not logged

        QByteArray all, out, err;
        for (const Written &chunk : logged) {
            all += chunk.data;
            (chunk.stream == RunLogFormat::Stdout ? out : err) += chunk.data;
        }
        QVERIFY(readFile(path) == all); // the data file is the run as a terminal had it
        for (const QString &file : {path, RunLogName::indexPathFor(path)}) {
            QCOMPARE(
                QFile(file).permissions()
                    & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                QFile::Permissions());
        }

        RunLogReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        QVERIFY(reader.hasIndex());
        QCOMPARE(reader.dataSize(), qint64(all.size()));
        QCOMPARE(reader.chunkCount(), qint64(logged.size()));
        QVERIFY(reader.stdoutBytes() == out);
        QVERIFY(reader.stderrBytes() == err);
        QVERIFY(reader.streamBytes(RunLogFormat::Unknown).isEmpty());
        const QVector<RunLogChunk> read = reader.chunks();
        QCOMPARE(read.size(), logged.size());
        qint64 offset = 0;
        qint64 time = before;
        for (int i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].stream, logged[i].stream);
            QVERIFY2(read[i].data == logged[i].data, qPrintable(QString::number(i)));
            QCOMPARE(read[i].offset, offset);
            QVERIFY2(read[i].timeMs >= time && read[i].timeMs <= after,
                     qPrintable(QStringLiteral("chunk %1 at %2, %3..%4")
                                    .arg(i)
                                    .arg(read[i].timeMs)
                                    .arg(time)
                                    .arg(after)));
            time = read[i].timeMs;
            offset += read[i].data.size();
        }
        // Any window reads the same as the whole.
        const QVector<RunLogChunk> middle = reader.chunks(1234, 100);
        QCOMPARE(middle.size(), 100);
        for (int i = 0; i < middle.size(); ++i)
            QVERIFY(middle[i].data == read[1234 + i].data
                    && middle[i].offset == read[1234 + i].offset);
    }

    // A crash can cut either file anywhere, or leave zeros or stray bytes where a record was
    // being written. The reader believes only records that are whole, lie within the data and
    // follow on from the one before; the rest of the data comes as Unknown, so all the chunks
    // together are always exactly the data file.
    void cutFilesAreRead_data()
    {
        QTest::addColumn<bool>("cutIndex");
        QTest::addColumn<qint64>("at");
        const QVector<Written> chunks = smallChunks(300, 5);
        qint64 dataSize = 0;
        for (const Written &chunk : chunks)
            dataSize += chunk.data.size();
        const qint64 indexSize
            = RunLogFormat::HeaderSize + chunks.size() * RunLogFormat::RecordSize;
        QRandomGenerator generator(6);
        // Every offset near the ends (the last records and chunks), near the start, and random.
        for (qint64 at = std::max<qint64>(indexSize - 4 * RunLogFormat::RecordSize, 0);
             at <= indexSize; ++at)
            QTest::addRow("index at %lld", at) << true << at;
        for (qint64 at = 0; at <= 3 * RunLogFormat::RecordSize; ++at)
            QTest::addRow("index at %lld", at) << true << at;
        for (qint64 at = std::max<qint64>(dataSize - 600, 0); at <= dataSize; ++at)
            QTest::addRow("data at %lld", at) << false << at;
        for (qint64 at = 0; at <= 300; ++at)
            QTest::addRow("data at %lld", at) << false << at;
        for (int i = 0; i < 100; ++i) {
            const qint64 index = generator.bounded(indexSize);
            QTest::addRow("index at %lld (random)", index) << true << index;
            const qint64 data = generator.bounded(dataSize);
            QTest::addRow("data at %lld (random)", data) << false << data;
        }
    }
    void cutFilesAreRead()
    {
        QFETCH(bool, cutIndex);
        QFETCH(qint64, at);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.log"));
        const QVector<Written> logged = writeLog(path, smallChunks(300, 5));
        const QString indexPath = RunLogName::indexPathFor(path);
        const QByteArray data = readFile(path);
        QVERIFY(QFile::resize(cutIndex ? indexPath : path, at));
        const QByteArray cutData = cutIndex ? data : data.left(at);

        // Whole chunks before the cut: those whose record is whole and whose bytes are all there.
        int expected = 0;
        qint64 end = 0;
        for (const Written &chunk : logged) {
            const qint64 recordEnd
                = RunLogFormat::HeaderSize + (expected + 1) * RunLogFormat::RecordSize;
            if ((cutIndex && recordEnd > at) || (!cutIndex && end + chunk.data.size() > at))
                break;
            end += chunk.data.size();
            ++expected;
        }
        if (cutIndex && at < RunLogFormat::HeaderSize)
            expected = 0;

        RunLogReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        QCOMPARE(reader.hasIndex(), !cutIndex || at >= RunLogFormat::HeaderSize);
        // Found from the sizes alone, before anything is read in order.
        const qint64 unknownBytes = cutData.size() - end;
        QCOMPARE(reader.chunkCount(), expected
                                          + (unknownBytes + RunLogReader::UnknownPieceSize - 1)
                                                / RunLogReader::UnknownPieceSize);
        const QVector<RunLogChunk> tail = reader.tail(7);
        const QVector<RunLogChunk> read = reader.chunks();
        QVERIFY(joined(read) == cutData);
        int indexed = 0;
        while (indexed < read.size() && read[indexed].stream != RunLogFormat::Unknown)
            ++indexed;
        QCOMPARE(indexed, expected);
        QByteArray out;
        for (int i = 0; i < read.size(); ++i) {
            if (i < indexed) {
                QCOMPARE(read[i].stream, logged[i].stream);
                QVERIFY(read[i].data == logged[i].data);
                if (read[i].stream == RunLogFormat::Stdout)
                    out += read[i].data;
            } else {
                QCOMPARE(read[i].stream, RunLogFormat::Unknown); // nothing believed after
                QCOMPARE(read[i].timeMs, qint64(-1));
            }
        }
        QVERIFY(reader.stdoutBytes() == out);
        QVERIFY(reader.streamBytes(RunLogFormat::Unknown) == cutData.mid(end));
        // Read from the end first, the same chunks.
        QCOMPARE(tail.size(), std::min(7, int(read.size())));
        for (int i = 0; i < tail.size(); ++i) {
            const RunLogChunk &whole = read[read.size() - tail.size() + i];
            QVERIFY(tail[i].data == whole.data && tail[i].stream == whole.stream
                    && tail[i].offset == whole.offset && tail[i].timeMs == whole.timeMs);
        }
    }

    // What a crash may leave after the last whole record: zeros, stray bytes, a record that
    // points past the data, one that does not follow on. None is believed.
    void strayRecordsAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("appended");
        QTest::addColumn<int>("dataCut"); // bytes cut off the data's end
        QTest::newRow("zeros") << QByteArray(3 * RunLogFormat::RecordSize, '\0') << 0;
        QRandomGenerator generator(9);
        for (int i = 0; i < 20; ++i)
            QTest::addRow("random bytes %d", i)
                << randomBytes(generator, RunLogFormat::RecordSize * (1 + i % 3)) << 0;
        QTest::newRow("index ahead of the data") << QByteArray() << 1;
        QTest::newRow("index far ahead of the data") << QByteArray() << 1000;
    }
    void strayRecordsAreIgnored()
    {
        QFETCH(QByteArray, appended);
        QFETCH(int, dataCut);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.log"));
        const QVector<Written> logged = writeLog(path, smallChunks(50, 7));
        QByteArray data = readFile(path);
        data.chop(dataCut);
        QVERIFY(writeFile(path, data));
        QByteArray index = readFile(RunLogName::indexPathFor(path));
        // Random bytes could be a believable record only by chance of 2^-100 or so.
        QVERIFY(writeFile(RunLogName::indexPathFor(path), index + appended));
        RunLogReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        const QVector<RunLogChunk> read = reader.chunks();
        QVERIFY(joined(read) == data);
        int whole = 0;
        qint64 end = 0;
        while (whole < logged.size() && end + logged[whole].data.size() <= data.size())
            end += logged[whole++].data.size();
        for (int i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].stream, i < whole ? logged[i].stream : RunLogFormat::Unknown);
            if (i < whole)
                QVERIFY(read[i].data == logged[i].data);
        }
        QCOMPARE(reader.tail(1).size(), read.isEmpty() ? 0 : 1);
    }

    // The tail of a long log costs a few small reads, not the log: the index's size locates the
    // last records, they locate their bytes.
    void tailIsReadFirstAndCheaply()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.log"));
        QVector<Written> chunks;
        QRandomGenerator generator(13);
        for (int i = 0; i < 20000; ++i)
            chunks.append(
                {i % 5 ? RunLogFormat::Stdout : RunLogFormat::Stderr,
                 QByteArray::number(i).leftJustified(int(generator.bounded(100, 1000)), 'x')
                     + '\n'});
        const QVector<Written> logged = writeLog(path, chunks);
        RunLogReader reader;
        QString error;
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        const qint64 opened = reader.bytesRead();
        const QVector<RunLogChunk> tail = reader.tail(10);
        const qint64 elapsedUs = clock.nsecsElapsed() / 1000;
        QCOMPARE(tail.size(), 10);
        qint64 tailBytes = 0;
        for (int i = 0; i < 10; ++i) {
            const Written &expected = logged[logged.size() - 10 + i];
            QVERIFY(tail[i].data == expected.data);
            QCOMPARE(tail[i].stream, expected.stream);
            tailBytes += expected.data.size();
        }
        // Opening bisects the index: two records per step, log2(20000) < 15 steps, plus one.
        QVERIFY2(opened <= RunLogFormat::HeaderSize + 16 * 2 * RunLogFormat::RecordSize,
                 qPrintable(QString::number(opened)));
        // The tail: its 10 records and the one before (to check they follow on), its bytes.
        QCOMPARE(reader.bytesRead() - opened, 11 * RunLogFormat::RecordSize + tailBytes);
        QVERIFY(reader.dataSize() > 10 * 1000 * 1000);
        qInfo("open + tail(10) of a %lld-byte log of %lld chunks: %lld bytes read, %lld us",
              reader.dataSize(), reader.chunkCount(), reader.bytesRead(), elapsedUs);
    }

    // A log written before the index existed: all of it, of unknown stream, read from the end
    // in pieces.
    void oldLogWithoutIndex()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("20250101-000000-000-old.log"));
        QRandomGenerator generator(17);
        const QByteArray data = randomBytes(generator, 5 * RunLogReader::UnknownPieceSize / 2);
        QVERIFY(writeFile(path, data));
        RunLogReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        QVERIFY(!reader.hasIndex());
        QCOMPARE(reader.chunkCount(), qint64(3));
        QVERIFY(reader.stdoutBytes().isEmpty() && reader.stderrBytes().isEmpty());
        QVERIFY(reader.streamBytes(RunLogFormat::Unknown) == data);
        QVERIFY(joined(reader.chunks()) == data);
        const qint64 before = reader.bytesRead();
        const QVector<RunLogChunk> tail = reader.tail(1);
        QCOMPARE(tail.size(), 1);
        QVERIFY(tail[0].data == data.mid(2 * RunLogReader::UnknownPieceSize));
        QCOMPARE(reader.bytesRead() - before, qint64(RunLogReader::UnknownPieceSize / 2));
        // An index that is not ours (no magic) is no index.
        QVERIFY(writeFile(RunLogName::indexPathFor(path), QByteArray(48, 'x')));
        RunLogReader again;
        QVERIFY(again.open(path, &error));
        QVERIFY(!again.hasIndex());
        QVERIFY(joined(again.chunks()) == data);
        RunLogReader missing;
        QVERIFY(!missing.open(dir.filePath(QStringLiteral("nothing.log")), &error));
        QVERIFY(error.contains(QLatin1String("nothing.log")));
    }

    // The per-run limit: the data ends with the marker, the index with a note record for it,
    // and nothing of either stream comes after.
    void limitEndsWithTheMarker_data()
    {
        QTest::addColumn<int>("limit");
        QTest::newRow("inside a chunk") << 1000;
        QTest::newRow("at a chunk's end") << 900;
        QTest::newRow("inside the first chunk") << 100;
    }
    void limitEndsWithTheMarker()
    {
        QFETCH(int, limit);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.log"));
        QVector<Written> chunks;
        QByteArray all;
        for (int i = 0; i < 10; ++i) {
            const QByteArray line = QByteArray::number(i).leftJustified(299, 'x') + '\n';
            chunks.append({i % 2 ? RunLogFormat::Stderr : RunLogFormat::Stdout, line});
            all += line;
        }
        writeLog(path, chunks, limit);
        const QByteArray marker = RawLogWriter::limitMarker(limit);
        QVERIFY(readFile(path) == all.left(limit) + marker);
        RunLogReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        const QVector<RunLogChunk> read = reader.chunks();
        QVERIFY(!read.isEmpty());
        QCOMPARE(read.last().stream, RunLogFormat::Note);
        QVERIFY(read.last().data == marker);
        QCOMPARE(reader.stdoutBytes().size() + reader.stderrBytes().size(), limit);
        QVERIFY(joined(read) == all.left(limit) + marker);
        for (int i = 0; i + 1 < read.size(); ++i)
            QVERIFY(read[i].stream == RunLogFormat::Stdout
                    || read[i].stream == RunLogFormat::Stderr);
    }

    // A device gets no index: nothing could read it back.
    void deviceHasNoIndex()
    {
        RawLogWriter writer;
        QString error;
        QVERIFY2(writer.open(QStringLiteral("/dev/null"), &error), qPrintable(error));
        QVERIFY(writer.indexPath().isEmpty());
        writer.write(OutputChannel::Stdout, "x");
        writer.flushForTesting();
        QVERIFY(!QFile::exists(QStringLiteral("/dev/null.idx")));
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("stem");
        const int notOurs = int(RunLogName::Kind::NotOurs);
        const int data = int(RunLogName::Kind::Data);
        const int index = int(RunLogName::Kind::Index);
        QTest::newRow("data") << "20260101-120000-123-build.log" << data
                              << "20260101-120000-123-build";
        QTest::newRow("index") << "20260101-120000-123-build.log.idx" << index
                               << "20260101-120000-123-build";
        QTest::newRow("empty task name")
            << "20260101-120000-123-.log" << data << "20260101-120000-123-";
        QTest::newRow("old loose name")
            << "20260101-120000-123-a.b.log" << data << "20260101-120000-123-a.b";
        QTest::newRow("foreign") << "notes.log" << notOurs << "";
        QTest::newRow("foreign index") << "notes.log.idx" << notOurs << "";
        QTest::newRow("other suffix") << "20260101-120000-123-build.txt" << notOurs << "";
        QTest::newRow("index only") << "20260101-120000-123-build.idx" << notOurs << "";
        QTest::newRow("short stamp") << "2026010-120000-123-build.log" << notOurs << "";
        QTest::newRow("more after") << "20260101-120000-123-build.log.idx.bak" << notOurs << "";
    }
    void names()
    {
        QFETCH(QString, name);
        QString stem;
        QTEST(int(RunLogName::classify(name, &stem)), "kind");
        QTEST(stem, "stem");
    }

    void newNamesAreOurs()
    {
        const QDateTime start(QDate(2026, 3, 4), QTime(5, 6, 7, 89));
        const QString name = RunLogName::dataFileName(QStringLiteral("a/b c.d:é-_"), start);
        QCOMPARE(name, QStringLiteral("20260304-050607-089-a_b_c_d_é-_.log"));
        QString stem;
        QCOMPARE(RunLogName::classify(name, &stem), RunLogName::Kind::Data);
        const QString path
            = RunLogName::newDataPath(QStringLiteral("/x"), QStringLiteral("t"), start);
        QCOMPARE(path, QStringLiteral("/x/20260304-050607-089-t.log"));
        QString indexStem;
        QCOMPARE(RunLogName::classify(RunLogName::indexPathFor(path).mid(3), &indexStem),
                 RunLogName::Kind::Index);
        QCOMPARE(indexStem, QStringLiteral("20260304-050607-089-t"));
        QCOMPARE(RunLogName::dataFileName(QString(100, QLatin1Char('n')), start).size(),
                 20 + 60 + 4);
        QVERIFY(RawLogWriter::defaultPath(QStringLiteral("t"))
                    .startsWith(RunLogName::defaultDirectory() + QLatin1Char('/')));
    }
};

QTEST_GUILESS_MAIN(RunLogTest)
#include "tst_runlog.moc"
