#include "procprobe.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int GenerousMs = 60'000;
}

// taskrunner-cli run --task with parameters (--param), placeholders and a .env file: what runs,
// and the refusals (125) that start nothing.
class CliParamsTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_marker;

    // One saved task, "t": a shell script printing what it got, with these extra fields.
    void writeTask(const QString &script, const QJsonObject &fields)
    {
        QJsonObject task = fields;
        task["name"] = "t";
        task["mode"] = "shell";
        task["script"] = script;
        task["workingDirectory"] = m_dir.path();
        QJsonObject root;
        root["format"] = "taskrunner-library";
        root["version"] = 1;
        root["tasks"] = QJsonArray{task};
        QDir().mkpath(m_dir.filePath("config/taskrunner"));
        QFile file(m_dir.filePath("config/taskrunner/tasks.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
    }
    void writeFile(const QString &name, const QByteArray &text)
    {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    int run(const QStringList &arguments, QByteArray *out, QByteArray *err)
    {
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), "1");
        env.insert("XDG_CONFIG_HOME", m_dir.filePath("config"));
        env.insert("XDG_DATA_HOME", m_dir.filePath("data"));
        env.insert("TASKRUNNER_CONTAINMENT", "proc");
        env.insert("FROM_OUTSIDE", "outside");
        cli.setProcessEnvironment(env);
        cli.setProgram(TASKRUNNER_CLI);
        cli.setArguments(QStringList{"run", "--no-history"} + arguments);
        cli.start();
        if (!cli.waitForFinished(GenerousMs))
            return -1;
        *out = cli.readAllStandardOutput();
        *err = cli.readAllStandardError();
        return cli.exitCode();
    }
    QJsonObject inputsOf(const QJsonArray &inputs)
    {
        QJsonObject fields;
        fields["inputs"] = inputs;
        return fields;
    }

private Q_SLOTS:
    void init() { m_marker = ProcProbe::newMarker(); }
    void cleanup() { ProcProbe::killAllWithMarker(m_marker); }

    void paramsAndDefaults_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("out");
        QTest::addColumn<QByteArray>("err"); // contained in stderr
        QTest::newRow("given and default")
            << QStringList{"--param", "target=web", "--task", "t"} << 0
            << QByteArray("debug web outside ${home}\n") << QByteArray();
        QTest::newRow("inline form, choice given")
            << QStringList{"--param=mode=release", "--param", "target=a b", "--task", "t"} << 0
            << QByteArray("release a b outside ${home}\n") << QByteArray();
        QTest::newRow("empty is a value") << QStringList{"--param", "target=", "--task", "t"} << 0
                                          << QByteArray("debug  outside ${home}\n") << QByteArray();
        QTest::newRow("missing one") << QStringList{"--task", "t"} << 125 << QByteArray()
                                     << QByteArray("taskrunner-cli: Parameter 'target' has no "
                                                   "value.\ntaskrunner-cli: give it with "
                                                   "--param target=VALUE\n");
        QTest::newRow("unknown one")
            << QStringList{"--param", "target=x", "--param", "nope=1", "--task", "t"} << 125
            << QByteArray()
            << QByteArray("taskrunner-cli: The task \"t\" has no parameter \"nope\" (it has: "
                          "mode, target).\n");
        QTest::newRow("not a choice")
            << QStringList{"--param", "target=x", "--param", "mode=fast", "--task", "t"} << 125
            << QByteArray()
            << QByteArray("Parameter 'mode' is \"fast\", not one of: debug, "
                          "release.");
        QTest::newRow("not NAME=VALUE")
            << QStringList{"--param", "target", "--task", "t"} << 125 << QByteArray()
            << QByteArray("--param: 'target' is not NAME=VALUE");
        QTest::newRow("given twice")
            << QStringList{"--param", "target=1", "--param", "target=2", "--task", "t"} << 125
            << QByteArray() << QByteArray("--param target is given twice");
        QTest::newRow("without --task")
            << QStringList{"--param", "a=1", "--shell", "true"} << 125 << QByteArray()
            << QByteArray("--param is for a saved task's parameters");
    }
    void paramsAndDefaults()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, err);
        writeTask("echo \"${input:mode} ${input:target} ${env:FROM_OUTSIDE}\" '$${home}'",
                  inputsOf({QJsonObject{{"name", "mode"},
                                        {"default", "debug"},
                                        {"choices", QJsonArray{"debug", "release"}}},
                            QJsonObject{{"name", "target"}, {"prompt", "Target"}}}));
        QByteArray gotOut, gotErr;
        QCOMPARE(run(arguments, &gotOut, &gotErr), exitCode);
        QCOMPARE(gotOut, out);
        QVERIFY2(gotErr.contains(err), gotErr.constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Built-ins: ${taskDir} is the working directory, ${home} the user's, ${date} today.
    void builtIns()
    {
        writeTask("echo \"${taskDir}|${home}|${date}\"", {});
        QByteArray out, err;
        QCOMPARE(run({"--task", "t"}, &out, &err), 0);
        const QList<QByteArray> parts = out.trimmed().split('|');
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0], QFile::encodeName(m_dir.path()));
        QCOMPARE(parts[1], QFile::encodeName(QDir::homePath()));
        QCOMPARE(parts[2], QDate::currentDate().toString(Qt::ISODate).toUtf8());
    }

    // The .env file's variables come under the task's own; the task's win.
    void dotEnvMergedUnderTheTasksVariables()
    {
        writeFile("vars.env", "# settings\nexport SHARED=from-file\nONLY_FILE='a $b'\n"
                              "QUOTED=\"x\\ny\" # comment\n");
        QJsonObject fields;
        fields["envFile"] = "vars.env";
        fields["environment"] = QJsonObject{{"SHARED", "from-task"}};
        writeTask("printf '%s|%s|%s\\n' \"$SHARED\" \"$ONLY_FILE\" \"$QUOTED\"", fields);
        QByteArray out, err;
        QCOMPARE(run({"--task", "t"}, &out, &err), 0);
        QCOMPARE(out, QByteArray("from-task|a $b|x\ny\n"));
        // --env is the task's own too: over the file's
        QCOMPARE(run({"--env", "ONLY_FILE=cli", "--task", "t"}, &out, &err), 0);
        QCOMPARE(out, QByteArray("from-task|cli|x\ny\n"));
    }

    // A .env file that cannot be used starts nothing: 125 and the file's line.
    void badDotEnvStartsNothing_data()
    {
        QTest::addColumn<QByteArray>("text"); // empty: no file at all
        QTest::addColumn<QByteArray>("err");
        QTest::newRow("malformed") << QByteArray("A=1\n\nthis is not a variable\n")
                                   << QByteArray("bad.env:3: no '=' in it (a line is NAME=value)");
        QTest::newRow("quote left open")
            << QByteArray("A='x\n") << QByteArray("bad.env:1: the ' is not closed");
        QTest::newRow("missing") << QByteArray() << QByteArray("bad.env: cannot be read: ");
    }
    void badDotEnvStartsNothing()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, err);
        QFile::remove(m_dir.filePath("bad.env"));
        if (!text.isEmpty())
            writeFile("bad.env", text);
        const QString ran = m_dir.filePath("ran");
        QFile::remove(ran);
        QJsonObject fields;
        fields["envFile"] = "bad.env";
        writeTask("touch ran", fields);
        QByteArray out, gotErr;
        QCOMPARE(run({"--task", "t"}, &out, &gotErr), 125);
        const QByteArray start = "taskrunner-cli: The .env file " + QFile::encodeName(m_dir.path());
        QVERIFY2(gotErr.startsWith(start), gotErr.constData());
        QVERIFY2(gotErr.contains(err), gotErr.constData());
        QVERIFY(!QFileInfo::exists(ran));
    }

    // watch --task prepares the task as run --task does: a bad .env, or a parameter without a
    // default, starts no watch at all.
    void watchTaskIsPreparedToo()
    {
        writeFile("bad.env", "A=1\noops\n");
        QJsonObject fields;
        fields["envFile"] = "bad.env";
        fields["watch"] = QJsonObject{{"paths", QJsonArray{m_dir.path()}}};
        writeTask("true", fields);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), "1");
        env.insert("XDG_CONFIG_HOME", m_dir.filePath("config"));
        env.insert("XDG_DATA_HOME", m_dir.filePath("data"));
        cli.setProcessEnvironment(env);
        cli.setProgram(TASKRUNNER_CLI);
        cli.setArguments({"watch", "--task", "t"});
        cli.start();
        QVERIFY(cli.waitForFinished(GenerousMs));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 125);
        QVERIFY2(err.contains("bad.env:2: no '=' in it"), err.constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_GUILESS_MAIN(CliParamsTest)
#include "tst_cliparams.moc"
