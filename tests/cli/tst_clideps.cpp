// taskrunner-cli run --task NAME of a task with dependencies, as a user runs it: the order and
// the prefixes of the tasks' lines, the exit status of the first failure, what is skipped and
// said, the group in the history, and signals that leave no process of any task behind
// (looked for in /proc).

#include "procprobe.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
constexpr int GenerousMs = 60'000;

// One task of the library file: "name", its script, its dependencies, parallel or not.
QJsonObject task(const QString &name, const QString &script, const QStringList &dependsOn = {},
                 bool parallel = false)
{
    QJsonObject object{{QStringLiteral("name"), name},
                       {QStringLiteral("mode"), QStringLiteral("shell")},
                       {QStringLiteral("script"), script}};
    if (!dependsOn.isEmpty()) {
        object[QStringLiteral("dependsOn")] = QJsonArray::fromStringList(dependsOn);
        object[QStringLiteral("dependencyOrder")]
            = parallel ? QStringLiteral("parallel") : QStringLiteral("sequence");
    }
    return object;
}
} // namespace

class CliDepsTest : public QObject
{
    Q_OBJECT

private:
    QByteArray m_marker;
    QTemporaryDir m_dir;
    int m_case = 0;

    QString configDir() const { return m_dir.filePath(QStringLiteral("config-%1").arg(m_case)); }
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data-%1").arg(m_case)); }

    void writeLibrary(const QList<QJsonObject> &tasks)
    {
        QDir().mkpath(configDir() + QStringLiteral("/taskrunner"));
        QJsonArray array;
        for (const QJsonObject &each : tasks)
            array.append(each);
        QFile file(configDir() + QStringLiteral("/taskrunner/tasks.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(
                       QJsonObject{{QStringLiteral("format"), QStringLiteral("taskrunner-library")},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("tasks"), array}})
                       .toJson());
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }

    void setUp(QProcess &cli, const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir());
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataDir());
        cli.setProcessEnvironment(env);
        cli.setProgram(QStringLiteral(TASKRUNNER_CLI));
        cli.setArguments(arguments);
    }

    struct Ran
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Ran run(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess cli;
        setUp(cli, arguments);
        cli.start();
        cli.write(input);
        cli.closeWriteChannel();
        Ran ran;
        if (!cli.waitForFinished(GenerousMs)) {
            cli.kill();
            cli.waitForFinished();
            ran.err = "(did not finish)";
            return ran;
        }
        ran.exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
        ran.out = cli.readAllStandardOutput();
        ran.err = cli.readAllStandardError();
        return ran;
    }

private Q_SLOTS:
    void init()
    {
        ++m_case;
        m_marker = ProcProbe::newMarker();
    }
    void cleanup() { ProcProbe::killAllWithMarker(m_marker); }

    // In sequence: the dependencies first, in their order, each line prefixed with its task's
    // name on stdout and stderr alike (a line written in two pieces is still one line); only
    // the task itself reads our stdin.
    void sequencePrefixesEachTasksLines()
    {
        writeLibrary({task(QStringLiteral("build"),
                           QStringLiteral("echo compiling; printf 'half '; sleep 0.2; echo line; "
                                          "echo warning >&2; cat")),
                      task(QStringLiteral("test"), QStringLiteral("echo testing")),
                      task(QStringLiteral("deploy"), QStringLiteral("echo deploying; cat"),
                           {QStringLiteral("build"), QStringLiteral("test")})});
        const Ran ran = run(
            {QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("deploy")}, "typed\n");
        QCOMPARE(ran.exitCode, 0);
        QCOMPARE(ran.out, QByteArray("[build] compiling\n[build] half line\n[test] testing\n"
                                     "[deploy] deploying\n[deploy] typed\n"));
        QCOMPARE(ran.err, QByteArray("[build] warning\n"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // --no-prefix: the bytes as the tasks wrote them; a task without dependencies runs alone,
    // unprefixed, as before.
    void noPrefixAndTheSingleTask()
    {
        writeLibrary({task(QStringLiteral("build"), QStringLiteral("echo compiling")),
                      task(QStringLiteral("deploy"), QStringLiteral("printf deploying"),
                           {QStringLiteral("build")})});
        Ran ran = run({QStringLiteral("run"), QStringLiteral("--no-prefix"),
                       QStringLiteral("--task"), QStringLiteral("deploy")});
        QCOMPARE(ran.exitCode, 0);
        QCOMPARE(ran.out, QByteArray("compiling\ndeploying"));
        ran = run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("build")});
        QCOMPARE(ran.exitCode, 0);
        QCOMPARE(ran.out, QByteArray("compiling\n"));
    }

    // The first failure's exit status; what had not started is skipped, and stderr says so;
    // in parallel a dependency still running goes on to its end, and its later failure does
    // not change the status.
    void firstFailureGivesTheStatus_data()
    {
        QTest::addColumn<bool>("parallel");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("out");
        QTest::addColumn<QByteArray>("said");
        QTest::newRow("sequence")
            << false << 3 << QByteArray("[slow] slow\n")
            << QByteArray("taskrunner-cli: 'broken' exited with code 3; skipped: deploy\n");
        QTest::newRow("parallel") << true << 3 << QByteArray("[slow] slow\n")
                                  << QByteArray("taskrunner-cli: 'broken' exited with code 3; "
                                                "skipped: deploy\n");
    }
    void firstFailureGivesTheStatus()
    {
        QFETCH(bool, parallel);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, said);
        writeLibrary({task(QStringLiteral("slow"), QStringLiteral("sleep 0.5; echo slow; exit "
                                                                  "%1")
                                                       .arg(parallel ? 5 : 0)),
                      task(QStringLiteral("broken"), QStringLiteral("exit 3")),
                      task(QStringLiteral("deploy"), QStringLiteral("echo deploying"),
                           {QStringLiteral("slow"), QStringLiteral("broken")}, parallel)});
        const Ran ran
            = run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("deploy")});
        QCOMPARE(ran.exitCode, exitCode);
        QCOMPARE(ran.out, out);
        QCOMPARE(ran.err, said);
    }

    // Every run is in the history under one group, the skipped ones too.
    void theGroupIsRecorded()
    {
        writeLibrary({task(QStringLiteral("build"), QStringLiteral("exit 2")),
                      task(QStringLiteral("deploy"), QStringLiteral("echo deploying"),
                           {QStringLiteral("build")})});
        QCOMPARE(run({QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("deploy")})
                     .exitCode,
                 2);
        const Ran history = run({QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(history.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(history.out).array();
        QCOMPARE(rows.size(), 2);
        const QJsonObject deploy = rows.at(0).toObject(); // newest first
        const QJsonObject build = rows.at(1).toObject();
        QCOMPARE(deploy.value(QStringLiteral("task")).toString(), QStringLiteral("deploy"));
        QCOMPARE(deploy.value(QStringLiteral("outcome")).toString(), QStringLiteral("skipped"));
        QCOMPARE(deploy.value(QStringLiteral("trigger")).toString(), QStringLiteral("cli"));
        QCOMPARE(build.value(QStringLiteral("trigger")).toString(), QStringLiteral("dependency"));
        QCOMPARE(build.value(QStringLiteral("exitCode")).toInt(), 2);
        QVERIFY(!deploy.value(QStringLiteral("group")).toString().isEmpty());
        QCOMPARE(deploy.value(QStringLiteral("group")), build.value(QStringLiteral("group")));
    }

    // A cycle or a name that is no saved task starts nothing: 125, with the path.
    void refusals_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("said");
        QTest::newRow("cycle") << QStringLiteral("a")
                               << QByteArray("taskrunner-cli: The dependencies form a cycle: "
                                             "a → b → a.\n");
        QTest::newRow("unknown") << QStringLiteral("c")
                                 << QByteArray("taskrunner-cli: \"c\" depends on \"gone\", which "
                                               "is not a saved task.\n");
    }
    void refusals()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, said);
        writeLibrary(
            {task(QStringLiteral("a"), QStringLiteral("echo a"), {QStringLiteral("b")}),
             task(QStringLiteral("b"), QStringLiteral("echo b"), {QStringLiteral("a")}),
             task(QStringLiteral("c"), QStringLiteral("echo c"), {QStringLiteral("gone")})});
        const Ran ran = run({QStringLiteral("run"), QStringLiteral("--task"), target});
        QCOMPARE(ran.exitCode, 125);
        QCOMPARE(ran.out, QByteArray());
        QCOMPARE(ran.err, said);
    }

    // A signal stops every running task of the group (in parallel, two at once), skips the
    // rest, and exits 128+N; no process of any task survives.
    void signalStopsEveryTask_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("SIGTERM") << int(SIGTERM) << 143;
        QTest::newRow("SIGINT") << int(SIGINT) << 130;
    }
    void signalStopsEveryTask()
    {
        QFETCH(int, signal);
        QFETCH(int, exitCode);
        const QString ready = m_dir.filePath(QStringLiteral("ready-%1").arg(m_case));
        writeLibrary(
            {task(QStringLiteral("server"), QStringLiteral("sleep 300 & sleep 300; wait")),
             task(QStringLiteral("watcher"), QStringLiteral("(setsid sleep 300 &); sleep 300")),
             task(QStringLiteral("deploy"), QStringLiteral("touch '%1'").arg(ready),
                  {QStringLiteral("server"), QStringLiteral("watcher")}, true)});
        QProcess cli;
        setUp(cli, {QStringLiteral("run"), QStringLiteral("--task"), QStringLiteral("deploy")});
        cli.start();
        QVERIFY(cli.waitForStarted(GenerousMs));
        // The CLI; bash and two sleeps of the server; setsid's sleep and the sleep bash became
        // (the last command of a script is exec'ed) of the watcher.
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1 + 5, GenerousMs);
        ::kill(cli.processId(), signal);
        QVERIFY(cli.waitForFinished(GenerousMs));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), exitCode);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QVERIFY(!QFile::exists(ready)); // the task itself never ran
    }
};

QTEST_GUILESS_MAIN(CliDepsTest)
#include "tst_clideps.moc"
