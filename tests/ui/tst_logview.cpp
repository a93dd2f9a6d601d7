// The output view fed from an OutputLog, checked for what it would paint: visible rows, their
// colours, follow-tail, selection to the clipboard, the trim marker, find.

#include "logview.h"
#include "outputlog.h"
#include "terminallineparser.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class LogViewTest : public QObject
{
    Q_OBJECT

private:
    // Where a click lands on a column of a screen line (no line numbers or timestamps: the
    // gutter is one character wide).
    static QPoint cellPoint(const LogView &view, int column, int screenLine)
    {
        const int lineHeight = view.fontMetrics().lineSpacing();
        const int charWidth = view.fontMetrics().horizontalAdvance(QLatin1Char('M'));
        return QPoint(charWidth + column * charWidth, screenLine * lineHeight + lineHeight / 2);
    }
    // Selects by mouse from one cell to another.
    static void drag(LogView &view, QPoint from, QPoint to)
    {
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view.viewport(), to);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
    }

    // Whether an image has more than a background and one other colour: text was drawn.
    static bool hasInk(const QImage &image)
    {
        QSet<QRgb> colours;
        for (int y = 0; y < image.height() && colours.size() < 4; y += 2)
            for (int x = 0; x < image.width() && colours.size() < 4; ++x)
                colours.insert(image.pixel(x, y));
        return colours.size() >= 4;
    }

    void feedLines(OutputLog &log, int from, int count)
    {
        QByteArray data;
        for (int i = from; i < from + count; ++i)
            data += "line " + QByteArray::number(i) + '\n';
        log.append(OutputChannel::Stdout, data);
    }

private Q_SLOTS:
    void showsLinesColoursAndPartialLine()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 300);
        view.setLog(&log);
        view.show();
        log.append(OutputChannel::Stdout, "plain\n\x1b[31mred\x1b[0m\nprogress 10%\rprogress 50%");
        log.append(OutputChannel::Stderr, "oops\n");
        QTRY_COMPARE(view.rowCount(), 4); // three complete lines and the partial one
        QCOMPARE(view.rowText(0), QStringLiteral("plain"));
        QCOMPARE(view.rowText(1), QStringLiteral("red"));
        QCOMPARE(view.rowText(2), QStringLiteral("oops"));
        QCOMPARE(view.rowText(3), QStringLiteral("progress 50%")); // \r rewrote it in place
        QCOMPARE(view.rowForeground(0, 0), view.palette().color(QPalette::Text));
        QCOMPARE(view.rowForeground(1, 0), view.colorFor(TermColor::indexed(1), true));
        QVERIFY(view.rowForeground(2, 0) != view.palette().color(QPalette::Text)); // stderr
    }

    void followsTailUntilTheUserScrollsUp()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 200);
        view.setLog(&log);
        view.show();
        feedLines(log, 0, 1000);
        QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0); // the next frame came
        QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
        QVERIFY(view.followsTail());
        QCOMPARE(view.rowText(view.firstVisibleRow() + view.visibleRows() - 1),
                 QStringLiteral("line 999"));

        view.verticalScrollBar()->setValue(10); // the user scrolls up
        QVERIFY(!view.followsTail());
        feedLines(log, 1000, 500);
        QTRY_COMPARE(view.verticalScrollBar()->maximum(), 1500 - view.visibleRows());
        QCOMPARE(view.firstVisibleRow(), 10); // stays where the user put it

        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum()); // back down
        QVERIFY(view.followsTail());
        feedLines(log, 1500, 10);
        QTRY_COMPARE(view.rowText(view.firstVisibleRow() + view.visibleRows() - 1),
                     QStringLiteral("line 1509"));
    }

    void selectionIsCopiedAsPlainText()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 300);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        log.append(OutputChannel::Stdout, "\x1b[1mfirst\x1b[0m line\nsecond line\n");
        QTRY_COMPARE(view.rowCount(), 2);
        drag(view, cellPoint(view, 6, 0), cellPoint(view, 6, 1));
        QCOMPARE(view.selectedText(), QStringLiteral("line\nsecond"));
        view.setFocus();
        QTest::keySequence(&view, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line\nsecond"));
    }

    void trimmedOutputShowsAMarker()
    {
        OutputLog log;
        log.store().setLimits(100, 1 << 30);
        LogView view;
        view.resize(600, 300);
        view.setLog(&log);
        feedLines(log, 0, 250);
        QTRY_COMPARE(view.rowCount(), 101);
        QVERIFY2(view.rowText(0).contains(QLatin1String("150 earlier lines")),
                 qPrintable(view.rowText(0)));
        QCOMPARE(view.rowText(1), QStringLiteral("line 150"));
    }

    void findHighlightsAndJumps()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 200);
        view.setLog(&log);
        view.show();
        feedLines(log, 0, 5000);
        QSignalSpy done(&view, &LogView::searchFinished);
        QVERIFY(view.find(QStringLiteral("line 42\\d\\d$"), true));
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(view.matchCount(), 100);
        QVERIFY(!view.followsTail());
        QCOMPARE(view.selectedText(), QStringLiteral("line 4200"));
        view.findNext();
        QCOMPARE(view.selectedText(), QStringLiteral("line 4201"));
        view.findNext(true);
        view.findNext(true);
        QCOMPARE(view.selectedText(), QStringLiteral("line 4299")); // wraps around
    }

    // F3 / Shift+F3 visit every match, several on one line too, in order, wrapping around.
    void findVisitsEveryMatchOfALine()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 200);
        view.setLog(&log);
        view.show();
        log.append(OutputChannel::Stdout, "x1 x2 x3\nnone\nx4\n");
        QTRY_COMPARE(view.rowCount(), 3);
        QSignalSpy done(&view, &LogView::searchFinished);
        QVERIFY(view.find(QStringLiteral("x\\d"), true));
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(view.matchCount(), 4);
        QStringList forwards{view.selectedText()};
        for (int i = 0; i < 4; ++i) {
            view.findNext();
            forwards.append(view.selectedText());
        }
        QCOMPARE(forwards, (QStringList{"x1", "x2", "x3", "x4", "x1"}));
        QStringList backwards;
        for (int i = 0; i < 4; ++i) {
            view.findNext(true);
            backwards.append(view.selectedText());
        }
        QCOMPARE(backwards, (QStringList{"x4", "x3", "x2", "x1"}));
    }

    void softWrapSplitsLongLinesAndKeepsFollowing()
    {
        OutputLog log;
        LogView view;
        view.resize(400, 200);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QByteArray longLine;
        for (int i = 0; i < 50; ++i)
            longLine += QByteArray::number(i % 10).repeated(10);
        log.append(OutputChannel::Stdout, "short\n" + longLine + "\nlast\n");
        QTRY_COMPARE(view.rowCount(), 3);
        QCOMPARE(view.paintedLines().at(1), QString::fromLatin1(longLine)); // one row, unwrapped
        QTRY_VERIFY(view.horizontalScrollBar()->maximum() > 0);             // set at the next frame

        view.setWordWrap(true);
        const QStringList painted = view.paintedLines();
        const int columns = int(painted.at(1).size());
        QVERIFY2(columns > 8 && columns < longLine.size(), qPrintable(QString::number(columns)));
        const int wrappedRows = (int(longLine.size()) + columns - 1) / columns;
        QVERIFY(painted.size() >= qMin(view.visibleRows(), wrappedRows + 2));
        QCOMPARE(painted.mid(1, wrappedRows).join(QString()), QString::fromLatin1(longLine));
        QCOMPARE(view.horizontalScrollBar()->maximum(), 0);

        // A click on the long line's second screen line selects from that column on.
        // Screen line 2 is the long line's second part.
        drag(view, cellPoint(view, 0, 2), cellPoint(view, 5, 2));
        QCOMPARE(view.selectedText(), QString::fromLatin1(longLine.mid(columns, 5)));

        // Following the tail: the last line stays on screen as wrapped lines come in.
        for (int i = 0; i < 20; ++i)
            log.append(OutputChannel::Stdout, longLine + '\n');
        log.append(OutputChannel::Stdout, "the end\n");
        QTRY_COMPARE(view.paintedLines().last(), QStringLiteral("the end"));
        QVERIFY(view.followsTail());

        view.setWordWrap(false); // a row is a screen line again
        const QStringList unwrapped = view.paintedLines();
        QCOMPARE(unwrapped.last(), QStringLiteral("the end"));
        QCOMPARE(unwrapped.at(unwrapped.size() - 2), QString::fromLatin1(longLine));
    }

    // Soft wrap breaks after a space or tab, so words stay whole; a word longer than the width
    // is cut between characters; wide characters and tab stops keep their columns.
    void softWrapBreaksAtSpaces()
    {
        OutputLog log;
        LogView view;
        view.setWordWrap(true);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The gutter (one character) and 11 columns: the wrap keeps one spare, so 10 are used.
        const int frame = view.width() - view.viewport()->width();
        view.resize(frame + cellPoint(view, 12, 0).x() - cellPoint(view, 0, 0).x() + 2, 400);
        log.append(OutputChannel::Stdout, "0123456789abcdefghijklmnopqrstuvwxyz\n");
        QTRY_COMPARE(view.rowCount(), 1);
        // The expectations below are for 10 columns.
        QTRY_COMPARE(int(view.paintedLines().at(0).size()), 10);

        log.append(OutputChannel::Stdout,
                   "the quick brown fox jumps\n"
                   "a abcdefghijklmnop b\n"
                   "ab \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"
                   "a b\tcdefgh\n"
                   "wide \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n");
        QTRY_COMPARE(view.rowCount(), 6);
        const QStringList painted = view.paintedLines();
        QCOMPARE(painted,
                 (QStringList{"0123456789", "abcdefghij", "klmnopqrst", "uvwxyz",
                              // at the last space that fits
                              "the quick ", "brown fox ", "jumps",
                              // a word longer than the width is cut
                              "a ", "abcdefghij", "klmnop b",
                              // a wide character is never split; 10 columns hold 4 and a half
                              "ab ", QStringLiteral("日本語日本"), QStringLiteral("語"),
                              // a tab is a place to break, and keeps its stop
                              "a b     ", "cdefgh",
                              // a wide word that fits on the next line goes there whole
                              "wide ", QStringLiteral("日本語")}));
    }

    void tabsKeepColoursAndMatchesInPlace()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 200);
        view.setLog(&log);
        view.show();
        log.append(OutputChannel::Stdout, "a\t\x1b[31mred\x1b[0m done\n");
        QTRY_COMPARE(view.rowCount(), 1);
        QCOMPARE(view.paintedLines().first(), QStringLiteral("a       red done"));
        QSignalSpy done(&view, &LogView::searchFinished);
        QVERIFY(view.find(QStringLiteral("red")));
        QTRY_COMPARE(done.count(), 1);
        // The match is found in the text ("a\tred": index 2) and selected on screen (column 8).
        QCOMPARE(view.selectedText(), QStringLiteral("red"));
    }

    void wideCharactersTakeTwoColumns()
    {
        OutputLog log;
        LogView view;
        view.resize(800, 200);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // 日本語 take two columns each, the rocket (a surrogate pair) two, the combining acute
        // accent none; the tab then goes from column 13 to 16.
        log.append(OutputChannel::Stdout, "\xe6\x97\xa5\xe6\x9c\xac\x1b[31m\xe8\xaa\x9e\x1b[0m ok "
                                          "\xf0\x9f\x9a\x80"
                                          "e\xcc\x81\tx\n");
        QTRY_COMPARE(view.rowCount(), 1);
        const QString text = view.rowText(0);
        QCOMPARE(text, QStringLiteral("日本語 ok 🚀e\u0301\tx"));
        QCOMPARE(view.paintedLines().first(), QStringLiteral("日本語 ok 🚀e\u0301   x"));
        QCOMPARE(view.rowForeground(0, 2), view.colorFor(TermColor::indexed(1), true)); // 語

        // Columns 2 to 9 on screen are 本語 ok: a selection by columns copies those characters.
        drag(view, cellPoint(view, 2, 0), cellPoint(view, 9, 0));
        QCOMPARE(view.selectedText(), QStringLiteral("本語 ok"));
        // The rocket and the accented e (with its mark) are whole cells: 10-11 and 12.
        drag(view, cellPoint(view, 10, 0), cellPoint(view, 13, 0));
        QCOMPARE(view.selectedText(), QStringLiteral("🚀e\u0301"));

        view.setWordWrap(true); // a wrapped wide line is cut between cells, never inside one
        view.resize(cellPoint(view, 14, 0).x() + view.verticalScrollBar()->width(), 200);
        const QStringList wrapped = view.paintedLines();
        QCOMPARE(wrapped.join(QString()), QStringLiteral("日本語 ok 🚀e\u0301   x"));
        // At the narrowest (8 columns) 日 would straddle the break at column 8: it moves down.
        log.append(OutputChannel::Stdout, "abcdefg\xe6\x97\xa5x\n");
        view.resize(60, 200);
        QTRY_VERIFY(view.paintedLines().contains(QStringLiteral("日x")));
        QVERIFY(view.paintedLines().contains(QStringLiteral("abcdefg")));
        view.grab();
    }

    void linksAreFoundAndCtrlClickOpensThem()
    {
        OutputLog log;
        LogView view;
        view.resize(800, 200);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        log.append(OutputChannel::Stdout,
                   "see \x1b]8;;https://example.com/docs\x1b\\the docs\x1b]8;;\x1b\\ or "
                   "http://localhost:3000/x?a=1.\n(at https://h.example/p)\n");
        QTRY_COMPARE(view.rowCount(), 2);
        QCOMPARE(view.rowText(0), QStringLiteral("see the docs or http://localhost:3000/x?a=1."));
        QCOMPARE(view.linkAt(0, 4), QStringLiteral("https://example.com/docs")); // OSC 8
        QCOMPARE(view.linkAt(0, 11), QStringLiteral("https://example.com/docs"));
        QVERIFY(view.linkAt(0, 12).isEmpty());
        QVERIFY(view.linkAt(0, 1).isEmpty());
        // A plain URL, without the full stop that ends the sentence.
        QCOMPARE(view.linkAt(0, 20), QStringLiteral("http://localhost:3000/x?a=1"));
        QVERIFY(view.linkAt(0, 43).isEmpty());
        // Without the bracket that closes the sentence's parenthesis.
        QCOMPARE(view.linkAt(1, 5), QStringLiteral("https://h.example/p"));

        QSignalSpy opened(&view, &LogView::linkActivated);
        const QPoint onDocs = cellPoint(view, 6, 0);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, onDocs); // plain: selects
        QCOMPARE(opened.count(), 0);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier, onDocs);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().first().toUrl(), QUrl(QStringLiteral("https://example.com/docs")));
        view.grab(); // paints the underlines
    }

    // "file:line:column" in output, relative to the run's directory: a link where the file is,
    // underlined, and Ctrl+click says which file, line and column; a missing file is no link,
    // nor is the location inside a URL.
    void sourceLocationsAreLinks()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src")));
        QFile source(dir.filePath(QStringLiteral("src/a.c")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.close();
        const QString file = QDir(dir.path()).absoluteFilePath(QStringLiteral("src/a.c"));

        OutputLog log;
        LogView view;
        view.resize(800, 200);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        log.append(OutputChannel::Stderr, "src/a.c:3:13: error: 'y' undeclared\n"
                                          "src/gone.c:4:1: error: no such file\n"
                                          "see http://h.example:8080/src/a.c:3 here\n");
        QTRY_COMPARE(view.rowCount(), 3);
        QVERIFY(view.linkAt(0, 0).isEmpty()); // no base directory yet: relative paths unknown
        const QImage plain = view.grab().toImage();

        view.setBaseDirectory(dir.path());
        const LogLink link = view.logLinkAt(0, 4);
        QVERIFY(link.isLocation());
        QCOMPARE(link.file, file);
        QCOMPARE(link.line, 3);
        QCOMPARE(link.column, 13);
        QCOMPARE(link.url, QUrl::fromLocalFile(file).toString());
        QCOMPARE(view.logLinkAt(0, 11).file, file); // the span's last character, "3"
        QVERIFY(view.linkAt(0, 12).isEmpty());      // the colon after it
        QVERIFY(view.linkAt(1, 3).isEmpty());       // no such file: plain text
        QCOMPARE(view.linkAt(2, 30), QStringLiteral("http://h.example:8080/src/a.c:3"));
        QVERIFY(!view.logLinkAt(2, 30).isLocation()); // in the URL: the URL's
        QVERIFY2(view.grab().toImage() != plain, "the location is not underlined");

        QSignalSpy urls(&view, &LogView::linkActivated);
        QSignalSpy locations(&view, &LogView::locationActivated);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, cellPoint(view, 4, 0));
        QCOMPARE(locations.count(), 0); // a plain click selects
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier,
                          cellPoint(view, 4, 0));
        QCOMPARE(locations.count(), 1);
        QCOMPARE(locations.first().at(0).toString(), file);
        QCOMPARE(locations.first().at(1).toInt(), 3);
        QCOMPARE(locations.first().at(2).toInt(), 13);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier,
                          cellPoint(view, 4, 1)); // the missing file: nothing to open
        QCOMPARE(locations.count(), 1);
        QCOMPARE(urls.count(), 0);
    }

    // Random bytes, escapes cut anywhere, a giant line: every row is there, in its channel's
    // colour, and what is painted - unwrapped, scrolled to the right end, wrapped - is the rows'
    // text, ink on the screen.
    void paintsAnyInputAsItsRows()
    {
        OutputLog log;
        LogView view;
        view.resize(400, 200);
        view.setLog(&log);
        view.setShowLineNumbers(true);
        view.setShowTimestamps(true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!hasInk(view.grab().toImage())); // nothing to show: the check can fail
        QByteArray junk(200000, Qt::Uninitialized);
        for (int i = 0; i < junk.size(); ++i)
            junk[i] = char((i * 7919) % 251);
        log.append(OutputChannel::Stdout, junk);
        log.append(OutputChannel::Stderr, QByteArray(3'000'000, 'x'));
        // A row per line of the junk, its unfinished last line, and the stderr line (cut at the
        // parser's limit): nothing lost, nothing merged.
        const qint64 rows = junk.count('\n') + 2;
        QTRY_COMPARE(view.rowCount(), rows);
        const QString giant(TerminalLineParser::DefaultMaxLineLength, QLatin1Char('x'));
        QCOMPARE(view.rowText(rows - 1), giant);
        QVERIFY(view.rowForeground(rows - 1, 0) != view.palette().color(QPalette::Text));
        for (qint64 row = 0; row < rows - 1; ++row) // no two newlines meet in the junk
            QVERIFY2(!view.rowText(row).isEmpty(), qPrintable(QString::number(row)));

        // Following the tail, unwrapped (once the next frame has set the scroll range): the
        // giant row is the last one painted.
        QVERIFY(view.followsTail());
        QTRY_COMPARE(view.paintedLines().last(), giant);
        QStringList painted = view.paintedLines();
        QVERIFY(painted.size() >= view.visibleRows());
        // The row above it, as painted: its text, tabs expanded to spaces.
        const auto blanksOut
            = [](QString text) { return text.remove(QLatin1Char('\t')).remove(QLatin1Char(' ')); };
        QCOMPARE(blanksOut(painted.at(painted.size() - 2)), blanksOut(view.rowText(rows - 2)));
        const QImage tail = view.grab().toImage();
        QVERIFY(hasInk(tail));

        // Scrolled to the right end: something else is painted, still ink.
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->maximum());
        QVERIFY(view.horizontalScrollBar()->maximum() > 0);
        const QImage right = view.grab().toImage();
        QVERIFY(hasInk(right));
        QVERIFY(right != tail);

        // Wrapped: no screen line is wider than the window's columns, and the giant row's
        // screen lines are its x's (a row taller than the window shows its beginning).
        view.setWordWrap(true);
        painted = view.paintedLines();
        QVERIFY(!painted.isEmpty());
        const int columns = int(painted.last().size());
        QVERIFY2(columns > 8 && columns < 100, qPrintable(QString::number(columns)));
        for (const QString &line : std::as_const(painted))
            QVERIFY2(line.size() <= columns * 2, qPrintable(line)); // a wide char is 2 columns
        QCOMPARE(painted.last(), QString(columns, QLatin1Char('x')));
        const QImage wrapped = view.grab().toImage();
        QVERIFY(hasInk(wrapped));
        QVERIFY(wrapped != tail && wrapped != right);
    }
};

QTEST_MAIN(LogViewTest)
#include "tst_logview.moc"
