#include "lineprefixer.h"

#include <QTest>

// "[build] " before each whole line; a line still being written is held until its newline,
// the stream's end (flush), or MaxHeldBytes.
class LinePrefixerTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feed_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<QByteArray>("out");     // what feed() gave, all chunks together
        QTest::addColumn<QByteArray>("flushed"); // then flush()
        QTest::newRow("one line") << QList<QByteArray>{"compiling\n"}
                                  << QByteArray("[build] compiling\n") << QByteArray();
        QTest::newRow("two lines in one chunk")
            << QList<QByteArray>{"a\nb\n"} << QByteArray("[build] a\n[build] b\n") << QByteArray();
        QTest::newRow("a line in pieces")
            << QList<QByteArray>{"hal", "f ", "line\nnext"} << QByteArray("[build] half line\n")
            << QByteArray("[build] next\n");
        QTest::newRow("empty lines")
            << QList<QByteArray>{"\n\n"} << QByteArray("[build] \n[build] \n") << QByteArray();
        QTest::newRow("no newline at the end")
            << QList<QByteArray>{"prompt> "} << QByteArray() << QByteArray("[build] prompt> \n");
        QTest::newRow("carriage returns stay")
            << QList<QByteArray>{"10%\r20%\r\n"} << QByteArray("[build] 10%\r20%\r\n")
            << QByteArray();
    }
    void feed()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, flushed);
        LinePrefixer prefixer("[build] ");
        QByteArray got;
        for (const QByteArray &chunk : chunks)
            got += prefixer.feed(chunk);
        QCOMPARE(got, out);
        QCOMPARE(prefixer.flush(), flushed);
        QVERIFY(!prefixer.isHolding());
        QCOMPARE(prefixer.flush(), QByteArray()); // once
    }

    // A line without end is not held without bound.
    void longLineIsGivenOutInPieces()
    {
        LinePrefixer prefixer("[x] ");
        const QByteArray blob(LinePrefixer::MaxHeldBytes + 1, 'a');
        const QByteArray out = prefixer.feed(blob);
        QCOMPARE(out, "[x] " + blob + '\n');
        QVERIFY(!prefixer.isHolding());
    }
};

QTEST_GUILESS_MAIN(LinePrefixerTest)
#include "tst_lineprefixer.moc"
