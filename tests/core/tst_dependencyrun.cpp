// Tasks with dependencies launched through TaskLauncher, with real processes: the order they
// run in, what a failure skips, the group in the history, stopping a group. Processes are
// checked in /proc by a marker of the test's own.
#include "managedrun.h"
#include "procprobe.h"
#include "rungroups.h"
#include "runhistory.h"
#include "runmanager.h"
#include "tasklauncher.h"
#include "tasklibrary.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Generous: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int GenerousMs = 30'000;
} // namespace

class DependencyRunTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;
    std::unique_ptr<TaskLibrary> m_library;
    std::unique_ptr<RunHistory> m_history;
    std::unique_ptr<RunManager> m_runs;
    std::unique_ptr<TaskLauncher> m_launcher;
    int m_case = 0;

    QString journal() const { return m_home.filePath(QStringLiteral("journal-%1").arg(m_case)); }

    // A saved task: script, run with bash, with the marker in its environment; $JOURNAL is a
    // file the tasks append to.
    void addTask(const QString &name, const QString &script, const QStringList &dependencies = {},
                 TaskDependencies::Order order = TaskDependencies::Order::Sequence)
    {
        Task task;
        task.id = Task::newId();
        task.name = name;
        task.spec = TaskSpec::forShell(script);
        task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        task.spec.environment.insert(QStringLiteral("JOURNAL"), journal());
        task.dependencies.names = dependencies;
        task.dependencies.order = order;
        QVERIFY(m_library->add(task));
    }
    // Appends "name" to the journal.
    static QString note(const QString &word)
    {
        return QStringLiteral("echo %1 >> \"$JOURNAL\"").arg(word);
    }
    QStringList journalLines() const
    {
        QFile file(journal());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    TaskLauncher::Launch launch(const QString &name)
    {
        RunRequest request;
        request.task = *m_library->find(name);
        return m_launcher->launch(request);
    }
    ManagedRun *runOf(const QString &name) const
    {
        ManagedRun *found = nullptr;
        for (ManagedRun *run : m_runs->runs()) {
            if (run->task().name == name)
                found = run;
        }
        return found;
    }
    void waitAllFinished()
    {
        // Every run of the group has ended, started or not.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(m_runs->runs().cbegin(), m_runs->runs().cend(),
                        [](const ManagedRun *run) { return run->isFinished(); }),
            GenerousMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-dependencyrun"));
    }

    void init()
    {
        ++m_case;
        m_marker = ProcProbe::newMarker();
        m_library = std::make_unique<TaskLibrary>(
            m_home.filePath(QStringLiteral("tasks-%1.json").arg(m_case)));
        QVERIFY(m_library->load().ok);
        m_history = std::make_unique<RunHistory>();
        QVERIFY(
            m_history->open(m_home.filePath(QStringLiteral("history-%1.sqlite").arg(m_case))).ok);
        m_runs = std::make_unique<RunManager>(m_history.get());
        m_launcher = std::make_unique<TaskLauncher>(m_runs.get());
        m_launcher->setLibrary(m_library.get());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
        m_launcher.reset();
        m_runs.reset();
        m_history.reset();
        m_library.reset();
    }

    // In sequence each runs after the one before it has ended, the task last; every run of the
    // group is made at once, the dependencies' as "dependency" runs for the task, and all share
    // one group id - in the history too.
    void sequenceRunsInOrderAsOneGroup()
    {
        const auto work = [](const QString &name) -> QString {
            return note(name + QLatin1String("-start")) + QLatin1String("; sleep 0.2; ")
                   + note(name + QLatin1String("-end"));
        };
        addTask(QStringLiteral("build"), work(QStringLiteral("build")));
        addTask(QStringLiteral("test"), work(QStringLiteral("test")));
        addTask(QStringLiteral("deploy"), work(QStringLiteral("deploy")),
                {QStringLiteral("build"), QStringLiteral("test")});
        const TaskLauncher::Launch launched = launch(QStringLiteral("deploy"));
        QVERIFY2(launched.started(), qPrintable(launched.refusal));
        QCOMPARE(m_runs->runs().size(), 3);
        ManagedRun *deploy = m_runs->run(launched.runId);
        QCOMPARE(deploy->task().name, QStringLiteral("deploy"));
        QCOMPARE(deploy->state(), ManagedRun::State::Queued);
        QCOMPARE(deploy->waitReason(), QStringLiteral("Waiting for 'build', 'test'"));
        waitAllFinished();
        QCOMPARE(journalLines(),
                 (QStringList{QStringLiteral("build-start"), QStringLiteral("build-end"),
                              QStringLiteral("test-start"), QStringLiteral("test-end"),
                              QStringLiteral("deploy-start"), QStringLiteral("deploy-end")}));
        const QString group = deploy->request().groupId;
        QVERIFY(!group.isEmpty());
        for (ManagedRun *run : m_runs->runs()) {
            QCOMPARE(run->request().groupId, group);
            QCOMPARE(run->request().groupFor, QStringLiteral("deploy"));
            QCOMPARE(run->request().trigger,
                     run == deploy ? RunTriggers::manual() : RunTriggers::dependency());
            QCOMPARE(run->result().exitCode, 0);
            const std::optional<RunRecord> record = m_history->run(run->recordId());
            QVERIFY(record);
            QCOMPARE(record->groupId, group);
        }
        QCOMPARE(m_launcher->groups()->activeCount(), 0); // forgotten once all have ended
    }

    // In parallel the dependencies run at the same time: each waits (up to 20 s) to see the
    // other's file, which it could not if they ran one after the other; then the task runs.
    void parallelRunsTogether()
    {
        const auto meet = [this](const QString &self, const QString &other) {
            return QStringLiteral("touch '%1'; for i in $(seq 200); do [ -e '%2' ] && exit 0; "
                                  "sleep 0.1; done; exit 1")
                .arg(m_home.filePath(self + QString::number(m_case)),
                     m_home.filePath(other + QString::number(m_case)));
        };
        addTask(QStringLiteral("front"), meet(QStringLiteral("front"), QStringLiteral("back")));
        addTask(QStringLiteral("back"), meet(QStringLiteral("back"), QStringLiteral("front")));
        addTask(QStringLiteral("all"), note(QStringLiteral("all")),
                {QStringLiteral("front"), QStringLiteral("back")},
                TaskDependencies::Order::Parallel);
        QVERIFY(launch(QStringLiteral("all")).started());
        waitAllFinished();
        QCOMPARE(runOf(QStringLiteral("front"))->result().exitCode, 0);
        QCOMPARE(runOf(QStringLiteral("back"))->result().exitCode, 0);
        QCOMPARE(journalLines(), QStringList{QStringLiteral("all")});
    }

    // A dependency that fails skips what comes after it, with the reason in the note and the
    // history; nothing after it starts.
    void failureSkipsTheRest_data()
    {
        QTest::addColumn<QString>("buildScript");
        QTest::addColumn<QString>("reason");
        QTest::newRow("exit code")
            << QStringLiteral("exit 2") << QStringLiteral("'build' exited with code 2");
        QTest::newRow("crash") << QStringLiteral("kill -SEGV $$")
                               << QStringLiteral("'build' crashed (signal 11)");
    }
    void failureSkipsTheRest()
    {
        QFETCH(QString, buildScript);
        QFETCH(QString, reason);
        addTask(QStringLiteral("build"), buildScript);
        addTask(QStringLiteral("test"), note(QStringLiteral("test")));
        addTask(QStringLiteral("deploy"), note(QStringLiteral("deploy")),
                {QStringLiteral("build"), QStringLiteral("test")});
        QVERIFY(launch(QStringLiteral("deploy")).started());
        waitAllFinished();
        QVERIFY(journalLines().isEmpty()); // neither test nor deploy ran
        for (const QString &name : {QStringLiteral("test"), QStringLiteral("deploy")}) {
            ManagedRun *run = runOf(name);
            QCOMPARE(run->result().outcome, RunOutcome::Skipped);
            QVERIFY(!run->taskRun()); // never started
            QCOMPARE(run->outcomeNote(), QStringLiteral("[Skipped: %1]").arg(reason));
            const std::optional<RunRecord> record = m_history->run(run->recordId());
            QVERIFY(record);
            QCOMPARE(record->result.outcome, RunOutcome::Skipped);
            QCOMPARE(record->result.errorText, reason);
            QCOMPARE(record->groupId, run->request().groupId);
        }
    }

    // In parallel, one that fails skips the task; one still running goes on to its end.
    void parallelFailureLetsTheOthersFinish()
    {
        addTask(QStringLiteral("slow"), QStringLiteral("sleep 1; ") + note(QStringLiteral("slow")));
        addTask(QStringLiteral("broken"), QStringLiteral("exit 3"));
        addTask(QStringLiteral("all"), note(QStringLiteral("all")),
                {QStringLiteral("slow"), QStringLiteral("broken")},
                TaskDependencies::Order::Parallel);
        QVERIFY(launch(QStringLiteral("all")).started());
        waitAllFinished();
        QCOMPARE(journalLines(), QStringList{QStringLiteral("slow")});
        QCOMPARE(runOf(QStringLiteral("slow"))->result().exitCode, 0);
        QCOMPARE(runOf(QStringLiteral("all"))->result().errorText,
                 QStringLiteral("'broken' exited with code 3"));
    }

    // Stopping the task while it waits cancels its group: the dependency running is stopped
    // (nothing else needs it), the one not started is cancelled; no process survives.
    void stoppingTheTaskStopsItsGroup()
    {
        addTask(QStringLiteral("serve"), QStringLiteral("sleep 300"));
        addTask(QStringLiteral("later"), note(QStringLiteral("later")));
        addTask(QStringLiteral("deploy"), note(QStringLiteral("deploy")),
                {QStringLiteral("serve"), QStringLiteral("later")});
        const TaskLauncher::Launch launched = launch(QStringLiteral("deploy"));
        QVERIFY(launched.started());
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, GenerousMs);
        m_runs->stop(launched.runId);
        waitAllFinished();
        QCOMPARE(m_runs->run(launched.runId)->result().outcome, RunOutcome::Cancelled);
        QCOMPARE(runOf(QStringLiteral("later"))->result().outcome, RunOutcome::Cancelled);
        QCOMPARE(runOf(QStringLiteral("later"))->result().errorText,
                 QStringLiteral("'deploy' was cancelled"));
        QCOMPARE(runOf(QStringLiteral("serve"))->result().outcome, RunOutcome::Stopped);
        QVERIFY(journalLines().isEmpty());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Stopping every run (the app quitting) with a group waiting, its task's run in the
    // background (nothing shows it: it goes as soon as it ends) and a run after it: every run
    // ends, none starts, nothing survives.
    void stopAllWithAGroupWaiting()
    {
        addTask(QStringLiteral("serve"), QStringLiteral("sleep 300"));
        addTask(QStringLiteral("deploy"), note(QStringLiteral("deploy")),
                {QStringLiteral("serve")});
        const TaskLauncher::Launch launched = launch(QStringLiteral("deploy"));
        addTask(QStringLiteral("alone"), QStringLiteral("sleep 300")); // a run after the group
        QVERIFY(launch(QStringLiteral("alone")).started());
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, GenerousMs);
        m_runs->discardWhenFinished(launched.runId);
        m_runs->stopAll();
        waitAllFinished();
        QVERIFY(!m_runs->run(launched.runId)); // ended, and forgotten
        QVERIFY(journalLines().isEmpty());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Stopping a dependency is its failure: the rest is skipped, saying so.
    void stoppingADependencySkipsTheRest()
    {
        addTask(QStringLiteral("serve"), QStringLiteral("sleep 300"));
        addTask(QStringLiteral("deploy"), note(QStringLiteral("deploy")),
                {QStringLiteral("serve")});
        QVERIFY(launch(QStringLiteral("deploy")).started());
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, GenerousMs);
        m_runs->stop(runOf(QStringLiteral("serve"))->id());
        waitAllFinished();
        QCOMPARE(runOf(QStringLiteral("deploy"))->outcomeNote(),
                 QStringLiteral("[Skipped: 'serve' was stopped]"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A cycle, an unknown name or a dependency deleted since refuse the launch: nothing is
    // started, and the refusal says why.
    void refusalsStartNothing()
    {
        addTask(QStringLiteral("build"), note(QStringLiteral("build")), {QStringLiteral("test")});
        addTask(QStringLiteral("test"), note(QStringLiteral("test")), {QStringLiteral("build")});
        addTask(QStringLiteral("gen"), note(QStringLiteral("gen")));
        addTask(QStringLiteral("deploy"), note(QStringLiteral("deploy")), {QStringLiteral("gen")});
        QSignalSpy refused(m_launcher.get(), &TaskLauncher::refused);

        TaskLauncher::Launch launched = launch(QStringLiteral("build"));
        QVERIFY(!launched.started());
        QCOMPARE(launched.refusal,
                 QStringLiteral("The dependencies form a cycle: build → test → build."));
        QCOMPARE(refused.size(), 1);

        RunRequest deploy;
        deploy.task = *m_library->find(QStringLiteral("deploy"));
        QVERIFY(m_library->remove(m_library->find(QStringLiteral("gen"))->id));
        launched = m_launcher->launch(deploy);
        QCOMPARE(launched.refusal,
                 QStringLiteral("\"deploy\" depends on \"gen\", which is not a saved task."));
        QCOMPARE(refused.size(), 2);
        QVERIFY(m_runs->runs().isEmpty());
    }
};

QTEST_GUILESS_MAIN(DependencyRunTest)
#include "tst_dependencyrun.moc"
