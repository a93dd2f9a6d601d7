// The view's rows and screen lines without the widget: LogRows (what row N of an OutputLog is),
// LogLayout (where rows break into screen lines), LogSelection (what a selection copies).

#include "loglayout.h"
#include "logrows.h"
#include "logselection.h"
#include "outputlog.h"
#include "textcolumns.h"

#include <QTest>

using Breaks = QVector<int>;

class LogLayoutTest : public QObject
{
    Q_OBJECT

private:
    static void feedLines(OutputLog &log, int from, int count)
    {
        QByteArray data;
        for (int i = from; i < from + count; ++i)
            data += "line " + QByteArray::number(i) + '\n';
        log.append(OutputChannel::Stdout, data);
    }

private Q_SLOTS:
    // Soft wrap at 10 columns (8 for the straddling wide character): after the last space or
    // tab that fits, a long word cut between characters, never inside a cell.
    void wrapBreaks_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("columns");
        QTest::addColumn<Breaks>("breaks");
        QTest::newRow("fits") << QStringLiteral("short") << 10 << Breaks{0, 5};
        QTest::newRow("empty") << QString() << 10 << Breaks{0, 0};
        QTest::newRow("exactly the width") << QStringLiteral("0123456789") << 10 << Breaks{0, 10};
        QTest::newRow("no spaces: cut between characters")
            << QStringLiteral("0123456789abcdefghijklmnopqrstuvwxyz") << 10
            << Breaks{0, 10, 20, 30, 36};
        QTest::newRow("at the last space that fits")
            << QStringLiteral("the quick brown fox jumps") << 10 << Breaks{0, 10, 20, 25};
        QTest::newRow("a word longer than the width")
            << QStringLiteral("a abcdefghijklmnop b") << 10 << Breaks{0, 2, 12, 20};
        QTest::newRow("wide characters are never split")
            << QStringLiteral("ab 日本語日本語") << 10 << Breaks{0, 3, 13, 15};
        QTest::newRow("a tab is a place to break and keeps its stop")
            << QStringLiteral("a b\tcdefgh") << 10 << Breaks{0, 8, 14};
        QTest::newRow("a wide word that fits next goes there whole")
            << QStringLiteral("wide 日本語") << 10 << Breaks{0, 5, 11};
        QTest::newRow("a wide character straddling the edge moves down")
            << QStringLiteral("abcdefg日x") << 8 << Breaks{0, 7, 10};
        QTest::newRow("a cell wider than the window is cut anyway")
            << QStringLiteral("日日") << 1 << Breaks{0, 1, 2, 3, 4};
    }
    void wrapBreaks()
    {
        QFETCH(QString, line);
        QFETCH(int, columns);
        QFETCH(Breaks, breaks);
        QCOMPARE(LogLayout::wrapBreaks(TextColumns(line), columns), breaks);
    }

    // Rows top down: the trim marker, the stored lines, then the lines still being written.
    void rowsAreMarkerLinesThenPartialLines()
    {
        OutputLog log;
        log.store().setLimits(3, 1 << 30);
        feedLines(log, 0, 5); // lines 0 and 1 are trimmed
        log.append(OutputChannel::Stdout, "still typing");
        log.append(OutputChannel::Stderr, "err so far");
        const LogRows rows(&log);
        QVERIFY(rows.hasMarker());
        QCOMPARE(rows.count(), 1 + 3 + 2);
        QCOMPARE(rows.at(0).kind, LogRow::Marker);
        QVERIFY2(rows.at(0).text().contains(QLatin1String("2 earlier lines")),
                 qPrintable(rows.at(0).text().toString()));
        QCOMPARE(rows.at(1).text(), QStringLiteral("line 2"));
        QCOMPARE(rows.at(1).lineNumber, 2);
        QCOMPARE(rows.at(3).text(), QStringLiteral("line 4"));
        QCOMPARE(rows.at(4).text(), QStringLiteral("still typing"));
        QCOMPARE(rows.at(4).lineNumber, 5);
        QCOMPARE(rows.at(5).text(), QStringLiteral("err so far"));
        QCOMPARE(rows.at(5).line.channel, OutputChannel::Stderr);
        QCOMPARE(rows.at(6).kind, LogRow::None); // past the end
        QCOMPARE(rows.at(-1).kind, LogRow::None);
        QCOMPARE(rows.lastLineNumber(), 7);

        // A line's row, as find needs it: after the marker; a trimmed line has none.
        QCOMPARE(rows.rowOf(2), 1);
        QCOMPARE(rows.rowOf(4), 3);
        QCOMPARE(rows.rowOf(1), -1);

        QCOMPARE(LogRows(nullptr).count(), 0);
        QCOMPARE(LogRows(nullptr).at(0).kind, LogRow::None);
    }

    void withoutTrimmingThereIsNoMarker()
    {
        OutputLog log;
        feedLines(log, 0, 2);
        const LogRows rows(&log);
        QVERIFY(!rows.hasMarker());
        QCOMPARE(rows.count(), 2);
        QCOMPARE(rows.at(0).text(), QStringLiteral("line 0"));
        QCOMPARE(rows.rowOf(0), 0);
    }

    // Unwrapped, a row is a screen line; wrapped, as many as its breaks say, and the bottom
    // of the scroll range is where the last row's last screen line is the screen's last.
    void screenLinesAndTheBottom()
    {
        OutputLog log;
        log.append(OutputChannel::Stdout, "short\n" + QByteArray(25, 'x') + "\nend\n");
        const LogRows rows(&log);

        const LogLayout unwrapped(rows, 0);
        QVERIFY(!unwrapped.wraps());
        const std::vector<ScreenLine> flat = unwrapped.screenLines(0, 10);
        QCOMPARE(int(flat.size()), 3);
        QCOMPARE(flat[1].row, 1);
        QCOMPARE(flat[1].startColumn, 0);
        QCOMPARE(flat[1].endColumn, INT_MAX);
        QCOMPARE(unwrapped.lastFirstRow(2), 1);
        QCOMPARE(unwrapped.lastFirstRow(10), 0);

        const LogLayout wrapped(rows, 10);
        QCOMPARE(wrapped.screenLinesOf(1), 3); // 25 columns: 10 + 10 + 5
        const std::vector<ScreenLine> lines = wrapped.screenLines(0, 10);
        QCOMPARE(int(lines.size()), 5);
        QCOMPARE(lines[2].row, 1);
        QCOMPARE(lines[2].startColumn, 10);
        QCOMPARE(lines[2].endColumn, 20);
        QCOMPARE(int(wrapped.screenLines(1, 2).size()), 2); // at most what was asked for
        QCOMPARE(wrapped.lastFirstRow(4), 1);               // 3 + 1 lines fit
        QCOMPARE(wrapped.lastFirstRow(3), 2);               // only the last row's
        QCOMPARE(wrapped.lastFirstRow(1), 2);  // the last row, even when it does not fit
        QCOMPARE(wrapped.lastFirstRow(50), 0); // everything fits
    }

    // A selection is kept in screen columns and copied as the lines' own text: tabs stay tabs,
    // a wide character is selected by either of its columns.
    void selectionCopiesTheLinesOwnText()
    {
        OutputLog log;
        log.append(OutputChannel::Stdout, "a\tbc\n日本語 ok\nlast\n");
        const LogRows rows(&log);
        LogSelection selection;
        QVERIFY(selection.isEmpty());
        QVERIFY(selection.text(rows).isEmpty());

        selection.startAt({0, 8}); // on b, after the tab
        selection.extendTo({0, 10});
        QCOMPARE(selection.text(rows), QStringLiteral("bc"));
        selection.startAt({0, 1}); // on the tab
        selection.extendTo({0, 10});
        QCOMPARE(selection.text(rows), QStringLiteral("\tbc"));

        selection.startAt({1, 4}); // dragged backwards, from after 本
        selection.extendTo({0, 9});
        QCOMPARE(selection.from().row, 0);
        QCOMPARE(selection.text(rows), QStringLiteral("c\n日本"));
        // Columns to highlight: a row selected through its end gets its line break's column.
        QCOMPARE(selection.columnsOn(0, 10), qMakePair(9, 11));
        QCOMPARE(selection.columnsOn(1, 9), qMakePair(0, 4));
        QCOMPARE(selection.columnsOn(2, 4), qMakePair(0, 0));
        // Ending on the right half of 本 ends before it: a cell is selected whole or not at all.
        selection.startAt({1, 3});
        selection.extendTo({0, 9});
        QCOMPARE(selection.text(rows), QStringLiteral("c\n日"));

        selection.startAt({2, 2});
        QVERIFY(selection.isEmpty()); // a click, not a drag
        QCOMPARE(selection.columnsOn(2, 4), qMakePair(0, 0));
    }
};

QTEST_APPLESS_MAIN(LogLayoutTest)
#include "tst_loglayout.moc"
