#include "dotenvfile.h"

#include <QTemporaryDir>
#include <QTest>

class DotEnvTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << QByteArray("A=b") << "A"
                               << "b";
        QTest::newRow("unquoted trimmed") << QByteArray("A =  b c  ") << "A"
                                          << "b c";
        QTest::newRow("export prefix") << QByteArray("export A=b") << "A"
                                       << "b";
        QTest::newRow("export with blanks") << QByteArray("  export\tA=b") << "A"
                                            << "b";
        QTest::newRow("empty") << QByteArray("A=") << "A"
                               << "";
        QTest::newRow("empty with comment") << QByteArray("A= # nothing") << "A"
                                            << "";
        QTest::newRow("inline comment") << QByteArray("A=b # c") << "A"
                                        << "b";
        QTest::newRow("hash without blank is text") << QByteArray("A=b#c") << "A"
                                                    << "b#c";
        QTest::newRow("hash first is text") << QByteArray("A=#c") << "A"
                                            << "#c";
        QTest::newRow("single quotes literal") << QByteArray("A='$HOME \\n ${home} \" # x'") << "A"
                                               << "$HOME \\n ${home} \" # x";
        QTest::newRow("single quotes then comment") << QByteArray("A='b' # c") << "A"
                                                    << "b";
        QTest::newRow("double quotes escapes") << QByteArray(R"(A="a\nb \"q\" \\ \t \$x")") << "A"
                                               << "a\nb \"q\" \\ \t $x";
        QTest::newRow("double quotes keep other backslashes") << QByteArray(R"(A="C:\dir")") << "A"
                                                              << "C:\\dir";
        QTest::newRow("double quotes keep blanks") << QByteArray("A=\"  b  \"") << "A"
                                                   << "  b  ";
        QTest::newRow("equals in value") << QByteArray("A=b=c") << "A"
                                         << "b=c";
        QTest::newRow("CRLF") << QByteArray("A=b\r\n") << "A"
                              << "b";
        QTest::newRow("last wins") << QByteArray("A=1\nA=2") << "A"
                                   << "2";
        QTest::newRow("comments and blanks")
            << QByteArray("# comment\n\n   \n  # indented\nA=b\n") << "A"
            << "b";
        QTest::newRow("utf-8") << QByteArray("A=h\xc3\xa9") << "A"
                               << QString::fromUtf8("h\xc3\xa9");
        QTest::newRow("nothing expanded") << QByteArray("A=$B ${B}") << "A"
                                          << "$B ${B}";
    }
    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, name);
        QFETCH(QString, value);
        const DotEnvFile::Result result = DotEnvFile::parse(text);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.variables.contains(name));
        QCOMPARE(result.variables.value(name), value);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("why");
        QTest::newRow("no equals")
            << QByteArray("A=1\njust words\n") << 2 << "2: no '=' in it (a line is NAME=value)";
        QTest::newRow("no name") << QByteArray("=x") << 1 << "1: no name before '='";
        QTest::newRow("bad name") << QByteArray("\n\nMY-VAR=1") << 3
                                  << "3: \"MY-VAR\" is not a valid variable name (letters, "
                                     "digits and _, not starting with a digit)";
        QTest::newRow("digit first") << QByteArray("1A=x") << 1 << "1: \"1A\" is not a valid";
        QTest::newRow("single quote open")
            << QByteArray("A='b") << 1 << "1: the ' is not closed on this line";
        QTest::newRow("double quote open")
            << QByteArray("# c\nA=\"b\nc\"") << 2 << "2: the \" is not closed on this line";
        QTest::newRow("text after quote")
            << QByteArray("A='b'c") << 1 << "1: text after the closing '";
        QTest::newRow("export alone") << QByteArray("export A") << 1 << "1: no '='";
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, why);
        const DotEnvFile::Result result = DotEnvFile::parse(text);
        QVERIFY(!result.ok());
        QCOMPARE(result.errorLine, line);
        QVERIFY2(result.error.startsWith(why), qPrintable(result.error));
        QVERIFY(result.variables.isEmpty()); // all or nothing
    }

    // 10,000 variables (half a megabyte): read at every run's start, so it must be quick.
    void parseBigFile()
    {
        QByteArray text;
        for (int i = 0; i < 10000; ++i)
            text += "export VAR_" + QByteArray::number(i) + "=\"value number "
                    + QByteArray::number(i) + "\" # comment\n";
        DotEnvFile::Result result;
        QBENCHMARK
        {
            result = DotEnvFile::parse(text);
        }
        QCOMPARE(result.variables.size(), 10000);
    }

    void readFile()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/x.env";
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("A=1\nB\n");
        file.close();
        DotEnvFile::Result result = DotEnvFile::read(path);
        QCOMPARE(result.error, path + ":2: no '=' in it (a line is NAME=value)");

        result = DotEnvFile::read(dir.path() + "/missing.env");
        QVERIFY(result.error.startsWith(dir.path() + "/missing.env: cannot be read: "));
        result = DotEnvFile::read(dir.path());
        QCOMPARE(result.error, dir.path() + ": not a regular file");

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray(DotEnvFile::MaxBytes + 1, '#'));
        file.close();
        QVERIFY(DotEnvFile::read(path).error.contains("more than a .env file can be"));
    }
};

QTEST_GUILESS_MAIN(DotEnvTest)
#include "tst_dotenv.moc"
