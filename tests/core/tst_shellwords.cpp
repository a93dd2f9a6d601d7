// ShellWords: what "Copy command line" puts on the clipboard is read back by bash as the same
// arguments, byte for byte - checked by running bash on it, not by comparing strings alone.

#include "shellwords.h"

#include <QProcess>
#include <QTest>

class tst_ShellWords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quote_data()
    {
        QTest::addColumn<QByteArray>("argument");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << QByteArray("sleep") << QStringLiteral("sleep");
        QTest::newRow("path") << QByteArray("/usr/bin/x-1.2_a@b:c,d=e+f%")
                              << QStringLiteral("/usr/bin/x-1.2_a@b:c,d=e+f%");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("''");
        QTest::newRow("space") << QByteArray("sp ace") << QStringLiteral("'sp ace'");
        QTest::newRow("quote") << QByteArray("O'Brien") << QStringLiteral("'O'\\''Brien'");
        QTest::newRow("dollar") << QByteArray("$(touch x)") << QStringLiteral("'$(touch x)'");
        QTest::newRow("newline") << QByteArray("a\nb") << QStringLiteral("$'a\\nb'");
        QTest::newRow("bytes") << QByteArray("\xff\xfe\x01z")
                               << QStringLiteral("$'\\xff\\xfe\\x01z'");
        QTest::newRow("utf8") << QByteArray("h\xc3\xa9 l\xc3\xa0") << QStringLiteral("'hé là'");
        QTest::newRow("utf8 and control")
            << QByteArray("\xc3\xa9\t'\\") << QStringLiteral("$'é\\t\\'\\\\'");
    }
    void quote()
    {
        QFETCH(QByteArray, argument);
        QFETCH(QString, quoted);
        QCOMPARE(ShellWords::quote(argument), quoted);
    }

    // bash reads the copied line back as the same arguments, byte for byte.
    void bashReadsTheSameArguments()
    {
        const QList<QByteArray> arguments = {"python3",
                                             "-c",
                                             "import time; time.sleep(300)",
                                             "line1\nline2",
                                             "\xff\xfe\x01bytes",
                                             "sp ace",
                                             "",
                                             "O'Brien",
                                             "$(touch /nonexistent/x) `id`",
                                             "tab\there",
                                             "\\",
                                             "é"};
        QByteArray cmdline;
        for (const QByteArray &argument : arguments)
            cmdline += argument + '\0';
        const QString line = ShellWords::fromCommandLine(cmdline);
        QProcess bash;
        // Each argument printed NUL-ended: what bash parsed the line into.
        bash.start(QStringLiteral("bash"),
                   {QStringLiteral("-c"), QStringLiteral("printf '%s\\0' ") + line});
        QVERIFY(bash.waitForFinished(30000));
        QCOMPARE(bash.exitCode(), 0);
        QCOMPARE(bash.readAllStandardOutput(), cmdline);
    }

    void emptyCommandLine() { QCOMPARE(ShellWords::fromCommandLine(QByteArray()), QString()); }
};

QTEST_GUILESS_MAIN(tst_ShellWords)
#include "tst_shellwords.moc"
