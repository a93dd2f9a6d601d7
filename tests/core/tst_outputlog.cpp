// The output pipeline's pure parts: the terminal line parser (rows of chunked input), the
// bounded line store, the incremental search, and the raw log file.

#include "linestore.h"
#include "logpruner.h"
#include "logsearch.h"
#include "logsettings.h"
#include "outputlog.h"
#include "rawlogwriter.h"
#include "runlogname.h"
#include "terminallineparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(TextStyle)

namespace {

QVector<StyledLine> parse(const QList<QByteArray> &chunks, int maxLineLength = 0)
{
    QVector<StyledLine> lines;
    TerminalLineParser parser(OutputChannel::Stdout, [&lines](const StyledLineRef &line) {
        lines.append(StyledLine::fromRef(line));
    });
    if (maxLineLength > 0)
        parser.setMaxLineLength(maxLineLength);
    for (const QByteArray &chunk : chunks)
        parser.feed(chunk);
    parser.finish();
    return lines;
}

TextStyle styleAt(const StyledLine &line, int column)
{
    for (const StyleSpan &span : line.spans) {
        if (column >= span.start && column < span.start + span.length)
            return span.style;
    }
    return TextStyle();
}

TextStyle style(TermColor fg, quint8 flags = 0, TermColor bg = TermColor())
{
    TextStyle s;
    s.foreground = fg;
    s.background = bg;
    s.flags = flags;
    return s;
}

} // namespace

class OutputLogTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lines_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<QStringList>("expected");
        using L = QList<QByteArray>;
        QTest::newRow("plain") << L{"a\nb\n"} << QStringList{"a", "b"};
        QTest::newRow("line split across chunks")
            << L{"ab", "c\nd", "e\n"} << QStringList{"abc", "de"};
        QTest::newRow("crlf") << L{"a\r\nb\r\n"} << QStringList{"a", "b"};
        QTest::newRow("cr at chunk end, lf next") << L{"a\r", "\nb\n"} << QStringList{"a", "b"};
        QTest::newRow("progress bar") << L{"10%\r20%", "\r100%\n"} << QStringList{"100%"};
        QTest::newRow("cr overwrites in place") << L{"abcdef\rxy\n"} << QStringList{"xycdef"};
        QTest::newRow("cr then erase to end") << L{"abcdef\r\x1b[Kxy\n"} << QStringList{"xy"};
        QTest::newRow("erase split across chunks")
            << L{"abcdef\r\x1b", "[", "Kxy\n"} << QStringList{"xy"};
        QTest::newRow("erase whole line") << L{"abc\x1b[2Kd\n"} << QStringList{"   d"};
        QTest::newRow("backspace") << L{"abc\b\bX\n"} << QStringList{"aXc"};
        QTest::newRow("backspace at start") << L{"\b\bab\n"} << QStringList{"ab"};
        QTest::newRow("colour codes vanish")
            << L{"\x1b[1;31mred\x1b[0m plain\n"} << QStringList{"red plain"};
        QTest::newRow("split colour code")
            << L{"\x1b[3", "1mred\x1b", "[0m\n"} << QStringList{"red"};
        QTest::newRow("OSC title, BEL") << L{"\x1b]0;my title\x07hello\n"} << QStringList{"hello"};
        QTest::newRow("OSC 8 link, ST")
            << L{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\n"} << QStringList{"link"};
        QTest::newRow("other CSI consumed")
            << L{"\x1b[2J\x1b[H\x1b[?25lclear\n"} << QStringList{"clear"};
        QTest::newRow("charset escape consumed") << L{"\x1b(Bx\x1b"
                                                      "7y\n"}
                                                 << QStringList{"xy"};
        QTest::newRow("invalid UTF-8") << L{"a\xff"
                                            "b\n"}
                                       << QStringList{"a\uFFFD"
                                                      "b"};
        QTest::newRow("UTF-8 split across chunks")
            << L{"caf\xc3", "\xa9\n"} << QStringList{"caf\u00e9"};
        QTest::newRow("4-byte UTF-8 split three ways")
            << L{"a\xf0\x9f", "\x98",
                 "\x80"
                 "b\n"}
            << QStringList{QStringLiteral("a\U0001F600b")};
        QTest::newRow("cut character, then ASCII")
            << L{"a\xe2\x82", "x\n"} << QStringList{"a\uFFFDx"};
        QTest::newRow("cut character at the end of the stream")
            << L{"a\xe2\x82"} << QStringList{"a\uFFFD"};
        QTest::newRow("overlong: a replacement per byte")
            << L{"\xc0\xaf\xe0\x80\xaf\n"} << QStringList{"\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"};
        QTest::newRow("surrogate and beyond U+10FFFF rejected")
            << L{"\xed\xa0\x80|\xf4\x90\x80\x80\n"}
            << QStringList{"\uFFFD\uFFFD\uFFFD|\uFFFD\uFFFD\uFFFD\uFFFD"};
        QTest::newRow("maximal subpart: one replacement")
            << L{"\xe2\x82(\xf0\x9f\x98(\n"} << QStringList{"\uFFFD(\uFFFD("};
        QTest::newRow("long ASCII run around a character")
            << L{QByteArray(40, 'a') + "\xc3\xa9" + QByteArray(40, 'b') + "\n"}
            << QStringList{QString(40, QLatin1Char('a')) + QChar(0xe9)
                           + QString(40, QLatin1Char('b'))};
        QTest::newRow("control characters visible") << L{QByteArray("a\x01"
                                                                    "b\0c\n",
                                                                    6)}
                                                    << QStringList{"a\u2401"
                                                                   "b\u2400"
                                                                   "c"};
        QTest::newRow("tab kept for the view") << L{"a\tb\n"} << QStringList{"a\tb"};
        QTest::newRow("last line without newline") << L{"one\ntwo"} << QStringList{"one", "two"};
        QTest::newRow("empty lines") << L{"\n\n"} << QStringList{"", ""};
        QTest::newRow("broken CSI") << L{"\x1b[12\nnext\n"} << QStringList{"", "next"};
    }
    void lines()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(QStringList, expected);
        const QVector<StyledLine> lines = parse(chunks);
        QStringList texts;
        for (const StyledLine &line : lines)
            texts.append(line.text);
        QCOMPARE(texts, expected);
    }

    void styles_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<TextStyle>("expected"); // the style of the first character
        const TermColor none;
        QTest::newRow("none") << QByteArray("X") << TextStyle();
        QTest::newRow("bold red") << QByteArray("\x1b[1;31mX")
                                  << style(TermColor::indexed(1), TextStyle::Bold);
        QTest::newRow("faint italic underline")
            << QByteArray("\x1b[2;3;4mX")
            << style(none, TextStyle::Faint | TextStyle::Italic | TextStyle::Underline);
        QTest::newRow("inverse") << QByteArray("\x1b[7mX") << style(none, TextStyle::Inverse);
        QTest::newRow("bright") << QByteArray("\x1b[91mX") << style(TermColor::indexed(9));
        QTest::newRow("bright background")
            << QByteArray("\x1b[104mX") << style(none, 0, TermColor::indexed(12));
        QTest::newRow("256 colours")
            << QByteArray("\x1b[38;5;200mX") << style(TermColor::indexed(200));
        QTest::newRow("truecolour")
            << QByteArray("\x1b[38;2;10;20;30mX") << style(TermColor::rgb(10, 20, 30));
        QTest::newRow("truecolour background")
            << QByteArray("\x1b[48;2;1;2;3mX") << style(none, 0, TermColor::rgb(1, 2, 3));
        QTest::newRow("default foreground") << QByteArray("\x1b[31m\x1b[39mX") << TextStyle();
        QTest::newRow("empty means reset") << QByteArray("\x1b[1;31m\x1b[mX") << TextStyle();
        QTest::newRow("22 ends bold") << QByteArray("\x1b[1m\x1b[22mX") << TextStyle();
        QTest::newRow("truncated 38;5 ignored") << QByteArray("\x1b[38;5mX") << TextStyle();
    }
    void styles()
    {
        QFETCH(QByteArray, input);
        QFETCH(TextStyle, expected);
        // Byte by byte: every split point of the sequence is exercised.
        QList<QByteArray> chunks;
        for (const char c : input)
            chunks.append(QByteArray(1, c));
        const QVector<StyledLine> lines = parse(chunks);
        QCOMPARE(lines.size(), 1);
        QVERIFY(styleAt(lines.first(), 0) == expected);
    }

    void styleCarriesAcrossLines()
    {
        const QVector<StyledLine> lines = parse({"\x1b[32mgreen\nstill\x1b[0m plain\n"});
        QCOMPARE(lines.size(), 2);
        QVERIFY(styleAt(lines[1], 0) == style(TermColor::indexed(2)));
        QVERIFY(styleAt(lines[1], 6) == TextStyle());
    }

    void hyperlinks_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("url");
        using L = QList<QByteArray>;
        QTest::newRow("ST-terminated")
            << L{"see \x1b]8;;https://example.com/a\x1b\\docs\x1b]8;;\x1b\\ now\n"}
            << "see docs now" << 4 << 4 << "https://example.com/a";
        QTest::newRow("BEL-terminated, with params")
            << L{"\x1b]8;id=1;file:///tmp/x\x07here\x1b]8;;\x07\n"} << "here" << 0 << 4
            << "file:///tmp/x";
        QTest::newRow("split across chunks, coloured")
            << L{"a \x1b]8;;http://h/", "p\x1b\\\x1b[31mre", "d\x1b[0m\x1b]8;;\x1b\\ b\n"}
            << "a red b" << 2 << 3 << "http://h/p";
        QTest::newRow("other OSC is no link")
            << L{"\x1b]0;title\x07plain\n"} << "plain" << -1 << 0 << QString();
    }
    void hyperlinks()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(int, start);
        const QVector<StyledLine> lines = parse(chunks);
        QCOMPARE(lines.size(), 1);
        QTEST(lines[0].text, "text");
        if (start < 0) {
            QVERIFY(lines[0].links.isEmpty());
            return;
        }
        QCOMPARE(lines[0].links.size(), 1);
        QCOMPARE(lines[0].links[0].start, start);
        QTEST(lines[0].links[0].length, "length");
        QTEST(lines[0].links[0].url, "url");

        // The store keeps them with the line, and lets them go with it.
        LineStore store;
        store.setLimits(2, 1 << 30);
        store.append(lines[0]);
        QVERIFY(store.line(0)->links);
        QTEST(store.line(0)->links->at(0).url, "url");
        store.append(StyledLine{QStringLiteral("x"), {}, OutputChannel::Stdout, false, 0, {}});
        QVERIFY(!store.line(1)->links);
        store.append(StyledLine{QStringLiteral("y"), {}, OutputChannel::Stdout, false, 0, {}});
        QVERIFY(!store.line(0));
    }

    void giantLineIsCutAndMarked()
    {
        const QByteArray giant(100'000, 'x');
        const QVector<StyledLine> lines = parse({giant, giant, "\nnext\n"}, 1000);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].text.size(), 1000);
        QVERIFY(lines[0].truncated);
        QCOMPARE(lines[1].text, QStringLiteral("next"));
        QVERIFY(!lines[1].truncated);
    }

    void storeTrimsByLinesAndBytes()
    {
        LineStore store;
        store.setLimits(100, 1 << 30);
        for (int i = 0; i < 250; ++i)
            store.append(StyledLine{QString::number(i), {}, OutputChannel::Stdout, false, 0, {}});
        QCOMPARE(store.lineCount(), 100);
        QCOMPARE(store.trimmedLines(), 150);
        QCOMPARE(store.line(150)->text.toString(), QStringLiteral("150"));
        QVERIFY(!store.line(149));
        QCOMPARE(store.endLineNumber(), 250);

        LineStore bytes;
        bytes.setLimits(1'000'000, 100'000);
        for (int i = 0; i < 1000; ++i)
            bytes.append(StyledLine{
                QString(500, QLatin1Char('y')), {}, OutputChannel::Stdout, false, 0, {}});
        QVERIFY(bytes.memoryBytes() <= 100'000);
        QVERIFY(bytes.trimmedLines() > 0);
        QCOMPARE(bytes.trimmedLines() + bytes.lineCount(), 1000);
    }

    // Clear is the user's: the lines it drops are not "no longer in memory" (that is trimming's
    // word), numbering goes on, and trimming after it counts from 0 again.
    void clearIsNotTrimming()
    {
        LineStore store;
        store.setLimits(100, 1 << 30);
        for (int i = 0; i < 10; ++i)
            store.append(StyledLine{QString::number(i), {}, OutputChannel::Stdout, false, 0, {}});
        store.clear();
        QCOMPARE(store.lineCount(), 0);
        QCOMPARE(store.trimmedLines(), 0);
        QCOMPARE(store.firstLineNumber(), 10);
        for (int i = 10; i < 130; ++i)
            store.append(StyledLine{QString::number(i), {}, OutputChannel::Stdout, false, 0, {}});
        QCOMPARE(store.lineCount(), 100);
        QCOMPARE(store.trimmedLines(), 20); // 120 after the clear, 100 kept
        QCOMPARE(store.line(30)->text.toString(), QStringLiteral("30"));
        store.reset();
        QCOMPARE(store.trimmedLines(), 0);
        QCOMPARE(store.firstLineNumber(), 0);
    }

    void search_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<int>("matches");
        QTest::newRow("plain, any case") << "error" << false << false << 2 * 20000;
        QTest::newRow("plain, case") << "ERROR" << false << true << 20000;
        QTest::newRow("regex") << "line \\d*5 " << true << false << 10000;
        QTest::newRow("no match") << "absent" << false << false << 0;
    }
    void search()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, regex);
        QFETCH(bool, caseSensitive);
        LineStore store;
        for (int i = 0; i < 100000; ++i) {
            const QString text = i % 5 == 0   ? QStringLiteral("line %1 ERROR here").arg(i)
                                 : i % 5 == 1 ? QStringLiteral("line %1 error here").arg(i)
                                              : QStringLiteral("line %1 fine").arg(i);
            store.append(StyledLine{text, {}, OutputChannel::Stdout, false, 0, {}});
        }
        LogSearch search(&store);
        QSignalSpy batches(&search, &LogSearch::matchesFound);
        QSignalSpy finished(&search, &LogSearch::finished);
        QVERIFY(search.start(pattern, regex, caseSensitive));
        QVERIFY(finished.isEmpty()); // it runs on the event loop, in slices
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QTEST(finished.first().first().toInt(), "matches");
        int total = 0;
        for (const auto &batch : batches)
            total += batch.first().value<QVector<LogMatch>>().size();
        QTEST(total, "matches");
        if (total > 0)
            QVERIFY(batches.size() >= 2); // more than one slice: the loop kept turning
    }

    void invalidRegexIsAnError()
    {
        LineStore store;
        LogSearch search(&store);
        QString error;
        QVERIFY(!search.start(QStringLiteral("(unclosed"), true, false, &error));
        QVERIFY(!error.isEmpty());
    }

    void logFileIsByteExact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("logs/run.log"));
        OutputLog log;
        QString error;
        QVERIFY2(log.attachLogFile(path, &error), qPrintable(error));
        QByteArray all;
        QRandomGenerator generator(3);
        for (int i = 0; i < 200; ++i) {
            QByteArray chunk(int(generator.bounded(1, 65536)), Qt::Uninitialized);
            for (char &c : chunk)
                c = char(generator.bounded(256));
            all += chunk;
            log.append(i % 3 ? OutputChannel::Stdout : OutputChannel::Stderr, chunk);
        }
        log.logWriter()->flushForTesting();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == all);
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    }

    void oldLogsArePruned_data()
    {
        // Files: name, size in KiB, age in days. Oldest go first: by age, then by total size.
        QTest::addColumn<qint64>("maxTotalKiB");
        QTest::addColumn<int>("maxAgeDays");
        QTest::addColumn<QStringList>("inUse");
        QTest::addColumn<QStringList>("remaining");
        const QStringList all = {"20260101-000000-000-a.log", "20260201-000000-000-b.log",
                                 "20260301-000000-000-c.log", "20260401-000000-000-d.log"};
        QTest::newRow("within limits") << qint64(1000) << 365 << QStringList() << all;
        QTest::newRow("too old") << qint64(1000) << 25 << QStringList() << all.mid(2);
        QTest::newRow("too big: oldest go") << qint64(250) << 365 << QStringList() << all.mid(2);
        QTest::newRow("a live run's log stays")
            << qint64(100) << 1 << QStringList{all[0]} << QStringList{all[0]};
        QTest::newRow("nothing fits") << qint64(1) << 365 << QStringList() << QStringList();
        // 0 is no limit (what a bad setting gives): that criterion removes nothing.
        QTest::newRow("no size limit") << qint64(0) << 25 << QStringList() << all.mid(2);
        QTest::newRow("no age limit") << qint64(250) << 0 << QStringList() << all.mid(2);
        QTest::newRow("no limits") << qint64(0) << 0 << QStringList() << all;
    }
    void oldLogsArePruned()
    {
        QFETCH(qint64, maxTotalKiB);
        QFETCH(int, maxAgeDays);
        QFETCH(QStringList, inUse);
        QTemporaryDir dir;
        const QDateTime now = QDateTime::currentDateTime();
        const QStringList names = {"20260101-000000-000-a.log", "20260201-000000-000-b.log",
                                   "20260301-000000-000-c.log", "20260401-000000-000-d.log"};
        for (int i = 0; i < names.size(); ++i) {
            QFile file(dir.filePath(names[i]));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(100 * 1024, 'x'));
            // a is 40 days old, b 30, c 20, d 10.
            QVERIFY(file.setFileTime(now.addDays(-40 + 10 * i), QFileDevice::FileModificationTime));
        }
        // Not ours: never touched, whatever the limits.
        QFile other(dir.filePath(QStringLiteral("notes.log")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(QByteArray(500 * 1024, 'y'));
        QVERIFY(other.setFileTime(now.addDays(-400), QFileDevice::FileModificationTime));
        other.close();

        QSet<QString> keep;
        for (const QString &name : inUse)
            keep.insert(QFileInfo(dir.filePath(name)).absoluteFilePath());
        LogRetention retention;
        retention.maxTotalBytes = maxTotalKiB * 1024;
        retention.maxAgeDays = maxAgeDays;
        const LogPruneResult result = LogPruner::prune(dir.path(), retention, keep, now);
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
        QStringList left
            = QDir(dir.path()).entryList({QStringLiteral("2026*.log")}, QDir::Files, QDir::Name);
        QTEST(left, "remaining");
        QCOMPARE(result.removedFiles, names.size() - left.size());
        QCOMPARE(result.removedBytes, qint64(result.removedFiles) * 100 * 1024);
        QVERIFY(other.exists());
    }

    // Runs' logs in the format with an index (<stem>.log + <stem>.log.idx) go as whole runs,
    // sized and aged together by their newest file; old lone .log files still go; files not
    // named like ours stay whatever the limits.
    void runLogsArePrunedAsUnits_data()
    {
        QTest::addColumn<qint64>("maxTotalKiB");
        QTest::addColumn<int>("maxAgeDays");
        QTest::addColumn<QStringList>("inUse");
        QTest::addColumn<QStringList>("remaining");
        QTest::addColumn<int>("removedRuns");
        // a: old format, 40 days. b: data 45 days, index 30 (its age is 30). c: 20 days, d: 10.
        // z: an index whose data is gone, 50 days. Sizes: data 100 KiB, index 10 KiB.
        const QString a = "20260101-000000-000-a.log";
        const QString b = "20260201-000000-000-b.log", bi = b + ".idx";
        const QString c = "20260301-000000-000-c.log", ci = c + ".idx";
        const QString d = "20260401-000000-000-d.log", di = d + ".idx";
        const QString zi = "20250101-000000-000-z.log.idx";
        const QStringList all = {zi, a, b, bi, c, ci, d, di};
        QTest::newRow("within limits") << qint64(10000) << 365 << QStringList() << all << 0;
        QTest::newRow("too old: b's index keeps it young")
            << qint64(10000) << 35 << QStringList() << QStringList{b, bi, c, ci, d, di} << 2;
        QTest::newRow("too old: b whole")
            << qint64(10000) << 25 << QStringList() << QStringList{c, ci, d, di} << 3;
        // 10 + 100 + 110 * 3 = 440 KiB; under 250 KiB only c and d fit (220).
        QTest::newRow("too big: oldest runs whole")
            << qint64(250) << 0 << QStringList() << QStringList{c, ci, d, di} << 3;
        QTest::newRow("too big: an index counts with its run")
            << qint64(219) << 0 << QStringList() << QStringList{d, di} << 4;
        QTest::newRow("a live run's log stays, by its data file's path")
            << qint64(1) << 1 << QStringList{b} << QStringList{b, bi} << 4;
        QTest::newRow("a live old-format log stays")
            << qint64(1) << 1 << QStringList{a} << QStringList{a} << 4;
        QTest::newRow("nothing fits") << qint64(1) << 1 << QStringList() << QStringList() << 5;
    }
    void runLogsArePrunedAsUnits()
    {
        QFETCH(qint64, maxTotalKiB);
        QFETCH(int, maxAgeDays);
        QFETCH(QStringList, inUse);
        QFETCH(int, removedRuns);
        QTemporaryDir dir;
        const QDateTime now = QDateTime::currentDateTime();
        const auto make = [&](const QString &name, int kib, int ageDays) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(kib * 1024, 'x')) < 0)
                return false;
            file.close(); // written out first, or the close would set the time to now
            return file.open(QIODevice::ReadWrite)
                   && file.setFileTime(now.addDays(-ageDays), QFileDevice::FileModificationTime);
        };
        QVERIFY(make("20250101-000000-000-z.log.idx", 10, 50));
        QVERIFY(make("20260101-000000-000-a.log", 100, 40));
        QVERIFY(make("20260201-000000-000-b.log", 100, 45));
        QVERIFY(make("20260201-000000-000-b.log.idx", 10, 30));
        QVERIFY(make("20260301-000000-000-c.log", 100, 20));
        QVERIFY(make("20260301-000000-000-c.log.idx", 10, 20));
        QVERIFY(make("20260401-000000-000-d.log", 100, 10));
        QVERIFY(make("20260401-000000-000-d.log.idx", 10, 10));
        // Not ours: old and big, never touched.
        const QStringList foreign = {"notes.log", "notes.log.idx", "20260101-000000-000-a.idx",
                                     "20260101-000000-000-a.log.bak", "x20260101-000000-000-a.log"};
        for (const QString &name : foreign)
            QVERIFY(make(name, 500, 400));

        QSet<QString> keep;
        for (const QString &name : inUse)
            keep.insert(QFileInfo(dir.filePath(name)).absoluteFilePath());
        LogRetention retention;
        retention.maxTotalBytes = maxTotalKiB * 1024;
        retention.maxAgeDays = maxAgeDays;
        const LogPruneResult result = LogPruner::prune(dir.path(), retention, keep, now);
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
        QStringList left = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        for (const QString &name : foreign) {
            QVERIFY2(left.contains(name), qPrintable(name));
            left.removeOne(name);
        }
        QTEST(left, "remaining");
        QCOMPARE(result.removedRuns, removedRuns);
        QCOMPARE(result.removedFiles, 8 - left.size());
        qint64 keptBytes = 0;
        for (const QString &name : left)
            keptBytes += QFileInfo(dir.filePath(name)).size();
        QCOMPARE(result.keptBytes, keptBytes);
        QCOMPARE(result.removedBytes, (100 * 4 + 10 * 4) * 1024 - keptBytes);
    }

    // What the writer names and writes, the pruner recognises and removes whole.
    void writtenLogIsPrunedWhole()
    {
        QTemporaryDir dir;
        const QString path = RunLogName::newDataPath(dir.path(), QStringLiteral("build"));
        {
            OutputLog log;
            QString error;
            QVERIFY2(log.attachLogFile(path, &error), qPrintable(error));
            log.append(OutputChannel::Stdout, "out\n");
            log.append(OutputChannel::Stderr, "err\n");
            log.logWriter()->flushForTesting();
            QVERIFY(QFile::exists(log.logWriter()->indexPath()));
            LogRetention none;
            none.maxTotalBytes = 1;
            none.maxAgeDays = 0;
            const QSet<QString> live{QFileInfo(log.logWriter()->path()).absoluteFilePath()};
            QCOMPARE(LogPruner::prune(dir.path(), none, live).removedFiles, 0); // live: stays
        }
        LogRetention retention;
        retention.maxTotalBytes = 1;
        retention.maxAgeDays = 0;
        const LogPruneResult result = LogPruner::prune(dir.path(), retention, {});
        QCOMPARE(result.removedRuns, 1);
        QCOMPARE(result.removedFiles, 2);
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void logFileStopsAtItsLimit_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("chunkSize");
        QTest::addColumn<int>("chunks");
        QTest::addColumn<bool>("cut");
        QTest::newRow("cut inside a chunk") << 1000 << 300 << 10 << true;
        QTest::newRow("cut at a chunk's end") << 900 << 300 << 10 << true;
        QTest::newRow("the first chunk is too big") << 100 << 5000 << 2 << true;
        QTest::newRow("exactly the limit: whole, no marker") << 900 << 300 << 3 << false;
        QTest::newRow("under the limit") << 10000 << 300 << 3 << false;
    }
    void logFileStopsAtItsLimit()
    {
        QFETCH(int, limit);
        QFETCH(int, chunkSize);
        QFETCH(int, chunks);
        QFETCH(bool, cut);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.log"));
        OutputLog log;
        QString error;
        QVERIFY2(log.attachLogFile(path, &error, limit), qPrintable(error));
        QSignalSpy reached(&log, &OutputLog::logFileLimitReached);
        QByteArray all;
        for (int i = 0; i < chunks; ++i) {
            // Lines of chunkSize bytes: "<i>xxxx...\n".
            QByteArray chunk = QByteArray::number(i).leftJustified(chunkSize - 1, 'x') + '\n';
            all += chunk;
            log.append(OutputChannel::Stdout, chunk);
        }
        log.logWriter()->flushForTesting();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        const QByteArray marker = RawLogWriter::limitMarker(limit);
        QVERIFY(marker.contains("log limit of"));
        QVERIFY(marker.endsWith("was not saved]\n"));
        if (cut) {
            QCOMPARE(reached.count(), 1);
            QVERIFY2(reached.first().first().toString().contains(
                         QStringLiteral("log limit of %1 bytes reached").arg(limit)),
                     qPrintable(reached.first().first().toString()));
            QVERIFY(written.size() <= limit + marker.size());
            QVERIFY(written == all.left(limit) + marker);
        } else {
            QCOMPARE(reached.count(), 0);
            QVERIFY(written == all);
        }
        QCOMPARE(log.store().lineCount(), chunks); // the view got everything
        QCOMPARE(log.bytesReceived(), qint64(all.size()));
    }

    void logLimitMarkerInMegabytes()
    {
        QCOMPARE(RawLogWriter::limitMarker(qint64(512) * 1024 * 1024),
                 QByteArray("\n[taskrunner: log limit of 512 MB reached; the rest of this run's "
                            "output was not saved]\n"));
    }

    // taskrunner.conf as a user edits it: every bad value is reported and its default used.
    void logSettings_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<int>("maxAgeDays");
        QTest::addColumn<qint64>("maxTotalMB");
        QTest::addColumn<qint64>("maxRunMB");
        QTest::addColumn<QStringList>("problemKeys");
        const QStringList none;
        QTest::newRow("absent: defaults")
            << QByteArray() << 30 << qint64(2048) << qint64(512) << none;
        QTest::newRow("good values") << QByteArray("maxAgeDays=7\nmaxTotalMB=100\nmaxRunMB=1\n")
                                     << 7 << qint64(100) << qint64(1) << none;
        QTest::newRow("spaces around")
            << QByteArray("maxAgeDays= 7 \n") << 7 << qint64(2048) << qint64(512) << none;
        const QList<QByteArray> bad
            = {"abc", "30x", "-1", "0", "", "1.5", "1e3", "0x10", "1,5", "99999999999999999999"};
        for (const QByteArray &value : bad) {
            // A bad retention value switches that pruning off (0), never falls back.
            QTest::addRow("maxAgeDays=%s", value.constData())
                << QByteArray("maxAgeDays=" + value + '\n') << 0 << qint64(2048) << qint64(512)
                << QStringList{"logs/maxAgeDays"};
            QTest::addRow("maxTotalMB=%s", value.constData())
                << QByteArray("maxTotalMB=" + value + '\n') << 30 << qint64(0) << qint64(512)
                << QStringList{"logs/maxTotalMB"};
            QTest::addRow("maxRunMB=%s", value.constData())
                << QByteArray("maxRunMB=" + value + '\n') << 30 << qint64(2048) << qint64(512)
                << QStringList{"logs/maxRunMB"};
        }
        QTest::newRow("age beyond 100 years")
            << QByteArray("maxAgeDays=36501\n") << 0 << qint64(2048) << qint64(512)
            << QStringList{"logs/maxAgeDays"};
        QTest::newRow("huge run limit") << QByteArray("maxRunMB=1048577\n") << 30 << qint64(2048)
                                        << qint64(512) << QStringList{"logs/maxRunMB"};
        QTest::newRow("huge total") << QByteArray("maxTotalMB=16777217\n") << 30 << qint64(0)
                                    << qint64(512) << QStringList{"logs/maxTotalMB"};
        QTest::newRow("all three bad")
            << QByteArray("maxAgeDays=x\nmaxTotalMB=y\nmaxRunMB=z\n") << 0 << qint64(0)
            << qint64(512) << QStringList{"logs/maxAgeDays", "logs/maxTotalMB", "logs/maxRunMB"};
    }
    void logSettings()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QStringList, problemKeys);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("taskrunner.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[logs]\n" + ini);
        file.close();
        const QSettings settings(path, QSettings::IniFormat);
        const LogSettings read = LogSettings::read(settings);
        QTEST(read.retention.maxAgeDays, "maxAgeDays");
        QTEST(read.retention.maxTotalBytes >> 20, "maxTotalMB");
        QTEST(read.maxRunBytes >> 20, "maxRunMB");
        QCOMPARE(read.problems.size(), problemKeys.size());
        for (int i = 0; i < problemKeys.size(); ++i) {
            QVERIFY2(read.problems[i].contains(problemKeys[i]), qPrintable(read.problems[i]));
            // It says what happens meanwhile.
            const bool retention = problemKeys[i] != QLatin1String("logs/maxRunMB");
            QVERIFY2(read.problems[i].contains(retention ? QLatin1String("until it is fixed")
                                                         : QLatin1String("default")),
                     qPrintable(read.problems[i]));
        }
    }

    void logFileErrorIsReported()
    {
        OutputLog log;
        QString error;
        QVERIFY(!log.attachLogFile(QStringLiteral("/proc/no/such/dir/run.log"), &error));
        QVERIFY(error.contains(QLatin1String("/proc/no/such/dir/run.log")));
        // A disk that fills up: /dev/full fails every write with ENOSPC.
        OutputLog full;
        QVERIFY(full.attachLogFile(QStringLiteral("/dev/full"), &error));
        QSignalSpy failed(&full, &OutputLog::logFileFailed);
        full.append(OutputChannel::Stdout, "data\n");
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QLatin1String("space")));
        QCOMPARE(full.store().lineCount(), 1); // the view goes on
    }
};

QTEST_GUILESS_MAIN(OutputLogTest)
#include "tst_outputlog.moc"
