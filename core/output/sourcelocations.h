#pragma once

#include <QString>
#include <QStringView>
#include <QVector>

#include <climits>

// A place in a source file named in a line of output: characters [start, end) of the line
// name file, at line (1-based) and column (1-based; 0 when the output gives none).
struct SourceLocation
{
    int start = 0;
    int end = 0;
    QString file; // as written: relative, absolute or starting with ~
    int line = 0;
    int column = 0;
};

// The source locations a line of output names, as tools print them: GCC and Clang
// ("src/a.c:12:5: error: ...", "In file included from x.h:3,"), rustc ("  --> src/main.rs:2:5"),
// Go ("./main.go:5:2: undefined: x", "    foo_test.go:12: ..."), pytest
// ("tests/test_a.py:14: AssertionError"), Python's warnings and tracebacks
// ("  File \"/x/y.py\", line 3, in <module>"), Node's stack traces ("at f (/x/app.js:10:15)"),
// make ("Makefile:12: ..."), shell scripts ("./build.sh: line 3: x: command not found"), Perl
// ("boom at t.pl line 1.") and any "path:line[:column]" whose path has a directory separator or
// a file extension. Not a time ("12:30:45"), a ratio ("3/4:5"), an address ("example.com:8080",
// "[::1]:8080", "fe80::1:80"), a "key:value" or anything inside a URL ("http://x:8080/a.c:3":
// the URL is the link). Parsing only: whether the file exists is SourcePathResolver's. Qt Core.
namespace SourceLocations {

// How far either side of the characters asked about locations are looked for, as
// LogLinks::Reach: a giant line costs this much per frame, not megabytes.
constexpr int Reach = 4096;

// The locations within Reach of characters [from, to) of text, left to right; the whole text
// by default.
QVector<SourceLocation> find(QStringView text, int from = 0, int to = INT_MAX);

} // namespace SourceLocations
