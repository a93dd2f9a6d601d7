#include "placeholders.h"
#include "runpreparation.h"
#include "taskinputs.h"
#include "tasklibrary.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A lookup of fixed values: inputs by name, env:NAME by name, built-ins by name.
Placeholders::Lookup fixedValues()
{
    return [](const Placeholder &p) -> std::optional<QString> {
        static const QMap<QString, QString> inputs{{"mode", "release"}, {"empty", ""}};
        static const QMap<QString, QString> env{{"USER", "ada"}};
        static const QMap<QString, QString> builtIn{
            {"home", "/home/ada"}, {"date", "2026-11-26"}, {"taskDir", "/src"}};
        const QMap<QString, QString> &map = p.kind == Placeholder::Kind::Input         ? inputs
                                            : p.kind == Placeholder::Kind::Environment ? env
                                                                                       : builtIn;
        return map.contains(p.name) ? std::optional<QString>(map.value(p.name)) : std::nullopt;
    };
}

Task taskWith(const QString &script, const QList<TaskInput> &inputs = {})
{
    Task task;
    task.name = "t";
    task.id = Task::newId();
    task.spec = TaskSpec::forShell(script);
    task.inputs.inputs = inputs;
    return task;
}

TaskInput input(const QString &name, std::optional<QString> defaultValue = std::nullopt,
                const QStringList &choices = {})
{
    TaskInput in;
    in.name = name;
    in.defaultValue = defaultValue;
    in.choices = choices;
    return in;
}

RunPreparation::Context fixedContext(const QString &ownDir = "/work")
{
    RunPreparation::Context context;
    context.now = QDateTime(QDate(2026, 3, 29), QTime(2, 30, 5));
    context.home = "/home/ada";
    context.ownDirectory = ownDir;
    context.environment = [](const QString &name) -> std::optional<QString> {
        if (name == "USER")
            return QString("ada");
        return std::nullopt;
    };
    return context;
}

} // namespace

class PlaceholdersTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expand_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expanded"); // "!" + why when refused
        QTest::newRow("plain text") << "make all"
                                    << "make all";
        QTest::newRow("input") << "make ${input:mode}"
                               << "make release";
        QTest::newRow("input twice") << "${input:mode}/${input:mode}"
                                     << "release/release";
        QTest::newRow("empty value is a value") << "[${input:empty}]"
                                                << "[]";
        QTest::newRow("env") << "hi ${env:USER}"
                             << "hi ada";
        QTest::newRow("built-ins") << "${home}/${date} in ${taskDir}"
                                   << "/home/ada/2026-11-26 in /src";
        QTest::newRow("shell's braces left alone") << "echo ${HOME} ${x:-y} ${line:i:1}"
                                                   << "echo ${HOME} ${x:-y} ${line:i:1}";
        QTest::newRow("unknown namespace left alone") << "${foo:bar}"
                                                      << "${foo:bar}";
        QTest::newRow("an open brace of the shell") << "echo ${"
                                                    << "echo ${";
        QTest::newRow("escaped built-in") << "echo $${home}"
                                          << "echo ${home}";
        QTest::newRow("escaped input") << "$${input:nothing}"
                                       << "${input:nothing}";
        QTest::newRow("$$ before the shell's brace stays") << "echo $${HOME}"
                                                           << "echo $${HOME}";
        QTest::newRow("pid stays") << "echo $$ $"
                                   << "echo $$ $";
        QTest::newRow("escaped then real") << "$${date}=${date}"
                                           << "${date}=2026-11-26";
        QTest::newRow("no value") << "${input:missing}"
                                  << "!${input:missing} has no value";
        QTest::newRow("env not set") << "${env:NOPE}"
                                     << "!${env:NOPE} has no value";
        QTest::newRow("empty input name") << "${input:}"
                                          << "!\"${input:}\" names nothing";
        QTest::newRow("bad input name")
            << "${input:a b}"
            << "!\"${input:a b}\": \"a b\" is not a valid parameter name";
        QTest::newRow("bad env name") << "${env:1X}"
                                      << "!\"${env:1X}\": \"1X\" is not a valid variable name";
        QTest::newRow("not closed") << "x ${input:mode"
                                    << "!\"${input:\" is not closed with }";
        QTest::newRow("case matters: ${Home} is the shell's") << "${Home}"
                                                              << "${Home}";
        QTest::newRow("value holding a placeholder is not expanded again") << "${input:mode}${"
                                                                           << "release${";
    }
    void expand()
    {
        QFETCH(QString, text);
        QFETCH(QString, expanded);
        QString why;
        const std::optional<QString> result = Placeholders::expand(text, fixedValues(), &why);
        if (expanded.startsWith('!')) {
            QVERIFY2(!result, qPrintable("expanded to " + result.value_or(QString())));
            QCOMPARE(why, expanded.mid(1));
        } else {
            QVERIFY2(result, qPrintable(why));
            QCOMPARE(*result, expanded);
        }
    }

    void valuesAreNotExpandedAgain()
    {
        // A value that looks like a placeholder is text: one pass, never two.
        const auto lookup
            = [](const Placeholder &) -> std::optional<QString> { return QString("${home}"); };
        QCOMPARE(Placeholders::expand("${input:x}", lookup).value_or("!"), QString("${home}"));
    }

    // Any text, however garbled: expanding asks for exactly the placeholders scan() finds, and
    // fails exactly when scan() finds a problem (with values for all).
    void scanAndExpandAgreeOnAnyText()
    {
        QRandomGenerator random(12); // fixed: a failure repeats
        const QString alphabet = "${}$:inputenvhomedateTimDrx _-$${{}";
        for (int round = 0; round < 20000; ++round) {
            QString text;
            const int length = int(random.bounded(24));
            for (int i = 0; i < length; ++i) {
                // Whole words now and then, so that real placeholders come up too.
                switch (random.bounded(8)) {
                case 0:
                    text += "${input:";
                    break;
                case 1:
                    text += "${date}";
                    break;
                case 2:
                    text += "$${";
                    break;
                default:
                    text += alphabet.at(int(random.bounded(alphabet.size())));
                }
            }
            const Placeholders::Scan scan = Placeholders::scan(text);
            QList<Placeholder> asked;
            const auto lookup = [&asked](const Placeholder &p) -> std::optional<QString> {
                asked.append(p);
                return QString("<v>");
            };
            QString why;
            const std::optional<QString> expanded = Placeholders::expand(text, lookup, &why);
            QVERIFY2(expanded.has_value() == scan.problems.isEmpty(),
                     qPrintable(text + " -> " + why));
            if (expanded)
                QVERIFY2(asked == scan.used, qPrintable(text));
        }
    }

    void scan_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("used");
        QTest::addColumn<int>("problems");
        QTest::newRow("none") << "echo ${HOME}" << QStringList() << 0;
        QTest::newRow("each kind") << "${input:a} ${env:B} ${date}"
                                   << QStringList{"${input:a}", "${env:B}", "${date}"} << 0;
        QTest::newRow("escaped is not used") << "$${input:a}" << QStringList() << 0;
        QTest::newRow("malformed") << "${input:} ${env:-}" << QStringList() << 2;
    }
    void scan()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, used);
        QFETCH(int, problems);
        const Placeholders::Scan scan = Placeholders::scan(text);
        QStringList texts;
        for (const Placeholder &p : scan.used)
            texts.append(p.text());
        QCOMPARE(texts, used);
        QCOMPARE(scan.problems.size(), problems);
    }

    void inputNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("word") << "mode" << true;
        QTest::newRow("dash and digits") << "build-type2" << true;
        QTest::newRow("underscore first") << "_x" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("digit first") << "2x" << false;
        QTest::newRow("dash first") << "-x" << false;
        QTest::newRow("blank") << "a b" << false;
        QTest::newRow("colon") << "a:b" << false;
        QTest::newRow("brace") << "a}" << false;
    }
    void inputNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Placeholders::isValidInputName(name), valid);
    }

    void choicesRoundTrip_data()
    {
        QTest::addColumn<QStringList>("choices");
        QTest::newRow("plain") << QStringList{"debug", "release"};
        QTest::newRow("comma inside") << QStringList{"a,b", "c"};
        QTest::newRow("backslash inside") << QStringList{"C:\\x", "y\\"};
        QTest::newRow("blank inside") << QStringList{"with space", "x"};
        QTest::newRow("none") << QStringList();
    }
    void choicesRoundTrip()
    {
        QFETCH(QStringList, choices);
        QCOMPARE(splitChoices(joinChoices(choices)), choices);
    }
    void choicesAsTyped()
    {
        QCOMPARE(splitChoices(" debug ,release,, "), (QStringList{"debug", "release"}));
        QCOMPARE(joinChoices({"a", "b"}), QString("a, b"));
    }

    // The task file: a task with parameters and a .env file is written and read back the same;
    // one without is written as before; a bad value is a problem naming the key.
    void jsonRoundTrip()
    {
        Task task = taskWith("make ${input:mode}",
                             {input("mode", QString("debug"), {"debug", "release"}),
                              input("empty-default", QString("")), input("required")});
        task.inputs.inputs[0].prompt = "Build type";
        task.inputs.envFile = "${home}/.env";
        QList<Task> back;
        QString error;
        QVERIFY2(TaskLibrary::fromJson(TaskLibrary::toJson({task}), &back, &error),
                 qPrintable(error));
        QCOMPARE(back.size(), 1);
        QVERIFY(back.first().inputs == task.inputs);
        QVERIFY(back.first().inputs.inputs[1].defaultValue.has_value());
        QVERIFY(!back.first().inputs.inputs[2].defaultValue.has_value());

        const QByteArray plain = TaskLibrary::toJson({taskWith("true")});
        QVERIFY(!plain.contains("inputs"));
        QVERIFY(!plain.contains("envFile"));
    }

    void jsonProblems_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<QString>("problem");
        QTest::newRow("inputs not a list")
            << QByteArray(R"("inputs": 3)") << "\"inputs\" is a number, not a list of parameters";
        QTest::newRow("item not an object")
            << QByteArray(R"("inputs": ["x"])") << "\"inputs\" item 1 is a string, not an object";
        QTest::newRow("no name") << QByteArray(R"("inputs": [{"prompt": "p"}])")
                                 << "\"inputs\" item 1: \"name\" is missing, not a string";
        QTest::newRow("bad name") << QByteArray(R"("inputs": [{"name": "a b"}])")
                                  << "\"inputs\" item 1: \"name\": \"a b\" is not a valid";
        QTest::newRow("default a number")
            << QByteArray(R"("inputs": [{"name": "a", "default": 1}])")
            << "\"inputs\" item 1: \"default\" is a number";
        QTest::newRow("choices a string")
            << QByteArray(R"("inputs": [{"name": "a", "choices": "x"}])")
            << "\"inputs\" item 1: \"choices\" is a string, not a list of strings";
        QTest::newRow("choice a number")
            << QByteArray(R"("inputs": [{"name": "a", "choices": ["x", 2]}])")
            << "\"inputs\" item 1: \"choices\" item 2 is a number";
        QTest::newRow("twice") << QByteArray(R"("inputs": [{"name": "a"}, {"name": "a"}])")
                               << "\"inputs\" item 2: the parameter \"a\" is declared twice";
        QTest::newRow("envFile a list")
            << QByteArray(R"("envFile": [])") << "\"envFile\" is a list, not a string";
    }
    void jsonProblems()
    {
        QFETCH(QByteArray, fields);
        QFETCH(QString, problem);
        const QByteArray json = R"({"format": "taskrunner-library", "version": 1, "tasks": [
            {"name": "t", "mode": "shell", "script": "true", )"
                                + fields + "}]}";
        QList<Task> tasks;
        QString error;
        QVERIFY(!TaskLibrary::fromJson(json, &tasks, &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void editorProblems_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("problem"); // empty: none
        QTest::newRow("fine") << "make ${input:mode} ${HOME}" << QStringList{"mode"} << "";
        QTest::newRow("undeclared")
            << "make ${input:mod}" << QStringList{"mode"}
            << "Script: ${input:mod} names no parameter of this task (add it under Parameters).";
        QTest::newRow("malformed")
            << "${input:}" << QStringList() << "Script: \"${input:}\" names nothing.";
        QTest::newRow("bad name") << "true" << QStringList{"a b"}
                                  << "Parameter \"a b\": the name may hold letters, digits, _ and "
                                     "-, and starts with a letter or _.";
        QTest::newRow("duplicate")
            << "true" << QStringList{"a", "a"} << "Parameter \"a\" is declared twice: remove one.";
        QTest::newRow("unnamed") << "true" << QStringList{""} << "Parameter 1 has no name.";
    }
    void editorProblems()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, names);
        QFETCH(QString, problem);
        QList<TaskInput> inputs;
        for (const QString &name : names)
            inputs.append(input(name));
        const QStringList problems = validateTask(taskWith(script, inputs), {});
        if (problem.isEmpty())
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        else
            QVERIFY2(problems.contains(problem), qPrintable(problems.join('\n')));
    }
    void editorProblemsOfOtherFields()
    {
        Task task = taskWith("true", {input("a", QString("x"), {"y", "z"})});
        task.spec.workingDirectory = "${taskDir}/sub";
        task.spec.environment.insert("V", "${input:nope}");
        task.inputs.envFile = "${input:gone}.env";
        const QStringList problems = validateTask(task, {});
        QVERIFY2(problems.contains("Parameter \"a\": the default \"x\" is not one of its choices."),
                 qPrintable(problems.join('\n')));
        QVERIFY(problems.contains("Working directory: ${taskDir} is the working directory "
                                  "itself, so it cannot be used in it."));
        QVERIFY(problems.contains("Variable V: ${input:nope} names no parameter of this task "
                                  "(add it under Parameters)."));
        QVERIFY(problems.contains(".env file: ${input:gone} names no parameter of this task (add "
                                  "it under Parameters)."));
        // A directory made of placeholders is not checked for existence: known at a run only.
        QVERIFY(!problems.join('\n').contains("does not exist"));
    }

    // Values given, then defaults, then a refusal naming the parameter.
    void resolveInputs_data()
    {
        QTest::addColumn<QVariantMap>("given");
        QTest::addColumn<QString>("result"); // "mode=...;target=..." or "!" + refusal
        QTest::newRow("defaults") << QVariantMap{{"target", "x"}} << "mode=debug;target=x";
        QTest::newRow("given wins")
            << QVariantMap{{"mode", "release"}, {"target", "x"}} << "mode=release;target=x";
        QTest::newRow("given empty is a value")
            << QVariantMap{{"target", ""}} << "mode=debug;target=";
        QTest::newRow("missing") << QVariantMap() << "!Parameter 'target' has no value.";
        QTest::newRow("unknown") << QVariantMap{{"target", "x"}, {"nope", "1"}}
                                 << "!The task \"t\" has no parameter \"nope\" (it has: mode, "
                                    "target).";
        QTest::newRow("not a choice")
            << QVariantMap{{"mode", "fast"}, {"target", "x"}}
            << "!Parameter 'mode' is \"fast\", not one of: debug, release.";
    }
    void resolveInputs()
    {
        QFETCH(QVariantMap, given);
        QFETCH(QString, result);
        const Task task = taskWith(
            "true", {input("mode", QString("debug"), {"debug", "release"}), input("target")});
        QMap<QString, QString> values;
        for (auto it = given.cbegin(); it != given.cend(); ++it)
            values.insert(it.key(), it.value().toString());
        QString refusal;
        const auto resolved = RunPreparation::resolveInputs(task, values, &refusal);
        if (result.startsWith('!')) {
            QVERIFY(!resolved);
            QCOMPARE(refusal, result.mid(1));
            return;
        }
        QVERIFY2(resolved, qPrintable(refusal));
        QStringList pairs;
        for (auto it = resolved->cbegin(); it != resolved->cend(); ++it)
            pairs.append(it.key() + '=' + it.value());
        QCOMPARE(pairs.join(';'), result);
    }

    // Everything a run is started with, expanded once; the .env file under the task's own.
    void prepare()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkdir("proj-release"));
        QFile env(dir.path() + "/proj-release/.env");
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("FROM_FILE=${home} stays\nSHARED=file\n");
        env.close();

        Task task = taskWith("", {input("mode", QString("debug"))});
        task.spec.useShell = false;
        task.spec.program = "${home}/bin/tool";
        task.spec.arguments = {"--mode=${input:mode}", "${taskDir}",  "$${date}",
                               "${date}T${time}",      "${datetime}", "${env:USER}"};
        task.spec.workingDirectory = "proj-${input:mode}";
        task.spec.environment = {{"SHARED", "task"}, {"WHO", "${env:USER}"}};
        task.inputs.envFile = ".env";
        const RunPreparation::Result ready
            = RunPreparation::prepare(task, {{"mode", "release"}}, fixedContext(dir.path()));
        QVERIFY2(ready.ok(), qPrintable(ready.refusal));
        QCOMPARE(ready.spec.program, QString("/home/ada/bin/tool"));
        QCOMPARE(ready.spec.arguments,
                 (QStringList{"--mode=release", dir.path() + "/proj-release", "${date}",
                              "2026-03-29T02:30:05", "2026-03-29T02:30:05", "ada"}));
        QCOMPARE(ready.spec.workingDirectory, QString("proj-release"));
        QCOMPARE(ready.spec.environment.value("SHARED"), QString("task")); // the task's own win
        QCOMPARE(ready.spec.environment.value("FROM_FILE"), QString("${home} stays"));
        QCOMPARE(ready.spec.environment.value("WHO"), QString("ada"));
    }
    void prepareTaskDirDefaultsToOwnDirectory()
    {
        const RunPreparation::Result ready
            = RunPreparation::prepare(taskWith("cd ${taskDir}"), {}, fixedContext("/own/dir"));
        QVERIFY2(ready.ok(), qPrintable(ready.refusal));
        QCOMPARE(ready.spec.shellScript, QString("cd /own/dir"));
    }
    void prepareRefusals_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("envFile");
        QTest::addColumn<QString>("refusal"); // contained in the refusal
        QTest::newRow("parameter without value") << "${input:target}"
                                                 << ""
                                                 << "Parameter 'target' has no value.";
        QTest::newRow("env not set")
            << "${env:NOPE}"
            << ""
            << "The script: ${env:NOPE} has no value. (the variable is not set in taskrunner's "
               "environment)";
        QTest::newRow("missing .env") << "true"
                                      << "missing.env"
                                      << "/missing.env: cannot be read";
        QTest::newRow("malformed .env") << "true"
                                        << "bad.env"
                                        << "/bad.env:2: no '=' in it";
    }
    void prepareRefusals()
    {
        QFETCH(QString, script);
        QFETCH(QString, envFile);
        QFETCH(QString, refusal);
        QTemporaryDir dir;
        QFile bad(dir.path() + "/bad.env");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("OK=1\nthis line is wrong\n");
        bad.close();
        Task task = taskWith(script, {input("target")});
        task.inputs.envFile = envFile;
        task.spec.workingDirectory = dir.path();
        const RunPreparation::Result ready = RunPreparation::prepare(
            task,
            script.contains("target") ? QMap<QString, QString>()
                                      : QMap<QString, QString>{{"target", "x"}},
            fixedContext());
        QVERIFY(!ready.ok());
        QVERIFY2(ready.refusal.contains(refusal), qPrintable(ready.refusal));
    }
};

QTEST_GUILESS_MAIN(PlaceholdersTest)
#include "tst_placeholders.moc"
