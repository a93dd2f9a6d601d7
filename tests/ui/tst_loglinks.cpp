// LogLinks on its own: which character ranges of a line are links, and to where.

#include "loglinks.h"
#include "sourcepathresolver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

#include <QTest>

namespace {

struct Found
{
    int start;
    int end;
    QString url;
    bool operator==(const Found &o) const
    {
        return start == o.start && end == o.end && url == o.url;
    }
};

QVector<Found> found(const QVector<LogLink> &links)
{
    QVector<Found> out;
    for (const LogLink &link : links)
        out.append({link.start, link.end, link.url});
    return out;
}

// How QCOMPARE shows a link that differs.
char *toString(const Found &link)
{
    return qstrdup(
        qPrintable(QStringLiteral("[%1,%2) %3").arg(link.start).arg(link.end).arg(link.url)));
}

} // namespace

Q_DECLARE_METATYPE(QVector<Found>)

class LogLinksTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlsInText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVector<Found>>("links");
        const auto url = [](const QString &text, const QString &url) {
            const int start = int(text.indexOf(url));
            return Found{start, start + int(url.size()), url};
        };
        QTest::newRow("none") << QStringLiteral("nothing to see") << QVector<Found>{};
        QString t = QStringLiteral("see http://localhost:3000/x?a=1. Next");
        QTest::newRow("full stop after it")
            << t << QVector<Found>{url(t, QStringLiteral("http://localhost:3000/x?a=1"))};
        t = QStringLiteral("(at https://h.example/p)");
        QTest::newRow("unopened bracket")
            << t << QVector<Found>{url(t, QStringLiteral("https://h.example/p"))};
        t = QStringLiteral("[https://a.example/x]");
        QTest::newRow("unopened square bracket")
            << t << QVector<Found>{url(t, QStringLiteral("https://a.example/x"))};
        t = QStringLiteral("https://en.wikipedia.org/wiki/Foo_(bar) is it");
        QTest::newRow("a bracket opened inside stays")
            << t
            << QVector<Found>{url(t, QStringLiteral("https://en.wikipedia.org/wiki/Foo_(bar)"))};
        t = QStringLiteral("'https://q.example/a', \"ftp://f.example/file\"!");
        QTest::newRow("quotes and ftp")
            << t
            << QVector<Found>{url(t, QStringLiteral("https://q.example/a")),
                              url(t, QStringLiteral("ftp://f.example/file"))};
        t = QStringLiteral("open file:///tmp/report.html?");
        QTest::newRow("file URL") << t
                                  << QVector<Found>{
                                         url(t, QStringLiteral("file:///tmp/report.html"))};
        QTest::newRow("a bare scheme is no link")
            << QStringLiteral("https:// nothing") << QVector<Found>{};
        QTest::newRow("other schemes are not")
            << QStringLiteral("gopher://g.example/x") << QVector<Found>{};
        QTest::newRow("not inside a word")
            << QStringLiteral("xhttps://a.example/") << QVector<Found>{};
    }
    void urlsInText()
    {
        QFETCH(QString, text);
        QFETCH(QVector<Found>, links);
        StyledLine line;
        line.text = text;
        QCOMPARE(found(LogLinks::find(line.ref(), 0, int(text.size()))), links);
    }

    // An OSC 8 link is the link of its characters, even when they spell another URL.
    void osc8LinksComeFirstAndWin()
    {
        StyledLine line;
        line.text = QStringLiteral("docs: https://shown.example/ and http://b.example/x");
        line.links.append({6, 22, QStringLiteral("https://real.example/docs")});
        const QVector<Found> links = found(LogLinks::find(line.ref(), 0, int(line.text.size())));
        QCOMPARE(links, (QVector<Found>{{6, 28, QStringLiteral("https://real.example/docs")},
                                        {33, 51, QStringLiteral("http://b.example/x")}}));
        QCOMPARE(LogLinks::at(line.ref(), 6), QStringLiteral("https://real.example/docs"));
        QCOMPARE(LogLinks::at(line.ref(), 27), QStringLiteral("https://real.example/docs"));
        QVERIFY(LogLinks::at(line.ref(), 28).isEmpty());
        QVERIFY(LogLinks::at(line.ref(), 5).isEmpty());
        QCOMPARE(LogLinks::at(line.ref(), 50), QStringLiteral("http://b.example/x"));
    }

    // With a resolver, source locations whose files exist are links beside the URLs, to the
    // file's URL, with the line and column; not one inside an OSC 8 link or a URL, and none
    // without a resolver.
    void sourceLocationsBesideUrls()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile source(dir.filePath(QStringLiteral("a.c")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.close();
        SourcePathResolver sources;
        sources.setBaseDirectory(dir.path());
        StyledLine line;
        line.text = QStringLiteral("a.c:3:5: see http://h.example/a.c:4 b.c:1 [a.c:9]");
        line.links.append({42, 7, QStringLiteral("https://osc.example/")});       // over "a.c:9"
        QCOMPARE(LogLinks::find(line.ref(), 0, int(line.text.size())).size(), 2); // no resolver
        const QVector<LogLink> links
            = LogLinks::find(line.ref(), 0, int(line.text.size()), &sources);
        QCOMPARE(found(links),
                 (QVector<Found>{
                     {42, 49, QStringLiteral("https://osc.example/")},
                     {13, 35, QStringLiteral("http://h.example/a.c:4")},
                     {0, 7, QUrl::fromLocalFile(dir.filePath(QStringLiteral("a.c"))).toString()}}));
        QVERIFY(links.last().isLocation());
        QCOMPARE(links.last().file, dir.filePath(QStringLiteral("a.c")));
        QCOMPARE(links.last().line, 3);
        QCOMPARE(links.last().column, 5);
        QCOMPARE(LogLinks::linkAt(line.ref(), 6, &sources).line, 3);
        QVERIFY(!LogLinks::linkAt(line.ref(), 37, &sources).isLocation()); // b.c is not there
    }

    // On a giant line only URLs within reach of the characters asked about are looked for, and
    // a URL up to Reach long is still found whole from any of its characters.
    void giantLinesAreSearchedNearby()
    {
        const QString address
            = QStringLiteral("https://long.example/") + QString(3000, QLatin1Char('a'));
        QVERIFY(address.size() < LogLinks::Reach);
        StyledLine line;
        line.text = QString(50000, QLatin1Char('x')) + QLatin1Char(' ') + address + QLatin1Char(' ')
                    + QString(50000, QLatin1Char('x'));
        const int start = 50001;
        const int end = start + int(address.size());
        QVERIFY(LogLinks::find(line.ref(), 0, 100).isEmpty()); // far away: not looked at
        QVERIFY(LogLinks::find(line.ref(), end + LogLinks::Reach + 1, end + LogLinks::Reach + 10)
                    .isEmpty());
        QCOMPARE(LogLinks::at(line.ref(), start), address);
        QCOMPARE(LogLinks::at(line.ref(), end - 1), address);
        QVERIFY(LogLinks::at(line.ref(), end).isEmpty());
        QCOMPARE(found(LogLinks::find(line.ref(), start - 100, start - 50)),
                 (QVector<Found>{{start, end, address}})); // just before it, within reach
    }
};

QTEST_APPLESS_MAIN(LogLinksTest)
#include "tst_loglinks.moc"
