// The file-change trigger's pieces on real temporary directories: globs, the debouncer (with a
// clock of the test's own), the inotify watcher keeping up with a changing tree, and the trigger.
#include "debouncer.h"
#include "filewatcher.h"
#include "filewatchtrigger.h"
#include "tasklibrary.h"
#include "taskwatch.h"
#include "watchglob.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/inotify.h>

namespace {

bool writeFile(const QString &path, const QByteArray &data = "x")
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Append) && file.write(data) == data.size();
}

// Runs a shell script in dir, all of it before the event loop turns again: what it makes comes
// faster than a watcher could add watches one event at a time.
bool shell(const QString &dir, const QString &script)
{
    QProcess bash;
    bash.setWorkingDirectory(dir);
    bash.start(QStringLiteral("/bin/bash"), {QStringLiteral("-ec"), script});
    return bash.waitForFinished(30000) && bash.exitCode() == 0;
}

QStringList pathsOf(const QSignalSpy &spy)
{
    QStringList paths;
    for (const QList<QVariant> &args : spy)
        paths.append(args.at(0).toString());
    return paths;
}

} // namespace

// Awaits a change reported at path (the events arrive through the event loop).
#define WAIT_FOR_CHANGE(spy, path)                                                                 \
    QTRY_VERIFY2_WITH_TIMEOUT(pathsOf(spy).contains(path),                                         \
                              qPrintable(QStringLiteral("no change at %1; got: %2")                \
                                             .arg(path, pathsOf(spy).join(QLatin1String(", ")))),  \
                              20000)

class TestFileWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globs_data()
    {
        QTest::addColumn<QString>("glob");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("matches");
        QTest::newRow("name at the top") << "*.cpp"
                                         << "main.cpp" << true;
        QTest::newRow("name at any depth") << "*.cpp"
                                           << "src/app/main.cpp" << true;
        QTest::newRow("name, other suffix") << "*.cpp"
                                            << "src/main.h" << false;
        QTest::newRow("star does not cross /") << "src/*.h"
                                               << "src/x/a.h" << false;
        QTest::newRow("anchored at the root") << "src/*.h"
                                              << "lib/src/a.h" << false;
        QTest::newRow("anchored match") << "src/*.h"
                                        << "src/a.h" << true;
        QTest::newRow("leading slash") << "/src/*.h"
                                       << "src/a.h" << true;
        QTest::newRow("double star under") << "build/**"
                                           << "build/x/y.o" << true;
        QTest::newRow("double star: the dir itself") << "build/**"
                                                     << "build" << true;
        QTest::newRow("double star: not a prefix") << "build/**"
                                                   << "buildx/y" << false;
        QTest::newRow("any depth prefix") << "**/test/*"
                                          << "a/b/test/x" << true;
        QTest::newRow("any depth prefix, none") << "**/test/*"
                                                << "test/x" << true;
        QTest::newRow("question mark") << "?.c"
                                       << "a.c" << true;
        QTest::newRow("question mark, two") << "?.c"
                                            << "ab.c" << false;
        QTest::newRow("set") << "[ab].c"
                             << "b.c" << true;
        QTest::newRow("negated set") << "[!ab].c"
                                     << "b.c" << false;
        QTest::newRow("range") << "file[0-9]"
                               << "file7" << true;
        QTest::newRow("escaped star") << "a\\*"
                                      << "a*" << true;
        QTest::newRow("escaped star, literal") << "a\\*"
                                               << "ab" << false;
        QTest::newRow("dot is literal") << "*.c"
                                        << "ac" << false;
        QTest::newRow("plus is literal") << "c++"
                                         << "c++" << true;
        QTest::newRow("trailing slash dropped") << "node_modules/"
                                                << "node_modules" << true;
    }
    void globs()
    {
        QFETCH(QString, glob);
        QFETCH(QString, path);
        QFETCH(bool, matches);
        QString why;
        const auto compiled = WatchGlob::compile(glob, &why);
        QVERIFY2(compiled, qPrintable(why));
        QCOMPARE(compiled->matches(path), matches);
    }

    void badGlobs_data()
    {
        QTest::addColumn<QString>("glob");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << ""
                               << "it is empty";
        QTest::newRow("blank") << "  "
                               << "it is empty";
        QTest::newRow("unclosed set") << "a[bc"
                                      << "'[' at 2 is not closed by ']'";
    }
    void badGlobs()
    {
        QFETCH(QString, glob);
        QFETCH(QString, why);
        QString said;
        QVERIFY(!WatchGlob::compile(glob, &said));
        QCOMPARE(said, why);
    }

    void filter_data()
    {
        QTest::addColumn<QStringList>("include");
        QTest::addColumn<QStringList>("ignore");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("counts");
        const QStringList cpp{"*.cpp"};
        const QStringList build{"build/**", ".git/**"};
        QTest::newRow("no globs: everything") << QStringList() << QStringList() << "a/b" << true;
        QTest::newRow("included") << cpp << QStringList() << "src/a.cpp" << true;
        QTest::newRow("not included") << cpp << QStringList() << "src/a.txt" << false;
        QTest::newRow("ignore wins") << cpp << build << "build/a.cpp" << false;
        QTest::newRow("ignored deep") << QStringList() << build << ".git/objects/ab/cd" << false;
        QTest::newRow("name ignore, inside")
            << QStringList() << QStringList{"node_modules"} << "web/node_modules/x/y.js" << false;
        QTest::newRow("not ignored") << QStringList() << build << "src/build.cpp" << true;
    }
    void filter()
    {
        QFETCH(QStringList, include);
        QFETCH(QStringList, ignore);
        QFETCH(QString, path);
        QFETCH(bool, counts);
        const auto compiled = WatchFilter::compile(include, ignore);
        QVERIFY(compiled);
        QCOMPARE(compiled->counts(path), counts);
    }

    void badFilterNamesTheGlob()
    {
        QString why;
        QVERIFY(!WatchFilter::compile({"*.cpp"}, {"[x"}, &why));
        QCOMPARE(why, QStringLiteral("ignore glob \"[x\": '[' at 1 is not closed by ']'"));
    }

    // A burst is one fire once it has been quiet for quietMs; changes that never stop still
    // fire after MaxWaitFactor times quietMs.
    void debouncerCollapsesABurst()
    {
        qint64 now = 1000;
        Debouncer debouncer(300);
        debouncer.setClock([&now] { return now; });
        QSignalSpy fired(&debouncer, &Debouncer::fired);
        for (int i = 0; i < 20; ++i) {
            debouncer.poke();
            now += 50;
            debouncer.check();
        }
        QCOMPARE(fired.count(), 0); // never 300 ms of quiet yet
        now += 249;
        debouncer.check();
        QCOMPARE(fired.count(), 0);
        now += 1;
        debouncer.check();
        QCOMPARE(fired.count(), 1);
        debouncer.check();
        QCOMPARE(fired.count(), 1); // once per burst
        debouncer.poke();
        now += 300;
        debouncer.check();
        QCOMPARE(fired.count(), 2); // the next burst
    }
    void debouncerFiresUnderEndlessChanges()
    {
        qint64 now = 0;
        Debouncer debouncer(100);
        debouncer.setClock([&now] { return now; });
        QSignalSpy fired(&debouncer, &Debouncer::fired);
        for (int i = 0; i < 25; ++i) { // a change every 50 ms for 1.25 s
            debouncer.poke();
            now += 50;
            debouncer.check();
        }
        QCOMPARE(fired.count(), 1); // at 1000 ms: MaxWaitFactor * 100
        debouncer.cancel();
        now += 1000;
        debouncer.check();
        QCOMPARE(fired.count(), 1); // a cancelled burst never fires
    }

    void taskWatchJson()
    {
        TaskWatch watch;
        watch.paths = {"src", "/etc/hosts"};
        watch.include = {"*.cpp"};
        watch.ignore = {"build/**"};
        watch.recursive = false;
        watch.debounceMs = 50;
        watch.restartOnChange = false;
        QJsonObject task;
        writeTaskWatch(watch, &task);
        TaskWatch read;
        QCOMPARE(readTaskWatch(task, &read), QString());
        QVERIFY(read == watch);

        QJsonObject none;
        writeTaskWatch(TaskWatch(), &none);
        QVERIFY(none.isEmpty()); // a task without a watch is written as before
        QCOMPARE(readTaskWatch(none, &read), QString());
        QVERIFY(!read.isOn());
    }
    void taskWatchJsonProblems_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not an object") << QJsonValue(3) << "\"watch\" is a number, not an object";
        QTest::newRow("paths not a list")
            << QJsonValue(QJsonObject{{"paths", "src"}})
            << "\"watch\".\"paths\" is a string, not a list of strings";
        QTest::newRow("path not a string")
            << QJsonValue(QJsonObject{{"paths", QJsonArray{"a", 2}}})
            << "\"watch\".\"paths\" item 2 is a number, not a string";
        QTest::newRow("negative debounce")
            << QJsonValue(QJsonObject{{"paths", QJsonArray{"a"}}, {"debounceMs", -1}})
            << "\"watch\".\"debounceMs\" is a number, not a whole number of milliseconds from 0 "
               "to 3600000";
        QTest::newRow("recursive not a bool")
            << QJsonValue(QJsonObject{{"paths", QJsonArray{"a"}}, {"recursive", "yes"}})
            << "\"watch\".\"recursive\" is a string, not true or false";
        QTest::newRow("bad glob")
            << QJsonValue(QJsonObject{{"paths", QJsonArray{"a"}}, {"include", QJsonArray{"[a"}}})
            << "\"watch\": include glob \"[a\": '[' at 1 is not closed by ']'";
    }
    void taskWatchJsonProblems()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        TaskWatch watch;
        QCOMPARE(readTaskWatch(QJsonObject{{"watch", value}}, &watch), problem);
    }
    void taskWatchValidation()
    {
        TaskWatch watch;
        watch.paths = {"src", " "};
        watch.ignore = {"ok", "[bad"};
        watch.debounceMs = -5;
        QCOMPARE(validateTaskWatch(watch),
                 QStringList({"Watch path 2 is empty.",
                              "Ignore glob \"[bad\": '[' at 1 is not closed by ']'.",
                              "The watch's debounce must be from 0 to 3600000 ms."}));
        watch = TaskWatch();
        watch.paths = {"/does/not/exist"};
        QCOMPARE(validateTaskWatch(watch), QStringList()); // said by the trigger, not refused
    }
    void resolvesPaths()
    {
        QCOMPARE(resolveWatchPath("src/../lib", "/work/p"), QStringLiteral("/work/p/lib"));
        QCOMPARE(resolveWatchPath("../lib", "/work/p"), QStringLiteral("/work/lib"));
        QCOMPARE(resolveWatchPath("/abs", "/work/p"), QStringLiteral("/abs"));
        QCOMPARE(resolveWatchPath("~/x", "/work/p"), QDir::homePath() + "/x");
        QCOMPARE(resolveWatchPath("x", ""), QDir::homePath() + "/x");
    }

    // Create, modify, rename, delete: each is a change at the path it happened to.
    void seesFileChanges()
    {
        QTemporaryDir dir;
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, true, 0}));
        QCOMPARE(watcher.problem(), QString());
        const QString a = dir.filePath("a.txt");
        QVERIFY(writeFile(a));
        WAIT_FOR_CHANGE(spy, a); // created
        spy.clear();
        QVERIFY(writeFile(a, "more"));
        WAIT_FOR_CHANGE(spy, a); // modified
        spy.clear();
        const QString b = dir.filePath("b.txt");
        QVERIFY(QFile::rename(a, b));
        WAIT_FOR_CHANGE(spy, b);           // renamed: the new name
        QVERIFY(pathsOf(spy).contains(a)); // and the old one, from the same read
        spy.clear();
        QVERIFY(QFile::remove(b));
        WAIT_FOR_CHANGE(spy, b); // deleted
    }

    // A tree made in one go (mkdir -p, then a file at the bottom) faster than watches can be
    // added: the file still counts, and the new directories are watched from then on.
    void newSubdirectoryAndAFileInIt()
    {
        QTemporaryDir dir;
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{dir.path()}, {"*.cpp"}, {}, true, 0}));
        QCOMPARE(watcher.watchCount(), 1);
        QVERIFY(shell(dir.path(), "mkdir -p a/b/c && echo x > a/b/c/made.cpp"));
        WAIT_FOR_CHANGE(spy, dir.filePath("a/b/c/made.cpp"));
        QTRY_COMPARE(watcher.watchCount(), 4);
        spy.clear();
        QVERIFY(writeFile(dir.filePath("a/b/c/later.cpp")));
        WAIT_FOR_CHANGE(spy, dir.filePath("a/b/c/later.cpp"));
    }

    // A removed subdirectory lets its watches go; made again, it is watched again. One moved
    // within the tree is watched under its new name.
    void removedAndRenamedSubdirectories()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("sub/deep"));
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, true, 0}));
        QCOMPARE(watcher.watchCount(), 3);
        QVERIFY(QDir(dir.filePath("sub")).removeRecursively());
        WAIT_FOR_CHANGE(spy, dir.filePath("sub"));
        QTRY_COMPARE(watcher.watchCount(), 1);
        QCOMPARE(watcher.problem(), QString());

        QVERIFY(QDir(dir.path()).mkpath("sub/deep"));
        QTRY_COMPARE(watcher.watchCount(), 3);
        QVERIFY(QDir(dir.path()).rename("sub", "moved"));
        WAIT_FOR_CHANGE(spy, dir.filePath("moved"));
        QTRY_COMPARE(watcher.watchCount(), 3);
        spy.clear();
        QVERIFY(writeFile(dir.filePath("moved/deep/f")));
        WAIT_FOR_CHANGE(spy, dir.filePath("moved/deep/f"));

        // Moved out of the tree: no longer ours, its changes no longer count.
        QTemporaryDir outside;
        QVERIFY(QDir().rename(dir.filePath("moved"), outside.filePath("gone")));
        QTRY_COMPARE(watcher.watchCount(), 1);
        spy.clear();
        QVERIFY(writeFile(outside.filePath("gone/deep/g")));
        QVERIFY(writeFile(dir.filePath("marker")));
        WAIT_FOR_CHANGE(spy, dir.filePath("marker"));
        for (const QString &path : pathsOf(spy))
            QCOMPARE(path, dir.filePath("marker"));
    }

    // The root removed: a change, a problem, and watched again when it is back.
    void rootRemovedAndRecreated()
    {
        QTemporaryDir parent;
        const QString root = parent.filePath("root");
        QVERIFY(QDir().mkpath(root + "/sub"));
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QSignalSpy problems(&watcher, &FileWatcher::problemChanged);
        QVERIFY(watcher.arm({{root}, {}, {}, true, 0}));
        QVERIFY(QDir(root).removeRecursively());
        WAIT_FOR_CHANGE(spy, root);
        QTRY_VERIFY(!watcher.isArmed());
        QCOMPARE(watcher.problem(), root + " does not exist (watched once it appears).");
        QCOMPARE(watcher.watchCount(), 0);
        spy.clear();

        QVERIFY(QDir().mkpath(root + "/sub"));
        WAIT_FOR_CHANGE(spy, root); // its return is a change (found by the poll)
        QVERIFY(watcher.isArmed());
        QCOMPARE(watcher.problem(), QString());
        QCOMPARE(watcher.watchCount(), 2);
        spy.clear();
        QVERIFY(writeFile(root + "/sub/new"));
        WAIT_FOR_CHANGE(spy, root + "/sub/new");
    }

    void missingRootAtArm()
    {
        QTemporaryDir parent;
        const QString root = parent.filePath("later");
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(!watcher.arm({{root}, {}, {}, true, 0}));
        QCOMPARE(watcher.problem(), root + " does not exist (watched once it appears).");
        QVERIFY(QDir().mkpath(root));
        WAIT_FOR_CHANGE(spy, root);
        QVERIFY(watcher.isArmed());
    }

    // Include and ignore: an ignored directory is not even watched, ignore wins over include.
    void includeAndIgnore()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("src"));
        QVERIFY(QDir(dir.path()).mkpath("build/obj"));
        QVERIFY(QDir(dir.path()).mkpath(".git/objects"));
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(
            watcher.arm({{dir.path()}, {"*.cpp"}, {"build/**", ".git/**", "skip.cpp"}, true, 0}));
        QCOMPARE(watcher.watchCount(), 2); // the root and src
        QVERIFY(writeFile(dir.filePath("src/a.txt")));
        QVERIFY(writeFile(dir.filePath("build/obj/b.cpp")));
        QVERIFY(writeFile(dir.filePath("src/skip.cpp")));
        QVERIFY(QDir(dir.path()).mkpath("build/new"));
        QVERIFY(writeFile(dir.filePath("src/a.cpp")));
        WAIT_FOR_CHANGE(spy, dir.filePath("src/a.cpp"));
        for (const QString &path : pathsOf(spy))
            QCOMPARE(path, dir.filePath("src/a.cpp"));
        QCOMPARE(watcher.watchCount(), 2);
    }

    void nonRecursive()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("sub"));
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, false, 0}));
        QCOMPARE(watcher.watchCount(), 1);
        QVERIFY(writeFile(dir.filePath("sub/inner")));
        QVERIFY(writeFile(dir.filePath("top")));
        WAIT_FOR_CHANGE(spy, dir.filePath("top"));
        QVERIFY(!pathsOf(spy).contains(dir.filePath("sub/inner")));
    }

    // A file root is watched through its directory: an editor's save by rename counts, other
    // files beside it do not, and its removal is a problem until it is back.
    void fileRoot()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("config.json");
        QVERIFY(writeFile(file));
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{file}, {}, {}, true, 0}));
        QVERIFY(writeFile(dir.filePath("other")));
        QVERIFY(writeFile(dir.filePath("config.json.tmp")));
        QVERIFY(QFile::rename(dir.filePath("config.json.tmp"), file + ".new"));
        QVERIFY(shell(dir.path(), "echo y > c.tmp && mv -f c.tmp config.json"));
        WAIT_FOR_CHANGE(spy, file);
        for (const QString &path : pathsOf(spy))
            QCOMPARE(path, file);
        QVERIFY(QFile::remove(file));
        QTRY_COMPARE(watcher.problem(), file + " does not exist (watched once it appears).");
        QVERIFY(writeFile(file));
        QTRY_COMPARE(watcher.problem(), QString());
    }

    // Out of watches: said, with the limit and what is still watched - never silent.
    void watchLimitIsSaid()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 10; ++i)
            QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("d%1").arg(i)));
        FileWatcher watcher;
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, true, 4}));
        QVERIFY(watcher.isArmed());
        QCOMPARE(watcher.watchCount(), 4);
        QCOMPARE(watcher.problem(),
                 QStringLiteral("inotify watch limit reached (4): raise "
                                "fs.inotify.max_user_watches. Still watching 4 directories; "
                                "changes in the others are missed."));
    }
    // The same when the limit is met later, by a directory made in the tree.
    void watchLimitReachedByANewDirectory()
    {
        QTemporaryDir dir;
        FileWatcher watcher;
        QSignalSpy problems(&watcher, &FileWatcher::problemChanged);
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, true, 2}));
        QCOMPARE(watcher.problem(), QString());
        QVERIFY(shell(dir.path(), "mkdir -p a/b/c"));
        QTRY_VERIFY(watcher.problem().startsWith("inotify watch limit reached (2)"));
        QCOMPARE(problems.count(), 1);
    }

    void badGlobIsAProblem()
    {
        QTemporaryDir dir;
        FileWatcher watcher;
        QVERIFY(!watcher.arm({{dir.path()}, {"[x"}, {}, true, 0}));
        QCOMPARE(watcher.problem(), QStringLiteral("include glob \"[x\": '[' at 1 is not closed "
                                                   "by ']'."));
    }

    // Lost events (IN_Q_OVERFLOW) are a change, and the tree is watched afresh: a directory
    // made meanwhile, whose event was lost, is watched from then on.
    void queueOverflowIsAChangeAndRearms()
    {
        QTemporaryDir dir;
        FileWatcher watcher;
        QSignalSpy spy(&watcher, &FileWatcher::changed);
        QVERIFY(watcher.arm({{dir.path()}, {}, {}, true, 0}));
        QCOMPARE(watcher.watchCount(), 1);
        // Made, and its events still unread when the queue overflows: they are dropped with
        // the old inotify instance, and only watching afresh finds the new directories.
        QVERIFY(QDir(dir.path()).mkpath("lost/dir"));
        inotify_event overflow{};
        overflow.wd = -1;
        overflow.mask = IN_Q_OVERFLOW;
        watcher.injectEvents(
            QByteArray(reinterpret_cast<const char *>(&overflow), sizeof overflow));
        WAIT_FOR_CHANGE(spy, dir.path());
        QCOMPARE(watcher.watchCount(), 3);
        spy.clear();
        QVERIFY(writeFile(dir.filePath("lost/dir/f")));
        WAIT_FOR_CHANGE(spy, dir.filePath("lost/dir/f"));
    }

    // Through the library file: a task's watch is written and read back; a bad one sets the
    // task aside with the key named.
    void libraryKeepsTheWatch()
    {
        Task task;
        task.id = Task::newId();
        task.name = "w";
        task.spec.program = "true";
        task.watch.paths = {"src"};
        task.watch.ignore = {"build/**"};
        task.watch.debounceMs = 20;
        QList<Task> read;
        QString error;
        QVERIFY2(TaskLibrary::fromJson(TaskLibrary::toJson({task}, {}), &read, &error),
                 qPrintable(error));
        QCOMPARE(read.size(), 1);
        QVERIFY(read.first().watch == task.watch);

        QByteArray json = TaskLibrary::toJson({task}, {});
        json.replace("\"debounceMs\": 20", "\"debounceMs\": \"soon\"");
        QVERIFY(!TaskLibrary::fromJson(json, &read, &error));
        QVERIFY2(error.contains("\"watch\".\"debounceMs\" is a string"), qPrintable(error));
    }

    // The trigger: a burst of changes is one fire, and it says which path started it.
    void triggerDebouncesABurst()
    {
        QTemporaryDir dir;
        TaskWatch watch;
        watch.paths = {"."};
        watch.debounceMs = 100;
        FileWatchTrigger trigger(watch, dir.path());
        QCOMPARE(trigger.resolvedPaths(), QStringList{dir.path()});
        QSignalSpy fired(&trigger, &FileWatchTrigger::fired);
        QVERIFY(trigger.arm());
        QVERIFY(shell(dir.path(), "for i in $(seq 1 50); do echo $i > f$((i % 7)); done"));
        QVERIFY(fired.wait(20000));
        QCOMPARE(trigger.lastChange(), dir.filePath("f1"));
        QVERIFY(trigger.changesInLastBurst() >= 50);
        QVERIFY(!fired.wait(1000)); // nothing more came: no second fire
        QCOMPARE(fired.count(), 1);
    }

    void triggerSaysWhyItIsNotArmed()
    {
        QTemporaryDir dir;
        TaskWatch watch;
        watch.paths = {"missing"};
        FileWatchTrigger trigger(watch, dir.path());
        QSignalSpy problems(&trigger, &FileWatchTrigger::problemChanged);
        QVERIFY(!trigger.arm());
        QVERIFY(!trigger.isArmed());
        QCOMPARE(trigger.problem(),
                 dir.filePath("missing") + " does not exist (watched once it appears).");
        QCOMPARE(problems.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFileWatcher)
#include "tst_filewatcher.moc"
