// A task's restart policy in the task file: written only when on, read back exactly, and a bad
// value is a problem naming its key, the task set aside and kept as it was.
#include "restartpolicy.h"
#include "tasklibrary.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

QByteArray libraryJson(const QByteArray &task)
{
    return "{\"format\": \"taskrunner-library\", \"version\": 1, \"tasks\": [\n"
           "{\"name\": \"first\", \"script\": \"true\"},\n"
           + task + "\n]}\n";
}

Task service(const char *name, RestartPolicy::When when, int maxRestarts, int withinMinutes)
{
    Task task{QString::fromLatin1(name), TaskSpec::forShell(QStringLiteral("serve"))};
    task.restart.when = when;
    task.restart.maxRestarts = maxRestarts;
    task.restart.withinMinutes = withinMinutes;
    return task;
}

} // namespace

class RestartPolicyTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        using W = RestartPolicy::When;
        const QList<Task> tasks{service("on failure", W::OnFailure, 3, 2),
                                service("always", W::Always, 1000, 1440),
                                service("never", W::Never, 5, 10)};
        const QByteArray json = TaskLibrary::toJson(tasks);
        QCOMPARE(json.count("\"restart\""), 2); // none for the task without a policy
        QVERIFY2(json.contains("\"when\": \"on-failure\""), json.constData());
        QVERIFY2(json.contains("\"when\": \"always\""), json.constData());
        QList<Task> read;
        QString error;
        QVERIFY2(TaskLibrary::fromJson(json, &read, &error), qPrintable(error));
        QCOMPARE(read.size(), 3);
        for (int i = 0; i < 3; ++i)
            QVERIFY2(read[i].restart == tasks[i].restart, qPrintable(read[i].name));
        QVERIFY(!TaskLibrary::sameTask(tasks[0], service("x", W::OnFailure, 4, 2)));
    }

    // A file of before restart policies loads with none, and is written as before.
    void absentIsNever()
    {
        QList<Task> read;
        QString error;
        QVERIFY(TaskLibrary::fromJson(libraryJson("{\"name\": \"old\", \"script\": \"x\"}"), &read,
                                      &error));
        QCOMPARE(read.at(1).restart, RestartPolicy());
        QVERIFY(!read.at(1).restart.isOn());
        QVERIFY(!TaskLibrary::toJson(read).contains("restart"));
        // Keys left out take their defaults.
        QVERIFY(TaskLibrary::fromJson(
            libraryJson(R"({"name": "s", "script": "x", "restart": {"when": "always"}})"), &read,
            &error));
        QCOMPARE(read.at(1).restart.when, RestartPolicy::When::Always);
        QCOMPARE(read.at(1).restart.maxRestarts, RestartPolicy::DefaultMaxRestarts);
        QCOMPARE(read.at(1).restart.withinMinutes, RestartPolicy::DefaultWithinMinutes);
    }

    void badValueIsNamed_data()
    {
        QTest::addColumn<QByteArray>("restart");
        QTest::addColumn<QString>("says");
        const auto row = [](const char *name, const char *json, const char *says) {
            QTest::newRow(name) << QByteArray(json) << QString::fromLatin1(says);
        };
        row("a string", R"("on-failure")", R"("restart" is "on-failure", not an object)");
        row("a list", R"(["always"])", R"("restart" is a list, not an object)");
        row("unknown when", R"({"when": "sometimes"})",
            R"("restart.when" is "sometimes", not "never", "on-failure" or "always")");
        row("when a boolean", R"({"when": true})", R"("restart.when" is a boolean)");
        row("when in other words", R"({"when": "On failure"})",
            R"("restart.when" is "On failure")");
        row("zero restarts", R"({"when": "always", "maxRestarts": 0})",
            R"("restart.maxRestarts" is 0, not a whole number from 1 to 1000)");
        row("fractional restarts", R"({"when": "always", "maxRestarts": 2.5})",
            R"("restart.maxRestarts" is 2.5)");
        row("restarts as text", R"({"when": "always", "maxRestarts": "5"})",
            R"("restart.maxRestarts" is "5")");
        row("minutes beyond a day", R"({"when": "always", "withinMinutes": 1441})",
            R"("restart.withinMinutes" is 1441, not a whole number from 1 to 1440)");
        row("minutes negative", R"({"when": "always", "withinMinutes": -1})",
            R"("restart.withinMinutes" is -1)");
        row("minutes null", R"({"when": "always", "withinMinutes": null})",
            R"("restart.withinMinutes" is null)");
    }
    void badValueIsNamed()
    {
        QFETCH(QByteArray, restart);
        QFETCH(QString, says);
        const QByteArray task = R"({"name": "bad", "script": "x", "restart": )" + restart + "}";
        // Imported: refused whole, saying why.
        QList<Task> read;
        QString error;
        QVERIFY(!TaskLibrary::fromJson(libraryJson(task), &read, &error));
        QVERIFY2(error.contains(says), qPrintable(error));

        // Loaded: the task is set aside with the problem, the others load, and it is written
        // back as it was when the library is saved.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tasks.json"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(libraryJson(task));
        }
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0600), 0);
        TaskLibrary library(path);
        const TaskLibrary::LoadResult result = library.load();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(library.names(), QStringList{QStringLiteral("first")});
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.first().contains(says), qPrintable(result.warnings.first()));
        QVERIFY(
            library.add(Task{QStringLiteral("added"), TaskSpec::forShell(QStringLiteral("true"))}));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QJsonArray tasks
            = QJsonDocument::fromJson(saved.readAll()).object().value(u"tasks").toArray();
        QCOMPARE(tasks.size(), 3);
        QCOMPARE(tasks.at(1), QJsonDocument::fromJson("[" + task + "]").array().at(0));
    }

    void giveUpText()
    {
        RestartPolicy policy;
        QCOMPARE(policy.giveUpText(), QStringLiteral("Gave up after 5 restarts in 10 min"));
        policy.maxRestarts = 1;
        policy.withinMinutes = 2;
        QCOMPARE(policy.giveUpText(), QStringLiteral("Gave up after 1 restart in 2 min"));
    }

    void problems()
    {
        RestartPolicy policy;
        QVERIFY(policy.problems().isEmpty());
        policy.maxRestarts = 0;
        policy.withinMinutes = 2000;
        const QStringList problems = policy.problems();
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems[0].contains(QLatin1String("Max restarts")), qPrintable(problems[0]));
        QVERIFY2(problems[1].contains(QLatin1String("Within minutes")), qPrintable(problems[1]));
        // And a task with them cannot be saved, whoever made it.
        Task task{QStringLiteral("t"), TaskSpec::forShell(QStringLiteral("true"))};
        task.restart = policy;
        const QStringList invalid = validateTask(task, {});
        QCOMPARE(invalid.size(), 2);
        QCOMPARE(invalid, problems);
    }
};

QTEST_GUILESS_MAIN(RestartPolicyTest)
#include "tst_restartpolicy.moc"
