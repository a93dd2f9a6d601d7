// The limits users type (editor, CLI): sizes, CPUs and process counts, what is refused and
// why, and that what is shown reads back as the same value.

#include "limitparser.h"
#include "runlimits.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
constexpr quint64 KiB = 1024;
constexpr quint64 MiB = KiB * 1024;
constexpr quint64 GiB = MiB * 1024;
constexpr quint64 TiB = GiB * 1024;
} // namespace

class LimitParserTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void memory_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("limited");
        QTest::addColumn<quint64>("bytes");
        QTest::newRow("512M") << "512M" << true << true << 512 * MiB;
        QTest::newRow("1.5G") << "1.5G" << true << true << GiB + GiB / 2;
        QTest::newRow("bare bytes") << "100000000" << true << true << quint64(100'000'000);
        QTest::newRow("lower case") << "64m" << true << true << 64 * MiB;
        QTest::newRow("MB") << "64MB" << true << true << 64 * MiB;
        QTest::newRow("MiB with a space") << "64 MiB" << true << true << 64 * MiB;
        QTest::newRow("K") << "2048K" << true << true << 2 * MiB;
        QTest::newRow("T") << "2T" << true << true << 2 * TiB;
        QTest::newRow("leading dot") << ".5G" << true << true << GiB / 2;
        QTest::newRow("bytes with B") << "1048576B" << true << true << MiB;
        QTest::newRow("rounded to a byte") << "1.3M" << true << true << quint64(1363149);
        QTest::newRow("trailing zeros") << "1.50000000G" << true << true << GiB + GiB / 2;
        QTest::newRow("the least") << "1M" << true << true << MiB;
        QTest::newRow("the most") << "1024T" << true << true << 1024 * TiB;
        QTest::newRow("empty is none") << "" << true << false << quint64(0);
        QTest::newRow("none") << "none" << true << false << quint64(0);
        QTest::newRow("max") << " Max " << true << false << quint64(0);
        QTest::newRow("garbage") << "lots" << false << false << quint64(0);
        QTest::newRow("negative") << "-1M" << false << false << quint64(0);
        QTest::newRow("unknown unit") << "5P" << false << false << quint64(0);
        QTest::newRow("dot alone") << "." << false << false << quint64(0);
        QTest::newRow("two numbers") << "1 2" << false << false << quint64(0);
        QTest::newRow("fraction of a byte") << "1.5" << false << false << quint64(0);
        QTest::newRow("zero") << "0" << false << false << quint64(0);
        QTest::newRow("bytes, too few") << "512" << false << false << quint64(0);
        QTest::newRow("under 1M") << "1023K" << false << false << quint64(0);
        QTest::newRow("too much") << "1025T" << false << false << quint64(0);
        QTest::newRow("overflowing digits")
            << "99999999999999999999999" << false << false << quint64(0);
        QTest::newRow("too many decimals") << "1.0000001G" << false << false << quint64(0);
    }
    void memory()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, limited);
        QFETCH(quint64, bytes);
        const ParsedLimit<quint64> parsed = parseMemoryMax(text);
        QVERIFY2(parsed.ok == valid, qPrintable(parsed.why));
        QCOMPARE(parsed.why.isEmpty(), valid);
        QCOMPARE(bool(parsed.limit), limited);
        if (limited)
            QCOMPARE(*parsed.limit, bytes);
    }

    void memoryReasons_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("garbage") << "lots"
                                 << "not a size (try 512M";
        QTest::newRow("bare small number hints at M") << "64"
                                                      << "did you mean 64M?";
        QTest::newRow("small with a unit, no hint") << "64K"
                                                    << "less than 1M, too little";
        QTest::newRow("zero says how to have none") << "0"
                                                    << "leave it empty or say none";
        QTest::newRow("too much") << "2000T"
                                  << "more than the largest memory limit, 1024T";
    }
    void memoryReasons()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        const ParsedLimit<quint64> parsed = parseMemoryMax(text);
        QVERIFY(!parsed.ok);
        QVERIFY2(parsed.why.contains(why), qPrintable(parsed.why));
        if (text == QLatin1String("64K"))
            QVERIFY2(!parsed.why.contains(QLatin1String("did you mean")), qPrintable(parsed.why));
    }

    void memoryFormat_data()
    {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("M") << 512 * MiB << "512M";
        QTest::newRow("G") << 2 * GiB << "2G";
        QTest::newRow("1.5G") << GiB + GiB / 2 << "1.5G";
        QTest::newRow("1.25M") << MiB + MiB / 4 << "1.25M";
        QTest::newRow("1025M, whole") << 1025 * MiB << "1025M";
        QTest::newRow("bytes") << quint64(100'000'000) << "100000000";
        QTest::newRow("K") << 1537 * KiB << "1537K";
        QTest::newRow("T") << 3 * TiB << "3T";
    }
    void memoryFormat()
    {
        QFETCH(quint64, bytes);
        QTEST(formatMemoryMax(bytes), "text");
        QCOMPARE(formatMemoryMax(std::nullopt), QString());
    }

    // What is shown reads back as the same bytes: units where they say it exactly, else bytes.
    void memoryRoundTrip()
    {
        QList<quint64> sizes{MiB,           MiB + 1,       1363149,
                             GiB + GiB / 2, 1024 * TiB,    1023 * TiB + 1,
                             100'000'000,   MiB + MiB / 8, 5 * MiB + 3 * KiB};
        QRandomGenerator random(20240611); // fixed: a failure is reproducible
        for (int i = 0; i < 2000; ++i)
            sizes.append(MiB + random.bounded(quint64(1) << 49));
        for (int i = 0; i < 2000; ++i) // whole KiB, MiB...: the units' decimals
            sizes.append(MiB + MiB * random.bounded(quint64(4096)) / 8);
        for (const quint64 bytes : sizes) {
            const QString text = formatMemoryMax(bytes);
            const ParsedLimit<quint64> parsed = parseMemoryMax(text);
            QVERIFY2(parsed.ok, qPrintable(text + QLatin1String(": ") + parsed.why));
            QVERIFY2(parsed.limit == bytes, qPrintable(QStringLiteral("%1 -> %2 -> %3")
                                                           .arg(bytes)
                                                           .arg(text)
                                                           .arg(parsed.limit.value_or(0))));
        }
    }

    void cpu_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("limited");
        QTest::addColumn<double>("cores");
        QTest::addColumn<quint64>("quotaUsec"); // per 100 ms: what cpu.max gets
        QTest::newRow("half") << "0.5" << true << true << 0.5 << quint64(50'000);
        QTest::newRow("percent") << "150%" << true << true << 1.5 << quint64(150'000);
        QTest::newRow("two") << "2" << true << true << 2.0 << quint64(200'000);
        QTest::newRow("leading dot") << ".25" << true << true << 0.25 << quint64(25'000);
        QTest::newRow("the least") << "0.01" << true << true << 0.01 << quint64(1'000);
        QTest::newRow("1%") << "1%" << true << true << 0.01 << quint64(1'000);
        QTest::newRow("a third") << "0.333" << true << true << 0.333 << quint64(33'300);
        QTest::newRow("spaces") << " 50 % " << true << true << 0.5 << quint64(50'000);
        QTest::newRow("none") << "none" << true << false << 0.0 << quint64(0);
        QTest::newRow("empty") << "" << true << false << 0.0 << quint64(0);
        QTest::newRow("zero") << "0" << false << false << 0.0 << quint64(0);
        QTest::newRow("under 1%") << "0.005" << false << false << 0.0 << quint64(0);
        QTest::newRow("negative") << "-1" << false << false << 0.0 << quint64(0);
        QTest::newRow("garbage") << "half" << false << false << 0.0 << quint64(0);
        QTest::newRow("exponent") << "1e3" << false << false << 0.0 << quint64(0);
        QTest::newRow("too many") << "5000" << false << false << 0.0 << quint64(0);
        QTest::newRow("unit") << "2 cores" << false << false << 0.0 << quint64(0);
    }
    void cpu()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, limited);
        QFETCH(double, cores);
        QFETCH(quint64, quotaUsec);
        const ParsedLimit<double> parsed = parseCpuMax(text);
        QVERIFY2(parsed.ok == valid, qPrintable(parsed.why));
        QCOMPARE(parsed.why.isEmpty(), valid);
        QCOMPARE(bool(parsed.limit), limited);
        if (limited) {
            QCOMPARE(*parsed.limit, cores);
            QCOMPARE(RunLimits::cpuQuotaUsec(*parsed.limit), quotaUsec);
        }
    }

    void cpuReasons()
    {
        QVERIFY(parseCpuMax(QStringLiteral("half"))
                    .why.contains(QLatin1String("not a number of "
                                                "CPUs")));
        QVERIFY(parseCpuMax(QStringLiteral("0.001")).why.contains(QLatin1String("0.01 CPU")));
        QVERIFY(parseCpuMax(QStringLiteral("0")).why.contains(QLatin1String("say none")));
    }

    void cpuRoundTrip()
    {
        QList<double> values{0.01, 0.5, 1, 1.5, 2, 0.333, 0.1, 0.3, 12.5, 4096, 0.015};
        for (const QString &typed : {QStringLiteral("33%"), QStringLiteral("0.1"),
                                     QStringLiteral("12.5%"), QStringLiteral("0.3333333333333")})
            values.append(*parseCpuMax(typed).limit);
        QRandomGenerator random(7);
        for (int i = 0; i < 2000; ++i)
            values.append(0.01 + random.generateDouble() * 100);
        for (const double cores : values) {
            const QString text = formatCpuMax(cores);
            const ParsedLimit<double> parsed = parseCpuMax(text);
            QVERIFY2(parsed.ok, qPrintable(text + QLatin1String(": ") + parsed.why));
            QVERIFY2(parsed.limit == cores, qPrintable(text));
            QVERIFY2(!text.contains(QLatin1Char('e')), qPrintable(text)); // never 1e-02
        }
        QCOMPARE(formatCpuMax(0.5), QStringLiteral("0.5"));
        QCOMPARE(formatCpuMax(2.0), QStringLiteral("2"));
        QCOMPARE(formatCpuMax(std::nullopt), QString());
    }

    void pids_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("limited");
        QTest::addColumn<quint64>("count");
        QTest::newRow("100") << "100" << true << true << quint64(100);
        QTest::newRow("one") << "1" << true << true << quint64(1);
        QTest::newRow("the most") << "4194304" << true << true << quint64(4194304);
        QTest::newRow("none") << "NONE" << true << false << quint64(0);
        QTest::newRow("zero") << "0" << false << false << quint64(0);
        QTest::newRow("fraction") << "1.5" << false << false << quint64(0);
        QTest::newRow("negative") << "-5" << false << false << quint64(0);
        QTest::newRow("too many") << "4194305" << false << false << quint64(0);
        QTest::newRow("unit") << "10M" << false << false << quint64(0);
    }
    void pids()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, limited);
        QFETCH(quint64, count);
        const ParsedLimit<quint64> parsed = parsePidsMax(text);
        QVERIFY2(parsed.ok == valid, qPrintable(parsed.why));
        QCOMPARE(bool(parsed.limit), limited);
        if (limited) {
            QCOMPARE(*parsed.limit, count);
            QCOMPARE(parsePidsMax(formatPidsMax(count)).limit, parsed.limit);
        }
    }

    // The words of messages, not for typing: MB are MiB.
    void words()
    {
        QCOMPARE(RunLimits::memoryWords(512 * MiB), QStringLiteral("512 MB"));
        QCOMPARE(RunLimits::memoryWords(GiB + GiB / 2), QStringLiteral("1.5 GB"));
        QCOMPARE(RunLimits::memoryWords(64 * MiB), QStringLiteral("64 MB"));
        QCOMPARE(RunLimits::memoryWords(100'000'000), QStringLiteral("95.4 MB"));
        QCOMPARE(RunLimits::memoryWords(2 * TiB), QStringLiteral("2 TB"));
        QCOMPARE(RunLimits::cpuWords(0.5), QStringLiteral("0.5 CPU"));
        QCOMPARE(RunLimits::cpuWords(2), QStringLiteral("2 CPUs"));
        RunLimits limits;
        limits.pidsMax = 100;
        limits.memoryMaxBytes = 64 * MiB;
        limits.cpuMaxCores = 1.5;
        const QVector<RunLimits::Limit> each = limits.each();
        QCOMPARE(each.size(), 3);
        QCOMPARE(each[0].words, QStringLiteral("memory to 64 MB"));
        QCOMPARE(each[0].controller, QStringLiteral("memory"));
        QCOMPARE(each[1].words, QStringLiteral("CPU time to 1.5 CPUs"));
        QCOMPARE(each[1].controller, QStringLiteral("cpu"));
        QCOMPARE(each[2].words, QStringLiteral("processes to 100"));
        QCOMPARE(each[2].controller, QStringLiteral("pids"));
        QVERIFY(RunLimits().each().isEmpty());
        QVERIFY(RunLimits().isEmpty());
        QVERIFY(!limits.isEmpty());
    }
};

QTEST_GUILESS_MAIN(LimitParserTest)
#include "tst_limitparser.moc"
