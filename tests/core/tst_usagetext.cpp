// A run's resource figures in words, for the window and the CLI's --stats line: an unknown
// figure is never shown as 0.

#include "usagetext.h"

#include <QTest>

namespace {

ResourceUsage known()
{
    ResourceUsage usage;
    usage.cpuUserMs = 980;
    usage.cpuSystemMs = 40;
    usage.memoryBytes = 5 * 1024 * 1024;
    usage.memoryPeakBytes = qint64(12.3 * 1024 * 1024);
    usage.processes = 2;
    usage.processesPeak = 3;
    return usage;
}

} // namespace

class UsageTextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bytes_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << qint64(0) << "0 KB";
        QTest::newRow("rounded to KB") << qint64(1536) << "2 KB";
        QTest::newRow("just under 1 MB") << qint64(1024 * 1024 - 1) << "1024 KB";
        QTest::newRow("1 MB") << qint64(1024 * 1024) << "1.0 MB";
        QTest::newRow("12.3 MB") << qint64(12.3 * 1024 * 1024) << "12.3 MB";
        QTest::newRow("GB") << qint64(1.25 * 1024 * 1024 * 1024) << "1.25 GB";
    }
    void bytes()
    {
        QFETCH(qint64, bytes);
        QTEST(UsageText::bytes(bytes), "text");
    }

    void unknownIsADashNeverZero()
    {
        QCOMPARE(UsageText::bytes(std::nullopt), QStringLiteral("—"));
        QCOMPARE(UsageText::count(std::nullopt), QStringLiteral("—"));
        ResourceUsage halfCpu;
        halfCpu.cpuUserMs = 10; // the system part unknown: the sum is too
        QCOMPARE(UsageText::cpu(halfCpu), QStringLiteral("—"));
        QCOMPARE(UsageText::live(ResourceUsage()),
                 QStringLiteral("CPU — · memory —, peak — · processes —, peak —"));
        QCOMPARE(UsageText::total(ResourceUsage()),
                 QStringLiteral("CPU — · memory peak — · processes peak —"));
        QCOMPARE(UsageText::statsLine(ResourceUsage(), QStringLiteral("proc")),
                 QStringLiteral("cpu unknown, memory peak unknown, processes peak unknown, "
                                "containment proc"));
    }

    void knownFigures()
    {
        const ResourceUsage usage = known();
        QCOMPARE(UsageText::cpu(usage), QStringLiteral("1.02 s (user 0.98, system 0.04)"));
        QCOMPARE(UsageText::live(usage),
                 QStringLiteral("CPU 1.02 s (user 0.98, system 0.04) · memory 5.0 MB, peak 12.3 "
                                "MB · processes 2, peak 3"));
        QCOMPARE(UsageText::total(usage),
                 QStringLiteral("CPU 1.02 s (user 0.98, system 0.04) · memory peak 12.3 MB · "
                                "processes peak 3"));
        // The line README and run --help document.
        QCOMPARE(UsageText::statsLine(usage, QStringLiteral("cgroup")),
                 QStringLiteral("cpu 1.02 s (user 0.98, system 0.04), memory peak 12.3 MB, "
                                "processes peak 3, containment cgroup"));
    }

    void zeroIsShownWhenKnown()
    {
        ResourceUsage usage;
        usage.cpuUserMs = 0;
        usage.cpuSystemMs = 0;
        usage.processes = 0;
        QCOMPARE(UsageText::cpu(usage), QStringLiteral("0.00 s (user 0.00, system 0.00)"));
        QCOMPARE(UsageText::count(usage.processes), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(UsageTextTest)
#include "tst_usagetext.moc"
