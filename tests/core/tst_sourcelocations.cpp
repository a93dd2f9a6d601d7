// SourceLocations against lines that compilers and interpreters really print (GCC 12, Clang 14,
// rustc, Python 3.11 and Node 18 output produced on Debian 12 and pasted as it came; Go and
// pytest lines in their documented formats), and lines that must not be locations. Then
// SourcePathResolver: what a path names, and its cache.

#include "sourcelocations.h"
#include "sourcepathresolver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Found
{
    QString span; // the characters of the line that are the location
    QString file;
    int line = 0;
    int column = 0;
    bool operator==(const Found &o) const
    {
        return span == o.span && file == o.file && line == o.line && column == o.column;
    }
};

char *toString(const Found &f)
{
    return qstrdup(qPrintable(
        QStringLiteral("\"%1\" -> %2 @%3:%4").arg(f.span, f.file).arg(f.line).arg(f.column)));
}

} // namespace

Q_DECLARE_METATYPE(QVector<Found>)

class SourceLocationsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVector<Found>>("expected");
        const auto row = [](const char *name, const char *text, QVector<Found> expected) {
            QTest::newRow(name) << QString::fromUtf8(text) << expected;
        };
        const auto at = [](const char *span, const char *file, int line, int column = 0) {
            return Found{QString::fromUtf8(span), QString::fromUtf8(file), line, column};
        };
        // gcc -c src/a.c (GCC 12.2)
        row("gcc error", "src/a.c:3:13: error: ‘y’ undeclared (first use in this function)",
            {at("src/a.c:3:13", "src/a.c", 3, 13)});
        row("gcc note in a header",
            "src/b.h:1:22: note: each undeclared identifier is reported only once for each "
            "function it appears in",
            {at("src/b.h:1:22", "src/b.h", 1, 22)});
        row("gcc included from",
            "In file included from src/a.c:1:", {at("src/a.c:1", "src/a.c", 1)});
        row("gcc included from, more to come", "In file included from /usr/include/x.h:3,",
            {at("/usr/include/x.h:3", "/usr/include/x.h", 3)});
        row("gcc in function", "src/a.c: In function ‘main’:", {});
        row("gcc source echo", "    3 |     int x = y;", {});
        row("gcc caret", "      |             ^", {});
        // clang -c src/a.c (Clang 14)
        row("clang error", "src/a.c:4:13: error: expected ';' after return statement",
            {at("src/a.c:4:13", "src/a.c", 4, 13)});
        row("clang caret line", "            ^", {});
        row("clang summary", "3 errors generated.", {});
        // rustc src/main.rs
        row("rustc arrow", " --> src/main.rs:2:18", {at("src/main.rs:2:18", "src/main.rs", 2, 18)});
        row("rustc arrow in a workspace", "   --> crates/core/src/lib.rs:120:9",
            {at("crates/core/src/lib.rs:120:9", "crates/core/src/lib.rs", 120, 9)});
        row("rustc error code", "error[E0308]: mismatched types", {});
        // go vet ./... and go test
        row("go vet", "./main.go:5:2: undefined: x", {at("./main.go:5:2", "./main.go", 5, 2)});
        row("go vet printf", "./main.go:7:2: fmt.Printf format %d has arg s of wrong type string",
            {at("./main.go:7:2", "./main.go", 7, 2)});
        row("go test failure", "    foo_test.go:12: got 1, want 2",
            {at("foo_test.go:12", "foo_test.go", 12)});
        row("go package header", "# example.com/m", {});
        // python3 t.py (3.11)
        row("python traceback", "  File \"/tmp/locations-home/real/t.py\", line 4, in <module>",
            {at("/tmp/locations-home/real/t.py", "/tmp/locations-home/real/t.py", 4)});
        row("python traceback, spaces in the path",
            "  File \"/home/u/My Project/run.py\", line 12, in main",
            {at("/home/u/My Project/run.py", "/home/u/My Project/run.py", 12)});
        row("python string", "  File \"<string>\", line 1, in <module>",
            {at("<string>", "<string>", 1)});
        row("python warning", "/tmp/locations-home/real/w.py:2: DeprecationWarning: old",
            {at("/tmp/locations-home/real/w.py:2", "/tmp/locations-home/real/w.py", 2)});
        // pytest
        row("pytest", "tests/test_a.py:14: AssertionError",
            {at("tests/test_a.py:14", "tests/test_a.py", 14)});
        row("pytest summary", "FAILED tests/test_a.py::test_x - assert 1 == 2", {});
        // node app.js (18)
        row("node frame", "    at f (/tmp/locations-home/real/app.js:1:21)",
            {at("/tmp/locations-home/real/app.js:1:21", "/tmp/locations-home/real/app.js", 1, 21)});
        row("node internal frame",
            "    at Module._compile (node:internal/modules/cjs/loader:1521:14)", {});
        row("node header", "/tmp/locations-home/real/app.js:1",
            {at("/tmp/locations-home/real/app.js:1", "/tmp/locations-home/real/app.js", 1)});
        // ./build.sh, bash -c, perl t.pl, perl -e (bash 5.2, Perl 5.36)
        row("shell script", "./build.sh: line 3: nosuchcmd: command not found",
            {at("./build.sh", "./build.sh", 3)});
        row("bash -c", "bash: line 1: nosuch: command not found", {});
        row("perl", "boom at t.pl line 1.", {at("t.pl", "t.pl", 1)});
        row("perl -e", "boom at -e line 1.", {});
        // a Rust panic (1.9x), a Go panic's frame, a Java frame
        row("rust panic",
            "thread 'main' (12609) panicked at p.rs:1:40:", {at("p.rs:1:40", "p.rs", 1, 40)});
        row("go panic frame", "\t/home/u/m/main.go:8 +0x1d",
            {at("/home/u/m/main.go:8", "/home/u/m/main.go", 8)});
        row("java frame", "\tat com.x.Foo.bar(Foo.java:12)", {at("Foo.java:12", "Foo.java", 12)});
        // make
        row("make", "make: *** [Makefile:12: all] Error 1", {at("Makefile:12", "Makefile", 12)});
        // generic
        row("home", "see ~/src/x.cpp:7 for why", {at("~/src/x.cpp:7", "~/src/x.cpp", 7)});
        row("two on a line", "a.c:1: and b/c.h:2:3",
            {at("a.c:1", "a.c", 1), at("b/c.h:2:3", "b/c.h", 2, 3)});
        row("sentence end", "defined in lib/util.py:40.",
            {at("lib/util.py:40", "lib/util.py", 40)});

        // Not locations.
        row("time", "12:30:45 started", {});
        row("time with date", "2026-11-26 14:16:13: build", {});
        row("timestamp in brackets", "[14:16:13.123] ready", {});
        row("url with port", "listening on http://localhost:8080/", {});
        row("url with a path like a location", "see http://x.example:8080/a.c:3 now", {});
        row("file url", "at file:///tmp/a.c:3:1", {});
        row("host and port", "connecting to example.com:443", {});
        row("bare host and port", "connecting to localhost:5432", {});
        row("ip and port", "bound 0.0.0.0:8080", {});
        row("ipv6", "listening on [::1]:8080 and fe80::1:80", {});
        row("ratio", "progress 3/4:5 done", {});
        row("version", "python 3.11:2", {});
        row("key value", "status:200 retries:3", {});
        row("note", "Note: foo", {});
        row("c++ scope", "std::vector:3", {});
        row("numbers after glued", "a.c:12abc", {});
        row("decimal", "x.c:1.5 seconds", {});
        row("line zero", "a.c:0: nothing", {});
    }

    void realLines()
    {
        QFETCH(QString, text);
        QFETCH(QVector<Found>, expected);
        QVector<Found> got;
        for (const SourceLocation &l : SourceLocations::find(text))
            got.append({text.mid(l.start, l.end - l.start), l.file, l.line, l.column});
        QCOMPARE(got, expected);
    }

    void giantLineCostsReach()
    {
        // A megabyte line: only Reach around the asked characters is read, and a location
        // there is found at its place in the line.
        QString line(1024 * 1024, u'x');
        line.replace(500000, 9, QStringLiteral(" a/b.c:9 "));
        const QVector<SourceLocation> near = SourceLocations::find(line, 500000, 500010);
        QCOMPARE(near.size(), 1);
        QCOMPARE(near.first().start, 500001);
        QCOMPARE(near.first().end, 500008);
        QVERIFY(SourceLocations::find(line, 0, 100).isEmpty());
        QVERIFY(SourceLocations::find(line, 900000, 900100).isEmpty());
    }

    // What a frame pays per row: a compiler's line, and the worst - a giant line of
    // locations, of which only Reach either side of the screen is read.
    void costOfACompilerLine()
    {
        const QString line
            = QStringLiteral("src/a.c:3:13: error: 'y' undeclared (first use in this function)");
        QBENCHMARK
        {
            QCOMPARE(SourceLocations::find(line).size(), 1);
        }
    }
    void costOfAGiantLineOfLocations()
    {
        QString line;
        while (line.size() < 1024 * 1024)
            line += QStringLiteral("src/a.c:12:5 ");
        QBENCHMARK
        {
            QVERIFY(!SourceLocations::find(line, 500000, 500200).isEmpty());
        }
    }

    void resolvesAgainstTheBaseDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src")));
        QFile file(dir.filePath(QStringLiteral("src/a.c")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();

        SourcePathResolver resolver;
        QCOMPARE(resolver.resolve(QStringLiteral("src/a.c")), QString()); // no base: unknown
        resolver.setBaseDirectory(dir.path());
        const QString expected = QDir(dir.path()).canonicalPath() == dir.path()
                                     ? dir.filePath(QStringLiteral("src/a.c"))
                                     : QDir::cleanPath(dir.path() + QStringLiteral("/src/a.c"));
        QCOMPARE(resolver.resolve(QStringLiteral("src/a.c")), expected);
        QCOMPARE(resolver.resolve(QStringLiteral("./src/../src/a.c")), expected);
        QCOMPARE(resolver.resolve(expected), expected);               // absolute as it is
        QCOMPARE(resolver.resolve(QStringLiteral("src")), QString()); // a directory: no
        QCOMPARE(resolver.resolve(QStringLiteral("src/missing.c")), QString());
    }

    void expandsHome()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", QFile::encodeName(home.path()));
        QFile file(home.filePath(QStringLiteral("x.py")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        SourcePathResolver resolver;
        const QString got = resolver.resolve(QStringLiteral("~/x.py"));
        qputenv("HOME", oldHome);
        QCOMPARE(got, home.filePath(QStringLiteral("x.py")));
    }

    void cachesAnswersForAWhile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qint64 now = 0;
        SourcePathResolver resolver;
        resolver.setClock([&now] { return now; });
        resolver.setBaseDirectory(dir.path());
        const QString name = QStringLiteral("later.c");
        QCOMPARE(resolver.resolve(name), QString());
        QCOMPARE(resolver.lookups(), 1);
        for (int frame = 0; frame < 100; ++frame) // a hundred frames: no more look-ups
            resolver.resolve(name);
        QCOMPARE(resolver.lookups(), 1);

        // The build writes it: once the answer is stale, it is a file.
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QCOMPARE(resolver.resolve(name), QString()); // still the kept answer
        now += SourcePathResolver::FreshMs;
        QCOMPARE(resolver.resolve(name), dir.filePath(name));
        QCOMPARE(resolver.lookups(), 2);

        // Bounded: a log naming many files does not grow the cache without end.
        for (int i = 0; i < 3 * SourcePathResolver::CacheSize; ++i)
            resolver.resolve(QStringLiteral("f%1.c").arg(i));
        QCOMPARE(resolver.lookups(), 2 + 3 * SourcePathResolver::CacheSize);
        QVERIFY(resolver.cachedCount() <= SourcePathResolver::CacheSize);
    }
};

QTEST_GUILESS_MAIN(SourceLocationsTest)
#include "tst_sourcelocations.moc"
