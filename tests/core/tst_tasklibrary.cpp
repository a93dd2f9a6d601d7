// The task library file: every field type-checked (a bad task set aside, kept and written
// back), duplicate names, and a file that is not safe to read (a FIFO, someone else's, writable
// by others, unreadable) refused - by the library class and by taskrunner-cli as a subprocess;
// changes (changed() once each, saved at once) and the file watched for changes from outside.

#include "tasklibrary.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

namespace {

constexpr int GenerousMs = 30'000;
constexpr uid_t Nobody = 65534;

const char *const GoodTask
    = R"({"name": "%1", "mode": "shell", "script": "echo %1", "timeoutMs": 1000,
          "graceMs": 0, "environment": {"A_1": "x"}, "leaveLeftovers": false, "pty": false})";

QByteArray libraryJson(const QList<QByteArray> &tasks)
{
    QByteArray json = "{\"format\": \"taskrunner-library\", \"version\": 1, \"tasks\": [\n";
    for (int i = 0; i < tasks.size(); ++i)
        json += tasks[i] + (i + 1 < tasks.size() ? ",\n" : "\n");
    return json + "]}\n";
}

QByteArray good(const char *name)
{
    return QString::fromLatin1(GoodTask).arg(QLatin1String(name)).toUtf8();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(data);
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), 0600) == 0;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList backups(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.corrupt-*")}, QDir::Files | QDir::System);
}

// Writes path as an editor or another program does: a new file renamed over the old one.
bool replaceFile(const QString &path, const QByteArray &data)
{
    const QString temporary = path + QLatin1String(".tmp");
    return writeFile(temporary, data)
           && ::rename(QFile::encodeName(temporary).constData(),
                       QFile::encodeName(path).constData())
                  == 0;
}

// Writes path in place (the same inode), as some editors do.
bool overwriteFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

Task shellTask(const char *name)
{
    return Task{QString::fromLatin1(name), TaskSpec::forShell(QStringLiteral("true"))};
}

// A loaded, watched library and what it says.
class WatchedLibrary
{
public:
    explicit WatchedLibrary(const QString &path)
        : library(path)
    {
        loaded = library.load();
        library.watchFile();
        changed.clear(); // the load's
    }
    TaskLibrary library;
    TaskLibrary::LoadResult loaded;
    QSignalSpy changed{&library, &TaskLibrary::changed};
    QSignalSpy problems{&library, &TaskLibrary::fileProblem};
    QSignalSpy saveFailed{&library, &TaskLibrary::saveFailed};
};

} // namespace

class TaskLibraryTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_config; // what XDG_CONFIG_HOME points at for the CLI
    QString m_path;   // m_config/taskrunner/tasks.json

    // taskrunner-cli with the test's config dir; its exit code, or -1 if it did not finish.
    int cli(const QStringList &args, QByteArray *err = nullptr, QByteArray *out = nullptr)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_config);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(TASKRUNNER_CLI), args);
        process.closeWriteChannel();
        if (!process.waitForFinished(GenerousMs)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        if (err)
            *err = process.readAllStandardError();
        if (out)
            *out = process.readAllStandardOutput();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    // The library must be refused as it is: not renamed, not changed, and not saved over.
    void verifyRefused(TaskLibrary &library, const TaskLibrary::LoadResult &result,
                       TaskLibrary::LoadResult::Problem problem, const QString &says,
                       const QByteArray &bytes)
    {
        QVERIFY(!result.ok);
        QCOMPARE(int(result.problem), int(problem));
        QVERIFY2(result.error.contains(says), qPrintable(result.error));
        QVERIFY2(result.error.contains(m_path), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1String("damaged")));
        QVERIFY(result.backupPath.isEmpty());
        QVERIFY(library.tasks().isEmpty());
        QVERIFY(backups(QFileInfo(m_path).absolutePath()).isEmpty());
        // A change is made in memory, but an empty library never goes over the file.
        QSignalSpy saveFailed(&library, &TaskLibrary::saveFailed);
        QVERIFY(
            library.add(Task{QStringLiteral("new"), TaskSpec::forShell(QStringLiteral("true"))}));
        QCOMPARE(library.names(), QStringList{"new"});
        QCOMPARE(saveFailed.size(), 1);
        const QString said = saveFailed.first().first().toString();
        QVERIFY2(said.contains(QLatin1String("not saved")), qPrintable(said));
        QString error;
        QVERIFY(!library.save(&error));
        QCOMPARE(error, said);
        if (!bytes.isNull())
            QCOMPARE(readFile(m_path), bytes);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        static int n = 0;
        m_config = m_dir.filePath(QStringLiteral("config-%1").arg(++n));
        m_path = m_config + QLatin1String("/taskrunner/tasks.json");
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    }

    void goodLibraryLoads()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a"), good("b")})));
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.warnings.isEmpty());
        QCOMPARE(library.names(), (QStringList{"a", "b"}));
        const Task *a = library.find(QStringLiteral("a"));
        QCOMPARE(a->spec.timeout.count(), 1000);
        QCOMPARE(a->spec.gracePeriod.count(), 0);
        QCOMPARE(a->spec.environment.value(QStringLiteral("A_1")), QStringLiteral("x"));
    }

    // Tasks get stable ids: a file written before ids existed loads unchanged and gains them
    // at the next save; they survive saving, editing (replace) and renaming; a duplicate or an
    // import gets a fresh one; two tasks never share one.
    void tasksHaveStableIds()
    {
        const QByteArray old = libraryJson({good("a"), good("b")});
        QVERIFY(!old.contains("\"id\""));
        QVERIFY(writeFile(m_path, old));
        TaskLibrary library(m_path);
        QVERIFY(library.load().ok);
        QCOMPARE(readFile(m_path), old); // not rewritten by loading
        const QString idA = library.find(QStringLiteral("a"))->id;
        const QString idB = library.find(QStringLiteral("b"))->id;
        QVERIFY(!idA.isEmpty() && !idB.isEmpty() && idA != idB);
        // The same at the next load, before any save: the history links runs by it.
        TaskLibrary again(m_path);
        QVERIFY(again.load().ok);
        QCOMPARE(again.find(QStringLiteral("a"))->id, idA);
        QString error;
        QVERIFY(library.save(&error));
        TaskLibrary reloaded(m_path);
        QVERIFY(reloaded.load().ok);
        QCOMPARE(reloaded.find(QStringLiteral("a"))->id, idA);

        Task renamed = *reloaded.find(QStringLiteral("a"));
        renamed.name = QStringLiteral("a2");
        renamed.id.clear(); // what an editor that knows nothing of ids gives back
        QVERIFY(reloaded.replace(idA, renamed));
        QCOMPARE(reloaded.find(QStringLiteral("a2"))->id, idA);
        QCOMPARE(reloaded.findById(idA)->name, QStringLiteral("a2"));

        Task copy = *reloaded.find(QStringLiteral("b"));
        copy.name = QStringLiteral("b copy");
        QVERIFY(reloaded.add(copy));
        QVERIFY(reloaded.find(QStringLiteral("b copy"))->id != idB);

        // A file whose tasks share an id (copied by hand): told apart at load.
        QByteArray shared = libraryJson({good("x"), good("y")});
        shared.replace("\"name\"", "\"id\": \"same\", \"name\"");
        QVERIFY(writeFile(m_path, shared));
        TaskLibrary sharing(m_path);
        QVERIFY(sharing.load().ok);
        QVERIFY(sharing.find(QStringLiteral("x"))->id != sharing.find(QStringLiteral("y"))->id);
    }

    void badFieldSetsTheTaskAside_data()
    {
        QTest::addColumn<QByteArray>("task");
        QTest::addColumn<QString>("field"); // what the message must name
        const auto row = [](const char *name, const char *json, const char *field) {
            QTest::newRow(name) << QByteArray(json) << QString::fromLatin1(field);
        };
        row("timeout as a string", R"({"name": "bad", "script": "x", "timeoutMs": "1000"})",
            "\"timeoutMs\" is a string");
        row("negative timeout", R"({"name": "bad", "timeoutMs": -1})", "\"timeoutMs\"");
        row("fractional timeout", R"({"name": "bad", "timeoutMs": 1.5})", "\"timeoutMs\"");
        row("timeout beyond an int", R"({"name": "bad", "timeoutMs": 3e9})", "\"timeoutMs\"");
        row("grace as a string", R"({"name": "bad", "graceMs": "5s"})", "\"graceMs\"");
        row("grace null", R"({"name": "bad", "graceMs": null})", "\"graceMs\" is null");
        row("arguments a string", R"({"name": "bad", "mode": "program", "program": "ls",
            "arguments": "-l -a"})",
            "\"arguments\" is a string");
        row("an argument a number", R"({"name": "bad", "mode": "program", "program": "ls",
            "arguments": ["-l", 2]})",
            "\"arguments\" item 2 is a number");
        row("environment a list", R"({"name": "bad", "environment": ["A=1"]})",
            "\"environment\" is a list");
        row("environment value a number", R"({"name": "bad", "environment": {"A": 1}})",
            "the value of A is a number");
        row("environment name with =", R"({"name": "bad", "environment": {"A=B": "1"}})",
            "\"A=B\" is not a valid variable name");
        row("environment name empty", R"({"name": "bad", "environment": {"": "1"}})",
            "\"\" is not a valid variable name");
        row("environment name starts with a digit",
            R"({"name": "bad", "environment": {"1A": "1"}})",
            "\"1A\" is not a valid variable name");
        row("leaveLeftovers a string", R"({"name": "bad", "leaveLeftovers": "true"})",
            "\"leaveLeftovers\" is a string");
        row("pty a number", R"({"name": "bad", "pty": 1})", "\"pty\" is a number");
        row("mode unknown", R"({"name": "bad", "mode": "python"})", "\"mode\" is \"python\"");
        row("mode a number", R"({"name": "bad", "mode": 1})", "\"mode\" is a number");
        row("script a number", R"({"name": "bad", "script": 42})", "\"script\" is a number");
        row("program a list", R"({"name": "bad", "mode": "program", "program": ["ls"]})",
            "\"program\" is a list");
        row("directory a boolean", R"({"name": "bad", "workingDirectory": true})",
            "\"workingDirectory\" is a boolean");
        row("name a number", R"({"name": 5, "script": "x"})", "task 2: \"name\" is a number");
        row("name missing", R"({"script": "x"})", "task 2: \"name\" is missing");
        row("name blank", R"({"name": "  ", "script": "x"})", "task 2: \"name\" is missing");
        row("not an object", R"("echo hi")", "task 2: it is a string");
        row("memory limit as typed", R"({"name": "bad", "memoryMaxBytes": "512M"})",
            "\"memoryMaxBytes\" is a string (\"512M\"), not a whole number of bytes");
        row("memory limit fractional", R"({"name": "bad", "memoryMaxBytes": 1048576.5})",
            "\"memoryMaxBytes\" is a number");
        row("memory limit under 1M", R"({"name": "bad", "memoryMaxBytes": 1000})",
            "from 1048576 to 1125899906842624");
        row("memory limit null", R"({"name": "bad", "memoryMaxBytes": null})",
            "\"memoryMaxBytes\" is null");
        row("cpu limit as a percentage", R"({"name": "bad", "cpuMaxCores": "50%"})",
            "\"cpuMaxCores\" is a string");
        row("cpu limit zero", R"({"name": "bad", "cpuMaxCores": 0})",
            "not a number of CPUs from 0.01 to 4096");
        row("pids limit fractional", R"({"name": "bad", "pidsMax": 2.5})",
            "\"pidsMax\" is a number, not a whole number of processes from 1 to 4194304");
        row("pids limit a boolean", R"({"name": "bad", "pidsMax": true})",
            "\"pidsMax\" is a boolean");
        row("instance policy unknown", R"({"name": "bad", "whenRunning": "twice"})",
            "\"whenRunning\" is \"twice\", not one of ask, parallel, queue, skip, restart");
        row("instance policy a boolean", R"({"name": "bad", "whenRunning": true})",
            "\"whenRunning\" is not a string");
        row("exclusive group a list", R"({"name": "bad", "exclusiveGroup": ["gpu"]})",
            "\"exclusiveGroup\" is not a string");
    }
    void badFieldSetsTheTaskAside()
    {
        QFETCH(QByteArray, task);
        QFETCH(QString, field);
        const QByteArray original = libraryJson({good("first"), task, good("last")});
        QVERIFY(writeFile(m_path, original));
        const QDateTime modified = QFileInfo(m_path).lastModified();

        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(library.names(), (QStringList{"first", "last"})); // the others load
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.first().contains(field), qPrintable(result.warnings.first()));
        if (!field.startsWith(QLatin1String("task 2:")))
            QVERIFY2(result.warnings.first().contains(QLatin1String("task 2 (\"bad\")")),
                     qPrintable(result.warnings.first()));
        QVERIFY(result.warnings.first().contains(QLatin1String("set aside")));
        QCOMPARE(library.setAsideTasks().size(), 1);
        // Loading never writes the file.
        QCOMPARE(readFile(m_path), original);
        QCOMPARE(QFileInfo(m_path).lastModified(), modified);

        // Saved with a change: the set-aside task goes back as it was, where it was.
        library.add(Task{QStringLiteral("added"), TaskSpec::forShell(QStringLiteral("true"))});
        QString error;
        QVERIFY2(library.save(&error), qPrintable(error));
        const QJsonArray saved
            = QJsonDocument::fromJson(readFile(m_path)).object().value(u"tasks").toArray();
        const QJsonValue asWritten = QJsonDocument::fromJson("[" + task + "]").array().at(0);
        QCOMPARE(saved.size(), 4);
        QCOMPARE(saved.at(1), asWritten);
        QCOMPARE(saved.at(0).toObject().value(u"name").toString(), QStringLiteral("first"));
        QCOMPARE(saved.at(2).toObject().value(u"name").toString(), QStringLiteral("last"));
        QCOMPARE(saved.at(3).toObject().value(u"name").toString(), QStringLiteral("added"));

        // And an import of the same file is refused whole, saying why.
        QList<Task> imported;
        QVERIFY(!TaskLibrary::fromJson(original, &imported, &error));
        QVERIFY2(error.contains(field), qPrintable(error));
        QVERIFY(imported.isEmpty());
    }

    // Limits are saved and read back exactly, and only when set: a file written before they
    // existed loads with none and is saved byte for byte as it would have been.
    void limitsRoundTrip()
    {
        TaskLibrary library(m_path);
        QVERIFY(library.load().ok);
        Task limited = shellTask("limited");
        limited.spec.limits.memoryMaxBytes = quint64(1536) * 1024 * 1024;
        limited.spec.limits.cpuMaxCores = 0.33;
        limited.spec.limits.pidsMax = 100;
        Task half = shellTask("half");
        half.spec.limits.cpuMaxCores = 0.5;
        QVERIFY(library.add(limited));
        QVERIFY(library.add(half));
        QVERIFY(library.add(shellTask("free")));
        const QByteArray written = readFile(m_path);
        QVERIFY2(written.contains("\"memoryMaxBytes\": 1610612736,"), written.constData());
        QVERIFY2(written.contains("\"cpuMaxCores\": 0.33,"), written.constData());
        QVERIFY2(written.contains("\"pidsMax\": 100,"), written.constData());
        QCOMPARE(written.count("memoryMaxBytes"), 1); // none written for the others
        QCOMPARE(written.count("cpuMaxCores"), 2);

        TaskLibrary reloaded(m_path);
        QVERIFY(reloaded.load().ok);
        QCOMPARE(reloaded.find(QStringLiteral("limited"))->spec.limits, limited.spec.limits);
        QCOMPARE(reloaded.find(QStringLiteral("half"))->spec.limits, half.spec.limits);
        QVERIFY(reloaded.find(QStringLiteral("free"))->spec.limits.isEmpty());
        QString error;
        QVERIFY2(reloaded.save(&error), qPrintable(error));
        QCOMPARE(readFile(m_path), written); // byte for byte

        // A file of before limits: none, and none written when it is saved.
        const QByteArray old = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, old));
        TaskLibrary before(m_path);
        QVERIFY(before.load().ok);
        QVERIFY(before.find(QStringLiteral("a"))->spec.limits.isEmpty());
        QVERIFY(before.save(&error));
        QVERIFY2(!readFile(m_path).contains("Max"), readFile(m_path).constData());
    }

    void duplicateNamesLoadWithAWarning()
    {
        const QByteArray original = libraryJson({good("dup"), good("other"), good("dup")});
        QVERIFY(writeFile(m_path, original));
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(library.tasks().size(), 3); // nothing dropped
        QCOMPARE(library.count(QStringLiteral("dup")), 2);
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.first().contains(QLatin1String("2 tasks named \"dup\"")),
                 qPrintable(result.warnings.first()));
        QCOMPARE(library.uniqueName(QStringLiteral("dup")), QStringLiteral("dup (2)"));

        QList<Task> imported;
        QString error;
        QVERIFY(!TaskLibrary::fromJson(original, &imported, &error));
        QVERIFY2(error.contains(QLatin1String("\"dup\"")), qPrintable(error));

        // The CLI lists both (with the warning) but will not guess which one to run.
        QByteArray err, out;
        QCOMPARE(cli({QStringLiteral("list")}, &err, &out), 0);
        QCOMPARE(out.count("dup\t"), 2);
        QVERIFY2(err.contains("2 tasks named \"dup\""), err.constData());
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("dup")}, &err,
                     &out),
                 125);
        QVERIFY2(err.contains("2 saved tasks are named 'dup'"), err.constData());
        QVERIFY(out.isEmpty()); // it ran neither
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("other")},
                     &err, &out),
                 0);
        QCOMPARE(out, QByteArray("other\n"));
    }

    // Names and paths are text of the user's: a "%1" in them is not a placeholder.
    void percentSignsInNamesAreKept()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a%2b"), good("a%2b")})));
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.first().contains(QLatin1String("2 tasks named \"a%2b\"")),
                 qPrintable(result.warnings.first()));
        QCOMPARE(library.uniqueName(QStringLiteral("a%2b")), QStringLiteral("a%2b (2)"));
    }

    void cliRefusesToRunASetAsideTask()
    {
        const QByteArray bad = R"({"name": "bad", "script": "echo ran", "timeoutMs": "1000"})";
        QVERIFY(writeFile(m_path, libraryJson({good("ok"), bad})));
        QByteArray err, out;
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("bad")}, &err,
                     &out),
                 125);
        QVERIFY2(err.contains("\"timeoutMs\" is a string"), err.constData());
        QVERIFY(out.isEmpty());
        QCOMPARE(cli({QStringLiteral("list")}, &err, &out), 0);
        QCOMPARE(out, QByteArray("ok\techo ok\n"));
        QVERIFY2(err.contains("set aside"), err.constData());
    }

    void cliRefusesADurationUnder1ms_data()
    {
        QTest::addColumn<QString>("duration");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("--timeout 0.4ms") << "0.4ms" << 125;
        QTest::newRow("--timeout 0.0001") << "0.0001" << 125;
        QTest::newRow("--timeout 0") << "0" << 0;
        QTest::newRow("--timeout 1ms is kept, not dropped") << "1ms" << 124;
    }
    void cliRefusesADurationUnder1ms()
    {
        QFETCH(QString, duration);
        QFETCH(int, exitCode);
        QByteArray err;
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--timeout"), duration,
                      QStringLiteral("--shell"),
                      exitCode == 124 ? QStringLiteral("sleep 10") : QStringLiteral("true")},
                     &err),
                 exitCode);
        if (exitCode == 125)
            QVERIFY2(err.contains("shorter than 1 ms"), err.constData());
    }

    void fifoIsRefusedPromptly()
    {
        QVERIFY(::mkfifo(QFile::encodeName(m_path).constData(), 0600) == 0);
        QElapsedTimer timer;
        timer.start();
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY(timer.elapsed() < GenerousMs);
        verifyRefused(library, result, TaskLibrary::LoadResult::Problem::Unsafe,
                      QStringLiteral("FIFO"), QByteArray());
        QVERIFY(QFileInfo(m_path).exists());
        QVERIFY(!QFileInfo(m_path).isFile()); // still the FIFO, where it was

        QByteArray err;
        QCOMPARE(cli({QStringLiteral("list")}, &err), 125); // -1 would be a hang
        QVERIFY2(err.contains("FIFO") && err.contains("not a regular file"), err.constData());
    }

    void directoryIsRefused()
    {
        QVERIFY(QDir().mkpath(m_path));
        TaskLibrary library(m_path);
        verifyRefused(library, library.load(), TaskLibrary::LoadResult::Problem::Unsafe,
                      QStringLiteral("a directory"), QByteArray());
    }

    void writableByOthersIsRefused_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("group-writable") << 0660;
        QTest::newRow("world-writable") << 0606;
    }
    void writableByOthersIsRefused()
    {
        QFETCH(int, mode);
        const QByteArray original = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, original));
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), mode_t(mode)) == 0);
        TaskLibrary library(m_path);
        verifyRefused(library, library.load(), TaskLibrary::LoadResult::Problem::Unsafe,
                      QStringLiteral("chmod go-w ") + m_path, original);
        QByteArray err;
        QCOMPARE(cli({QStringLiteral("list")}, &err), 125);
        QVERIFY2(err.contains("chmod go-w"), err.constData());
        QCOMPARE(readFile(m_path), original);
    }

    void symlinkToOwnFileIsFollowed()
    {
        const QString real = m_dir.filePath(QStringLiteral("real-tasks.json"));
        QVERIFY(writeFile(real, libraryJson({good("linked")})));
        QVERIFY(QFile::link(real, m_path));
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(library.names(), QStringList{"linked"});
        // The checks are on the file it leads to.
        QVERIFY(::chmod(QFile::encodeName(real).constData(), 0620) == 0);
        verifyRefused(library, library.load(), TaskLibrary::LoadResult::Problem::Unsafe,
                      QStringLiteral("chmod go-w"), QByteArray());
        QVERIFY(QFileInfo(m_path).isSymLink());
    }

    void someoneElsesFileIsRefused()
    {
        if (::geteuid() != 0)
            QSKIP("giving a file to another user needs root (the suite's usual runner)");
        const QByteArray original = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, original));
        QVERIFY(::chown(QFile::encodeName(m_path).constData(), Nobody, Nobody) == 0);
        TaskLibrary library(m_path);
        verifyRefused(library, library.load(), TaskLibrary::LoadResult::Problem::Unsafe,
                      QStringLiteral("belongs to user 65534"), original);
        QVERIFY(library.setAsideTasks().isEmpty());
        QByteArray err;
        QCOMPARE(cli({QStringLiteral("list")}, &err), 125);
        QVERIFY2(err.contains("chown 0 "), err.constData());
        QCOMPARE(QFileInfo(m_path).ownerId(), Nobody);
    }

    void unreadableFileIsAPermissionProblem()
    {
        const QByteArray original = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, original));
        TaskLibrary library(m_path);
        TaskLibrary::LoadResult result;
        if (::geteuid() == 0) {
            // chmod 000 does not stop root: read as user 65534 instead. setfsuid() is per
            // thread and drops the file capabilities (CAP_DAC_OVERRIDE) while it is not 0.
            QVERIFY(::chmod(QFile::encodeName(m_config).constData(), 0755) == 0);
            QVERIFY(::chmod(QFile::encodeName(QFileInfo(m_path).absolutePath()).constData(), 0755)
                    == 0);
            QVERIFY(::chmod(QFile::encodeName(m_dir.path()).constData(), 0755) == 0);
            ::setfsuid(Nobody);
            const bool dropped = int(::setfsuid(Nobody)) == int(Nobody);
            result = library.load();
            ::setfsuid(0);
            QCOMPARE(int(::setfsuid(0)), 0);
            QVERIFY(dropped);
        } else {
            QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0) == 0);
            result = library.load();
            ::chmod(QFile::encodeName(m_path).constData(), 0600);
        }
        verifyRefused(library, result, TaskLibrary::LoadResult::Problem::Unreadable,
                      QStringLiteral("permission denied"), original);
    }

    void corruptFileKeepsItsBackup()
    {
        QVERIFY(writeFile(m_path, "{ \"version\": 1, \"tasks\": [ {\"name\": \"half"));
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY(!result.ok);
        QCOMPARE(int(result.problem), int(TaskLibrary::LoadResult::Problem::Corrupt));
        QVERIFY(result.error.contains(QLatin1String("damaged")));
        QVERIFY(!result.backupPath.isEmpty());
        QVERIFY(readFile(result.backupPath).contains("\"half"));
        QVERIFY(!QFileInfo::exists(m_path));
        QString error;
        QVERIFY2(library.save(&error), qPrintable(error)); // the file was kept aside
    }

    void missingFileIsAnEmptyLibrary()
    {
        TaskLibrary library(m_path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY(result.ok);
        QVERIFY(library.tasks().isEmpty());
        QString error;
        QVERIFY2(library.save(&error), qPrintable(error));
    }

    // Each change emits changed() once and is in the file at once; a refused change emits
    // nothing and changes nothing; a change that cannot be saved is kept in memory, said once.
    void changedIsEmittedOncePerChange()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        TaskLibrary library(m_path);
        QSignalSpy changed(&library, &TaskLibrary::changed);
        QSignalSpy saveFailed(&library, &TaskLibrary::saveFailed);
        const auto onDisk = [this] {
            TaskLibrary other(m_path);
            other.load();
            return other.names();
        };
        QVERIFY(library.load().ok);
        QCOMPARE(changed.size(), 1);
        const QString idA = library.find(QStringLiteral("a"))->id;

        Task b = shellTask("b");
        b.dependencies.names = {QStringLiteral("a")}; // b runs a first
        QVERIFY(library.add(b));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(onDisk(), (QStringList{"a", "b"}));
        Task renamed = shellTask("a2");
        QVERIFY(library.replace(idA, renamed));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(onDisk(), (QStringList{"a2", "b"}));
        // The rename is carried into b's dependencies, in memory and in the file.
        QCOMPARE(library.find(QStringLiteral("b"))->dependencies.names, QStringList{"a2"});
        {
            TaskLibrary other(m_path);
            other.load();
            QCOMPARE(other.find(QStringLiteral("b"))->dependencies.names, QStringList{"a2"});
        }
        QCOMPARE(library.find(QStringLiteral("a2"))->id, idA);
        Task otherB = shellTask("b");
        otherB.spec.shellScript = QStringLiteral("false"); // not the library's "b"
        QCOMPARE(library.importTasks({otherB, shellTask("c")}).added,
                 (QStringList{"b (2)", "c"})); // one change for all of them
        QCOMPARE(changed.size(), 4);
        QCOMPARE(onDisk(), (QStringList{"a2", "b", "b (2)", "c"}));
        QVERIFY(library.remove(idA));
        QCOMPARE(changed.size(), 5);
        QCOMPARE(onDisk(), (QStringList{"b", "b (2)", "c"}));

        // Refused: nothing changes, nothing is emitted, nothing is written.
        const QByteArray before = readFile(m_path);
        QVERIFY(!library.add(shellTask("b")));          // a name taken
        QVERIFY(!library.add(shellTask("  ")));         // no name
        QVERIFY(!library.replace(idA, shellTask("x"))); // removed already
        QVERIFY(!library.replace(QString(), shellTask("x")));
        QVERIFY(!library.replace(library.find(QStringLiteral("c"))->id, shellTask("b")));
        QVERIFY(!library.remove(idA));
        QVERIFY(library.importTasks({}).refused);
        QVERIFY(library.importTasks({shellTask("d"), shellTask("")}).refused);
        QVERIFY(library.importTasks({shellTask("c")}).added.isEmpty()); // has it: no change
        QCOMPARE(changed.size(), 5);
        QCOMPARE(library.names(), (QStringList{"b", "b (2)", "c"}));
        QCOMPARE(readFile(m_path), before);
        QCOMPARE(saveFailed.size(), 0);

        // Made, but not saved (where the directory was is a file, even root cannot write
        // there): in memory, said once.
        const QString dir = QFileInfo(m_path).absolutePath();
        QVERIFY(QDir().rename(dir, dir + QLatin1String(".away")));
        QVERIFY(writeFile(dir, "not a directory"));
        const bool added = library.add(shellTask("d"));
        QVERIFY(QFile::remove(dir));
        QVERIFY(QDir().rename(dir + QLatin1String(".away"), dir));
        QVERIFY(added);
        QCOMPARE(changed.size(), 6);
        QCOMPARE(saveFailed.size(), 1);
        QVERIFY2(saveFailed.first().first().toString().contains(m_path),
                 qPrintable(saveFailed.first().first().toString()));
        QVERIFY(library.find(QStringLiteral("d")));
        QCOMPARE(readFile(m_path), before);
    }

    // Importing a file twice adds nothing the second time; a task under a taken name that is
    // not the same task is added under a free name and said; one identical to a copy a former
    // import renamed ("b (2)") is skipped too.
    void importSkipsWhatTheLibraryHas()
    {
        TaskLibrary library(m_path);
        QVERIFY(library.load().ok);
        QVERIFY(library.add(shellTask("a")));
        Task differentB = shellTask("b");
        differentB.spec.shellScript = QStringLiteral("echo mine");
        QVERIFY(library.add(differentB));
        QSignalSpy changed(&library, &TaskLibrary::changed);

        Task withEnv = shellTask("c");
        withEnv.spec.environment.insert(QStringLiteral("X"), QStringLiteral("1"));
        const QList<Task> file{shellTask("a"), shellTask("b"), withEnv};
        TaskLibrary::ImportResult first = library.importTasks(file);
        QCOMPARE(first.skipped, QStringList{"a"});
        QCOMPARE(first.added, (QStringList{"b (2)", "c"}));
        QCOMPARE(first.renamed.size(), 1);
        QCOMPARE(first.renamed.first().first, QStringLiteral("b"));
        QCOMPARE(first.renamed.first().second, QStringLiteral("b (2)"));
        QCOMPARE(changed.size(), 1);

        const QByteArray before = readFile(m_path);
        TaskLibrary::ImportResult again = library.importTasks(file);
        QCOMPARE(again.skipped, (QStringList{"a", "b", "c"}));
        QVERIFY(again.added.isEmpty());
        QVERIFY(again.renamed.isEmpty());
        QCOMPARE(changed.size(), 1); // nothing changed: nothing said, nothing written
        QCOMPARE(readFile(m_path), before);
        QCOMPARE(library.names(), (QStringList{"a", "b", "b (2)", "c"}));

        // One field apart is another task.
        withEnv.spec.environment.insert(QStringLiteral("X"), QStringLiteral("2"));
        TaskLibrary::ImportResult changedC = library.importTasks({withEnv});
        QCOMPARE(changedC.added, QStringList{"c (2)"});
    }

    // The names a task may not take: the other tasks' and the set-aside ones'.
    void takenNamesKeepSetAsideOnes()
    {
        const QByteArray bad = R"({"name": "bad", "timeoutMs": "1"})";
        QVERIFY(writeFile(m_path, libraryJson({good("a"), bad, good("b")})));
        TaskLibrary library(m_path);
        QVERIFY(library.load().ok);
        QCOMPARE(library.takenNames(), (QStringList{"a", "b", "bad"}));
        QCOMPARE(library.takenNames(library.find(QStringLiteral("a"))->id),
                 (QStringList{"b", "bad"}));
        QVERIFY(!library.add(shellTask("bad")));
        QCOMPARE(library.uniqueName(QStringLiteral("bad")), QStringLiteral("bad (2)"));
    }

    // Nothing is saved before the file has been read: it must not go over tasks it never saw.
    void nothingIsSavedBeforeLoad()
    {
        const QByteArray original = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, original));
        TaskLibrary library(m_path);
        QSignalSpy saveFailed(&library, &TaskLibrary::saveFailed);
        QVERIFY(library.add(shellTask("b")));
        QCOMPARE(saveFailed.size(), 1);
        QCOMPARE(readFile(m_path), original);
    }

    // The file changed from outside - replaced by a rename (a new inode, twice: the watch
    // follows), then written in place - is read back, once each; our own saves, a touch and a
    // chmod that changes nothing are not.
    void outsideChangesAreReadBack()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        WatchedLibrary watched(m_path);
        TaskLibrary &library = watched.library;
        QVERIFY(watched.loaded.ok);

        QVERIFY(library.add(shellTask("mine")));
        QCOMPARE(watched.changed.size(), 1);
        QTest::qWait(TaskLibrary::SettleMs * 3); // our own save's events come and go
        QVERIFY(::utimes(QFile::encodeName(m_path).constData(), nullptr) == 0);
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0600) == 0);
        QTest::qWait(TaskLibrary::SettleMs * 3);

        QVERIFY(replaceFile(m_path, libraryJson({good("b")})));
        // Read back once the file has been quiet for SettleMs.
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 2, GenerousMs);
        QCOMPARE(library.names(), QStringList{"b"});
        QVERIFY(replaceFile(m_path, libraryJson({good("c")})));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 3, GenerousMs);
        QCOMPARE(library.names(), QStringList{"c"});
        QVERIFY(overwriteFile(m_path, libraryJson({good("d"), good("e")})));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 4, GenerousMs);
        QCOMPARE(library.names(), (QStringList{"d", "e"}));
        // Another instance's change, made through its own library object.
        TaskLibrary other(m_path);
        QVERIFY(other.load().ok);
        QVERIFY(other.remove(other.find(QStringLiteral("d"))->id));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 5, GenerousMs);
        QCOMPARE(library.names(), QStringList{"e"});
        QCOMPARE(library.find(QStringLiteral("e"))->id, other.find(QStringLiteral("e"))->id);

        QTest::qWait(TaskLibrary::ConfirmMs + TaskLibrary::SettleMs);
        QCOMPARE(watched.changed.size(), 5); // the own save was not read back, nor the touch
        QCOMPARE(watched.problems.size(), 0);
        QCOMPARE(watched.saveFailed.size(), 0);
    }

    // A change made here right after one made outside, before the watch has said so: the file
    // is read first, so the outside change is kept, not saved over.
    void aChangeHereReadsTheFileFirst()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        WatchedLibrary watched(m_path);
        QVERIFY(replaceFile(m_path, libraryJson({good("a"), good("outside")})));
        QVERIFY(watched.library.add(shellTask("here"))); // no event loop turn in between
        QCOMPARE(watched.changed.size(), 2);             // read back, then the change
        TaskLibrary onDisk(m_path);
        QVERIFY(onDisk.load().ok);
        QCOMPARE(onDisk.names(), (QStringList{"a", "outside", "here"}));
    }

    // A file changed outside into one that cannot be taken keeps what was loaded, moves
    // nothing, is not saved over, and says why - once; fixed, it is read back.
    void badOutsideChangeKeepsWhatWasLoaded_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("damaged") << "damaged"
                                 << "is damaged";
        QTest::newRow("group-writable") << "group-writable"
                                        << "chmod go-w";
        QTest::newRow("a FIFO") << "fifo"
                                << "FIFO";
        QTest::newRow("set-aside task: read, and said") << "set-aside"
                                                        << "set aside";
    }
    void badOutsideChangeKeepsWhatWasLoaded()
    {
        QFETCH(QString, kind);
        QFETCH(QString, says);
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        WatchedLibrary watched(m_path);
        TaskLibrary &library = watched.library;
        const QByteArray path = QFile::encodeName(m_path);
        QByteArray bad;
        if (kind == QLatin1String("damaged")) {
            bad = "{\"version\": 1, \"tasks\": [";
            QVERIFY(replaceFile(m_path, bad));
        } else if (kind == QLatin1String("group-writable")) {
            bad = readFile(m_path);
            QVERIFY(::chmod(path.constData(), 0660) == 0);
        } else if (kind == QLatin1String("fifo")) {
            const QByteArray fifo = path + ".fifo";
            QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
            QVERIFY(::rename(fifo.constData(), path.constData()) == 0);
        } else {
            QVERIFY(replaceFile(m_path, libraryJson({good("a"), R"({"name": "x", "pty": 1})"})));
        }
        // Said once it has stayed so for ConfirmMs.
        QTRY_COMPARE_WITH_TIMEOUT(watched.problems.size(), 1, GenerousMs);
        const QString said = watched.problems.first().first().toString();
        QVERIFY2(said.contains(says) && said.contains(m_path), qPrintable(said));
        if (kind == QLatin1String("set-aside")) {
            QCOMPARE(watched.changed.size(), 1);
            QCOMPARE(library.names(), QStringList{"a"});
            QCOMPARE(library.setAsideTasks().size(), 1);
            return;
        }
        QCOMPARE(watched.changed.size(), 0);
        QCOMPARE(library.names(), QStringList{"a"});
        QVERIFY(backups(QFileInfo(m_path).absolutePath()).isEmpty());
        if (!bad.isEmpty())
            QCOMPARE(readFile(m_path), bad);
        QString error;
        QVERIFY(!library.save(&error));
        QVERIFY2(error.contains(QLatin1String("not saved over")), qPrintable(error));

        ::unlink(path.constData());
        QVERIFY(replaceFile(m_path, libraryJson({good("a"), good("fixed")})));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 1, GenerousMs);
        QCOMPARE(library.names(), (QStringList{"a", "fixed"}));
        QVERIFY2(library.save(&error), qPrintable(error));
        QCOMPARE(watched.problems.size(), 1);
    }

    // An editor caught half-way through writing the file in place: nothing is said if the
    // file is whole again within ConfirmMs.
    void halfWrittenFileIsGivenTime()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        WatchedLibrary watched(m_path);
        QVERIFY(overwriteFile(m_path, "{\"version\": 1, \"tasks\": [{\"name\""));
        QTest::qWait(TaskLibrary::SettleMs * 2);
        QVERIFY(overwriteFile(m_path, libraryJson({good("a"), good("b")})));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 1, GenerousMs);
        QCOMPARE(watched.library.names(), (QStringList{"a", "b"}));
        QTest::qWait(TaskLibrary::ConfirmMs + TaskLibrary::SettleMs);
        QCOMPARE(watched.problems.size(), 0);
    }

    // A file refused at load (not safe) and then fixed is read, when nothing was added
    // meanwhile; saving works from then on.
    void refusedFileIsReadOnceFixed()
    {
        QVERIFY(writeFile(m_path, libraryJson({good("a")})));
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0620) == 0);
        WatchedLibrary watched(m_path);
        QVERIFY(!watched.loaded.ok);
        QVERIFY(!watched.library.saveRefusal().isEmpty());
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0600) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 1, GenerousMs);
        QCOMPARE(watched.library.names(), QStringList{"a"});
        QVERIFY(watched.library.saveRefusal().isEmpty());
        QVERIFY(watched.library.add(shellTask("b")));
        QCOMPARE(watched.saveFailed.size(), 0);
    }

    // The file changed outside while a change made here is not in it (saving was refused):
    // neither is given up - the window keeps its tasks, the file is not read back and not
    // saved over, and the user is told to export.
    void outsideChangeNeverDropsUnsavedChanges()
    {
        const QByteArray original = libraryJson({good("a")});
        QVERIFY(writeFile(m_path, original));
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0620) == 0);
        WatchedLibrary watched(m_path);
        QVERIFY(watched.library.add(shellTask("mine")));
        QCOMPARE(watched.saveFailed.size(), 1);
        QVERIFY(::chmod(QFile::encodeName(m_path).constData(), 0600) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(watched.problems.size(), 1, GenerousMs);
        const QString said = watched.problems.first().first().toString();
        QVERIFY2(said.contains(QLatin1String("Export")), qPrintable(said));
        QCOMPARE(watched.changed.size(), 1); // the add, nothing read back
        QCOMPARE(watched.library.names(), QStringList{"mine"});
        QVERIFY(watched.library.add(shellTask("more")));
        QCOMPARE(watched.saveFailed.size(), 2);
        QCOMPARE(readFile(m_path), original);
    }

    // No directory at first: the watch waits above it; the file appears, then goes (an empty
    // library, as at load).
    void fileCreatedThenDeleted()
    {
        QVERIFY(QDir(m_config).removeRecursively());
        WatchedLibrary watched(m_path);
        QVERIFY(watched.loaded.ok);
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
        QVERIFY(replaceFile(m_path, libraryJson({good("new")})));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 1, GenerousMs);
        QCOMPARE(watched.library.names(), QStringList{"new"});
        QVERIFY(QFile::remove(m_path));
        QTRY_COMPARE_WITH_TIMEOUT(watched.changed.size(), 2, GenerousMs);
        QVERIFY(watched.library.tasks().isEmpty());
        QCOMPARE(watched.problems.size(), 0);
    }

    // Program arguments as the editor shows them (joinShellWords) and reads them back
    // (splitShellWords): the same list, whatever the arguments hold.
    void argumentsRoundTrip_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("none") << QStringList{};
        QTest::newRow("plain") << QStringList{"-l", "a", "b.txt"};
        QTest::newRow("empty") << QStringList{""};
        QTest::newRow("empty between") << QStringList{"a", "", "b"};
        QTest::newRow("space") << QStringList{"a b"};
        QTest::newRow("apostrophe") << QStringList{"it's"};
        QTest::newRow("double quotes") << QStringList{"say \"hi\""};
        QTest::newRow("backslash") << QStringList{"\\"};
        QTest::newRow("backslash at end") << QStringList{"C:\\dir\\"};
        QTest::newRow("all of them") << QStringList{"", "a b", "it's", "say \"hi\"", "\\", "''"};
        QTest::newRow("dollar and backtick") << QStringList{"$HOME", "`id`"};
        QTest::newRow("tab and newline") << QStringList{"a\tb", "c\nd"};
        QTest::newRow("not UTF-8 byte kept") << QStringList{QString(QChar(0xDCE9))};
    }
    void argumentsRoundTrip()
    {
        QFETCH(QStringList, arguments);
        const QString text = joinShellWords(arguments);
        QString why;
        const std::optional<QStringList> back = splitShellWords(text, &why);
        QVERIFY2(back, qPrintable(text + QLatin1String(": ") + why));
        QCOMPARE(*back, arguments);
    }

    // What a user types is read as bash would read it, without expansion.
    void argumentsSplitAsTheShellDoes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("spaces") << "  a   b  " << QStringList{"a", "b"};
        QTest::newRow("double quoted") << "\"a b\" c" << QStringList{"a b", "c"};
        QTest::newRow("single quoted") << "'a \"b\"'" << QStringList{"a \"b\""};
        QTest::newRow("empty quotes") << "'' \"\"" << QStringList{"", ""};
        QTest::newRow("backslash escapes") << "a\\ b \\'" << QStringList{"a b", "'"};
        QTest::newRow("in double quotes") << "\"\\\" \\$ \\x\"" << QStringList{"\" $ \\x"};
        QTest::newRow("joined parts") << "a'b'\"c\"" << QStringList{"abc"};
        QTest::newRow("no expansion") << "$HOME *" << QStringList{"$HOME", "*"};
    }
    void argumentsSplitAsTheShellDoes()
    {
        QFETCH(QString, text);
        const std::optional<QStringList> split = splitShellWords(text);
        QVERIFY(split);
        QTEST(*split, "arguments");
    }

    void unclosedQuoteIsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("single") << "a 'b";
        QTest::newRow("double") << "\"a";
        QTest::newRow("trailing backslash") << "a \\";
    }
    void unclosedQuoteIsRefused()
    {
        QFETCH(QString, text);
        QString why;
        QVERIFY(!splitShellWords(text, &why));
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TaskLibraryTest)
#include "tst_tasklibrary.moc"
