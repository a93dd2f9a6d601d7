#include "durationparser.h"

#include <QTest>

using namespace std::chrono_literals;

class DurationParserTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("bare seconds") << "2" << true << qint64(2000);
        QTest::newRow("fractional seconds") << "1.5" << true << qint64(1500);
        QTest::newRow("leading dot") << ".25" << true << qint64(250);
        QTest::newRow("milliseconds") << "500ms" << true << qint64(500);
        QTest::newRow("seconds unit") << "2s" << true << qint64(2000);
        QTest::newRow("minutes") << "1m" << true << qint64(60000);
        QTest::newRow("hours") << "1h" << true << qint64(3600000);
        QTest::newRow("fractional minutes") << "0.5m" << true << qint64(30000);
        QTest::newRow("zero") << "0" << true << qint64(0);
        QTest::newRow("spaces") << " 3 s " << true << qint64(3000);
        QTest::newRow("empty") << "" << false << qint64(0);
        QTest::newRow("negative") << "-1" << false << qint64(0);
        QTest::newRow("unknown unit") << "3d" << false << qint64(0);
        QTest::newRow("garbage") << "soon" << false << qint64(0);
        QTest::newRow("two numbers") << "1 2" << false << qint64(0);
        QTest::newRow("beyond an int of ms") << "1000h" << false << qint64(0);
        // The smallest duration is 1 ms: finer positive values are refused, never rounded to 0
        // (which would mean "no timeout"); 0 itself stays valid.
        QTest::newRow("0.4ms") << "0.4ms" << false << qint64(0);
        QTest::newRow("0.6ms rounds to 1 but is under 1 ms") << "0.6ms" << false << qint64(0);
        QTest::newRow("0.0001 s") << "0.0001" << false << qint64(0);
        QTest::newRow("0.0004s") << "0.0004s" << false << qint64(0);
        QTest::newRow("1ms") << "1ms" << true << qint64(1);
        QTest::newRow("0.001 s is 1 ms") << "0.001" << true << qint64(1);
        QTest::newRow("0ms") << "0ms" << true << qint64(0);
        QTest::newRow("0.0") << "0.0" << true << qint64(0);
        QTest::newRow("1.4ms rounds") << "1.4ms" << true << qint64(1);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, ms);
        const auto parsed = parseDuration(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(parsed->count(), ms);
    }

    void reasons_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("too short") << "0.4ms"
                                   << "shorter than 1 ms";
        QTest::newRow("garbage") << "soon"
                                 << "not a duration";
        QTest::newRow("too long") << "1000h"
                                  << "too long";
    }
    void reasons()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        QString reason;
        QVERIFY(!parseDuration(text, &reason));
        QVERIFY2(reason.contains(why), qPrintable(reason));
    }

    void format_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("ms") << qint64(500) << "500ms";
        QTest::newRow("s") << qint64(2000) << "2s";
        QTest::newRow("fraction") << qint64(1500) << "1.5s";
        QTest::newRow("minute") << qint64(60000) << "1m";
        QTest::newRow("hundredths") << qint64(1250) << "1.25s";
        QTest::newRow("thousandths") << qint64(1001) << "1.001s";
        QTest::newRow("past a minute") << qint64(61500) << "61.5s";
        QTest::newRow("hour") << qint64(3600000) << "1h";
    }
    void format()
    {
        QFETCH(qint64, ms);
        QTEST(formatDuration(std::chrono::milliseconds(ms)), "text");
    }

    // What is shown is read back as the same duration, to the millisecond (the editor shows a
    // saved task's durations and parses them again on OK).
    void formatParseRoundTrip_data()
    {
        QTest::addColumn<qint64>("ms");
        for (const qint64 ms : {qint64(1), qint64(999), qint64(1000), qint64(1001), qint64(1250),
                                qint64(1255), qint64(59'999), qint64(60'000), qint64(61'500),
                                qint64(3'600'000), qint64(3'600'001), qint64(2'147'483'647)})
            QTest::newRow(qPrintable(QString::number(ms))) << ms;
    }
    void formatParseRoundTrip()
    {
        QFETCH(qint64, ms);
        const QString text = formatDuration(std::chrono::milliseconds(ms));
        QString why;
        const auto parsed = parseDuration(text, &why);
        QVERIFY2(parsed, qPrintable(text + QLatin1String(": ") + why));
        QCOMPARE(parsed->count(), ms);
    }
};

QTEST_GUILESS_MAIN(DurationParserTest)
#include "tst_durationparser.moc"
