#include "dependencygraph.h"
#include "dependencyoutcome.h"
#include "task.h"
#include "tasklibrary.h"

#include <QTest>

// The plan for running a task with its dependencies, from the tasks alone. A library is written
// as one string per task: "name: dep1 dep2" (sequence) or "name | dep1 dep2" (parallel).
class tst_DependencyGraph : public QObject
{
    Q_OBJECT

private:
    static QList<Task> library(const QStringList &lines)
    {
        QList<Task> tasks;
        for (const QString &line : lines) {
            const bool parallel = line.contains(QLatin1Char('|'));
            const QStringList halves = line.split(parallel ? QLatin1Char('|') : QLatin1Char(':'));
            Task task;
            task.name = halves.at(0).trimmed();
            if (halves.size() > 1)
                task.dependencies.names = halves.at(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            task.dependencies.order
                = parallel ? TaskDependencies::Order::Parallel : TaskDependencies::Order::Sequence;
            tasks.append(task);
        }
        return tasks;
    }
    // Stages as "a b / c / d".
    static QString stagesText(const DependencyGraph::Plan &plan)
    {
        QStringList stages;
        for (const QStringList &stage : plan.stages())
            stages.append(stage.join(QLatin1Char(' ')));
        return stages.join(QStringLiteral(" / "));
    }

private Q_SLOTS:
    void plan_data()
    {
        QTest::addColumn<QStringList>("tasks");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("order");  // the steps, space-separated
        QTest::addColumn<QString>("stages"); // what may run together
        QTest::addColumn<QString>("refusal");

        QTest::newRow("no dependencies")
            << QStringList{QStringLiteral("deploy")} << QStringLiteral("deploy")
            << QStringLiteral("deploy") << QStringLiteral("deploy") << QString();
        QTest::newRow("sequence runs one after another in the listed order")
            << QStringList{QStringLiteral("deploy: build test lint"), QStringLiteral("build"),
                           QStringLiteral("test"), QStringLiteral("lint")}
            << QStringLiteral("deploy") << QStringLiteral("build test lint deploy")
            << QStringLiteral("build / test / lint / deploy") << QString();
        QTest::newRow("parallel runs together, then the task")
            << QStringList{QStringLiteral("deploy | build test lint"), QStringLiteral("build"),
                           QStringLiteral("test"), QStringLiteral("lint")}
            << QStringLiteral("deploy") << QStringLiteral("build test lint deploy")
            << QStringLiteral("build test lint / deploy") << QString();
        QTest::newRow("transitive dependencies first")
            << QStringList{QStringLiteral("deploy: test"), QStringLiteral("test: build"),
                           QStringLiteral("build: fetch"), QStringLiteral("fetch")}
            << QStringLiteral("deploy") << QStringLiteral("fetch build test deploy")
            << QStringLiteral("fetch / build / test / deploy") << QString();
        QTest::newRow("diamond runs the shared one once")
            << QStringList{QStringLiteral("deploy | front back"), QStringLiteral("front: gen"),
                           QStringLiteral("back: gen"), QStringLiteral("gen")}
            << QStringLiteral("deploy") << QStringLiteral("gen front back deploy")
            << QStringLiteral("gen / front back / deploy") << QString();
        QTest::newRow("diamond in sequence")
            << QStringList{QStringLiteral("deploy: front back"), QStringLiteral("front: gen"),
                           QStringLiteral("back: gen"), QStringLiteral("gen")}
            << QStringLiteral("deploy") << QStringLiteral("gen front back deploy")
            << QStringLiteral("gen / front / back / deploy") << QString();
        QTest::newRow("a listed task another listed one needs runs before it")
            << QStringList{QStringLiteral("deploy: test build"), QStringLiteral("test: build"),
                           QStringLiteral("build")}
            << QStringLiteral("deploy") << QStringLiteral("build test deploy")
            << QStringLiteral("build / test / deploy") << QString();
        QTest::newRow("a parallel task's own sequence")
            << QStringList{QStringLiteral("all | docs app"), QStringLiteral("app: compile link"),
                           QStringLiteral("docs"), QStringLiteral("compile"),
                           QStringLiteral("link")}
            << QStringLiteral("all") << QStringLiteral("docs compile link app all")
            << QStringLiteral("docs compile / link / app / all") << QString();
        QTest::newRow("only what the task reaches")
            << QStringList{QStringLiteral("deploy: build"), QStringLiteral("build"),
                           QStringLiteral("other: build")}
            << QStringLiteral("deploy") << QStringLiteral("build deploy")
            << QStringLiteral("build / deploy") << QString();

        QTest::newRow("cycle of two")
            << QStringList{QStringLiteral("build: test"), QStringLiteral("test: build")}
            << QStringLiteral("build") << QString() << QString()
            << QStringLiteral("The dependencies form a cycle: "
                              "build → test → build.");
        QTest::newRow("self") << QStringList{QStringLiteral("build: build")}
                              << QStringLiteral("build") << QString() << QString()
                              << QStringLiteral("The dependencies form a cycle: build → build.");
        QTest::newRow("cycle below the task")
            << QStringList{QStringLiteral("deploy: build"), QStringLiteral("build: gen"),
                           QStringLiteral("gen | lint build"), QStringLiteral("lint")}
            << QStringLiteral("deploy") << QString() << QString()
            << QStringLiteral("The dependencies form a cycle: build → gen → build.");
        QTest::newRow("unknown name")
            << QStringList{QStringLiteral("deploy: build"), QStringLiteral("build: bild")}
            << QStringLiteral("deploy") << QString() << QString()
            << QStringLiteral("\"build\" depends on \"bild\", which is not a saved task.");
        QTest::newRow("unknown task")
            << QStringList{QStringLiteral("build")} << QStringLiteral("deploy") << QString()
            << QString() << QStringLiteral("There is no task named \"deploy\".");
        QTest::newRow("sequences that contradict each other")
            << QStringList{QStringLiteral("all | x y"), QStringLiteral("x: a b"),
                           QStringLiteral("y: b a"), QStringLiteral("a"), QStringLiteral("b")}
            << QStringLiteral("all") << QString() << QString()
            << QStringLiteral("The dependencies' orders contradict each other (two tasks list "
                              "the same tasks in opposite orders).");
    }
    void plan()
    {
        QFETCH(QStringList, tasks);
        QFETCH(QString, target);
        QFETCH(QString, order);
        QFETCH(QString, stages);
        QFETCH(QString, refusal);
        const DependencyGraph::Plan plan = DependencyGraph(library(tasks)).planFor(target);
        QCOMPARE(plan.refusal, refusal);
        QCOMPARE(plan.order().join(QLatin1Char(' ')), order);
        QCOMPARE(stagesText(plan), stages);
        if (!plan.ok())
            return;
        QCOMPARE(plan.steps.last().name, target);
        // Every step comes after everything it waits for.
        QStringList seen;
        for (const DependencyGraph::Step &step : plan.steps) {
            for (const QString &before : step.after)
                QVERIFY2(seen.contains(before),
                         qPrintable(step.name + QLatin1String(" before ") + before));
            seen.append(step.name);
        }
    }

    void deepChain_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("closed"); // the last depends on the first again
        QTest::newRow("5000 in a chain") << 5000 << false;
        QTest::newRow("5000 in a cycle") << 5000 << true;
    }
    void deepChain()
    {
        QFETCH(int, length);
        QFETCH(bool, closed);
        QList<Task> tasks;
        for (int i = 0; i < length; ++i) {
            Task task;
            task.name = QStringLiteral("t%1").arg(i);
            if (i + 1 < length)
                task.dependencies.names = {QStringLiteral("t%1").arg(i + 1)};
            else if (closed)
                task.dependencies.names = {QStringLiteral("t0")};
            tasks.append(task);
        }
        const DependencyGraph::Plan plan = DependencyGraph(tasks).planFor(QStringLiteral("t0"));
        if (closed) {
            QVERIFY(!plan.ok());
            QVERIFY(
                plan.refusal.startsWith(QStringLiteral("The dependencies form a cycle: t0 → t1")));
            QVERIFY(plan.refusal.endsWith(QStringLiteral("t4999 → t0.")));
            return;
        }
        QVERIFY(plan.ok());
        QCOMPARE(plan.steps.size(), length);
        QCOMPARE(plan.steps.first().name, QStringLiteral("t4999"));
        QCOMPARE(plan.stages().size(), length);
    }

    void cycleFromAnEditedTask()
    {
        // The editor's check: the task as edited stands in for its saved self.
        QList<Task> tasks = library({QStringLiteral("build: test"), QStringLiteral("test")});
        Task edited = library({QStringLiteral("test: build")}).first();
        tasks.append(edited);
        QCOMPARE(
            DependencyGraph(tasks).cycleFrom(QStringLiteral("test")),
            (QStringList{QStringLiteral("test"), QStringLiteral("build"), QStringLiteral("test")}));
        QVERIFY(DependencyGraph(library({QStringLiteral("build: test"), QStringLiteral("test")}))
                    .cycleFrom(QStringLiteral("test"))
                    .isEmpty());
    }

    // The task file's keys: written only when there are dependencies, read back to the same
    // value; a bad value sets the task aside with a problem naming the key.
    void fileKeys_data()
    {
        QTest::addColumn<QByteArray>("keys"); // added to a task's object
        QTest::addColumn<QString>("problem"); // empty: loads
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<bool>("parallel");
        QTest::newRow("none") << QByteArray() << QString() << QStringList() << false;
        QTest::newRow("sequence by default")
            << QByteArray(", \"dependsOn\": [\"a\", \"b\"]") << QString()
            << QStringList{QStringLiteral("a"), QStringLiteral("b")} << false;
        QTest::newRow("parallel") << QByteArray(
            ", \"dependsOn\": [\"a\"], \"dependencyOrder\": \"parallel\"")
                                  << QString() << QStringList{QStringLiteral("a")} << true;
        QTest::newRow("not a list") << QByteArray(", \"dependsOn\": \"a\"")
                                    << QStringLiteral("\"dependsOn\" is not a list of task names")
                                    << QStringList() << false;
        QTest::newRow("not a name")
            << QByteArray(", \"dependsOn\": [\"a\", 3]")
            << QStringLiteral("\"dependsOn\" item 2 is not a task name") << QStringList() << false;
        QTest::newRow("twice") << QByteArray(", \"dependsOn\": [\"a\", \"a\"]")
                               << QStringLiteral("\"dependsOn\" names \"a\" twice") << QStringList()
                               << false;
        QTest::newRow("bad order")
            << QByteArray(", \"dependsOn\": [\"a\"], \"dependencyOrder\": \"random\"")
            << QStringLiteral("\"dependencyOrder\" is not \"sequence\" or \"parallel\"")
            << QStringList() << false;
    }
    void fileKeys()
    {
        QFETCH(QByteArray, keys);
        QFETCH(QString, problem);
        QFETCH(QStringList, names);
        QFETCH(bool, parallel);
        const QByteArray json = "{\"format\": \"taskrunner-library\", \"version\": 1, "
                                "\"tasks\": [{\"name\": \"deploy\", \"script\": \"true\""
                                + keys + "}]}";
        QList<Task> tasks;
        QString error;
        const bool ok = TaskLibrary::fromJson(json, &tasks, &error);
        if (!problem.isEmpty()) {
            QVERIFY(!ok);
            QVERIFY2(error.contains(problem), qPrintable(error));
            return;
        }
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(tasks.first().dependencies.names, names);
        QCOMPARE(tasks.first().dependencies.order == TaskDependencies::Order::Parallel, parallel);
        // Written and read back: the same; a task without dependencies writes no key.
        const QByteArray written = TaskLibrary::toJson(tasks);
        QCOMPARE(written.contains("dependsOn"), !names.isEmpty());
        QList<Task> again;
        QVERIFY(TaskLibrary::fromJson(written, &again, &error));
        QVERIFY(again.first().dependencies == tasks.first().dependencies);
    }

    void failureReasons_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("succeeded");
        QTest::addColumn<QString>("reason");
        QTest::newRow("exit 0") << int(RunOutcome::Exited) << 0 << true
                                << QStringLiteral("'build' exited with code 0");
        QTest::newRow("exit 2") << int(RunOutcome::Exited) << 2 << false
                                << QStringLiteral("'build' exited with code 2");
        QTest::newRow("crash") << int(RunOutcome::Crashed) << -1 << false
                               << QStringLiteral("'build' crashed (signal 11)");
        QTest::newRow("timeout") << int(RunOutcome::TimedOut) << -1 << false
                                 << QStringLiteral("'build' timed out");
        QTest::newRow("stopped") << int(RunOutcome::Stopped) << -1 << false
                                 << QStringLiteral("'build' was stopped");
        QTest::newRow("killed") << int(RunOutcome::Killed) << -1 << false
                                << QStringLiteral("'build' was killed");
        QTest::newRow("failed to start") << int(RunOutcome::FailedToStart) << -1 << false
                                         << QStringLiteral("'build' could not start: no such "
                                                           "program");
        QTest::newRow("skipped") << int(RunOutcome::Skipped) << -1 << false
                                 << QStringLiteral("'build' was skipped");
        QTest::newRow("cancelled")
            << int(RunOutcome::Cancelled) << -1 << false << QStringLiteral("'build' was cancelled");
    }
    void failureReasons()
    {
        QFETCH(int, outcome);
        QFETCH(int, code);
        QFETCH(bool, succeeded);
        QFETCH(QString, reason);
        RunResult result;
        result.outcome = RunOutcome(outcome);
        result.exitCode = code;
        result.signal = result.outcome == RunOutcome::Crashed ? 11 : 0;
        result.errorText = QStringLiteral("no such program");
        QCOMPARE(DependencyOutcome::succeeded(result), succeeded);
        QCOMPARE(DependencyOutcome::failure(QStringLiteral("build"), result), reason);
    }
};

QTEST_GUILESS_MAIN(tst_DependencyGraph)
#include "tst_dependencygraph.moc"
