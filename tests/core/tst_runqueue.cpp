// The queue: the global limit on concurrent runs, exclusive groups, the queue's order and what a
// launch does when its task is already running (instance policies) - with real processes, and
// what must be gone checked in /proc by a marker of the test's own.
#include "managedrun.h"
#include "procprobe.h"
#include "runmanager.h"
#include "tasklauncher.h"
#include "tasklibrary.h"
#include "taskrun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {
// Generous: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int GenerousMs = 30'000;

// Watches a manager: the most runs live at once, the most of one group live at once, and the
// order in which runs started.
class QueueWatch : public QObject
{
public:
    explicit QueueWatch(RunManager *manager)
    {
        connect(manager, &RunManager::runChanged, this, [this, manager](ManagedRun *run) {
            maxLive = std::max(maxLive, manager->liveCount());
            int inGroup = 0;
            for (const ManagedRun *each : manager->runs())
                inGroup += each->isLive() && each->task().concurrency.exclusiveGroup == group;
            maxInGroup = std::max(maxInGroup, inGroup);
            if (run->state() == ManagedRun::State::Starting)
                startOrder.append(run->task().name);
        });
    }
    QString group = QStringLiteral("gpu");
    int maxLive = 0;
    int maxInGroup = 0;
    QStringList startOrder;
};
} // namespace

class RunQueueTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;

    RunRequest request(const QString &name, const QString &script,
                       const QByteArray &marker = QByteArray())
    {
        RunRequest request;
        request.task.name = name;
        request.task.id = QStringLiteral("id-") + name;
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(
            QString::fromLatin1(marker.isEmpty() ? m_marker : marker), QStringLiteral("1"));
        request.trigger = RunTriggers::manual();
        return request;
    }

    static void waitAllFinished(RunManager &manager)
    {
        // Every run has ended, queued ones included.
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(manager.runs().cbegin(), manager.runs().cend(),
                                             [](const ManagedRun *r) { return r->isFinished(); }),
                                 GenerousMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-runqueue"));
    }

    void init() { m_marker = ProcProbe::newMarker(); }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
    }

    // A limit of 2 with 6 runs: never more than 2 live at once, all finish, oldest first.
    void limitHoldsTheRest()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(2);
        QueueWatch watch(&manager);
        QStringList names;
        for (int i = 1; i <= 6; ++i) {
            names.append(QStringLiteral("t%1").arg(i));
            QVERIFY(launcher.launch(request(names.last(), QStringLiteral("sleep 0.2"))).started());
        }
        QCOMPARE(manager.liveCount(), 2);
        QCOMPARE(manager.queuedCount(), 4);
        ManagedRun *third = manager.run(3);
        QCOMPARE(third->queuePosition(), 1);
        QCOMPARE(manager.run(6)->queuePosition(), 4);
        QCOMPARE(third->waitReason(), QStringLiteral("2 runs are running, the limit"));
        waitAllFinished(manager);
        QCOMPARE(watch.maxLive, 2);
        QCOMPARE(watch.startOrder, names);
        for (const ManagedRun *run : manager.runs())
            QCOMPARE(run->result().outcome, RunOutcome::Exited);
        QCOMPARE(third->queuePosition(), 0);
    }

    // Raising the limit lets queued runs go at once; 0 is no limit.
    void raisingTheLimitStartsQueuedRuns()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(1);
        for (int i = 1; i <= 3; ++i)
            launcher.launch(request(QStringLiteral("t%1").arg(i), QStringLiteral("sleep 300")));
        QCOMPARE(manager.liveCount(), 1);
        launcher.setMaxConcurrentRuns(0);
        QCOMPARE(manager.liveCount(), 3);
        QCOMPARE(manager.queuedCount(), 0);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // moveInQueue changes the order runs start in; moves that cannot be done are refused.
    void movingInTheQueue()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(1);
        QueueWatch watch(&manager);
        QSignalSpy queueChanged(&manager, &RunManager::queueChanged);
        // The first holds the only place until the file appears.
        const QString gate = m_home.filePath(QStringLiteral("gate-move"));
        launcher.launch(
            request(QStringLiteral("first"),
                    QStringLiteral("while [ ! -e '%1' ]; do sleep 0.05; done").arg(gate)));
        const quint64 b
            = launcher.launch(request(QStringLiteral("b"), QStringLiteral("true"))).runId;
        const quint64 c
            = launcher.launch(request(QStringLiteral("c"), QStringLiteral("true"))).runId;
        const quint64 d
            = launcher.launch(request(QStringLiteral("d"), QStringLiteral("true"))).runId;
        QSignalSpy dMoved(manager.run(d), &ManagedRun::queuePositionChanged);
        QVERIFY(!manager.moveInQueue(b, RunManager::QueueMove::Up));      // already first
        QVERIFY(!manager.moveInQueue(d, RunManager::QueueMove::Down));    // already last
        QVERIFY(!manager.moveInQueue(1, RunManager::QueueMove::ToFront)); // running, not queued
        queueChanged.clear();
        QVERIFY(manager.moveInQueue(d, RunManager::QueueMove::ToFront)); // d b c
        QVERIFY(manager.moveInQueue(b, RunManager::QueueMove::Down));    // d c b
        QVERIFY(queueChanged.count() >= 2);
        QCOMPARE(dMoved.count(), 1);
        QCOMPARE(dMoved.first().first().toInt(), 1);
        QCOMPARE(manager.run(d)->queuePosition(), 1);
        QCOMPARE(manager.run(c)->queuePosition(), 2);
        QCOMPARE(manager.run(b)->queuePosition(), 3);
        QFile touch(gate);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        waitAllFinished(manager);
        QCOMPARE(watch.startOrder, (QStringList{QStringLiteral("first"), QStringLiteral("d"),
                                                QStringLiteral("c"), QStringLiteral("b")}));
    }

    // Stop on a queued run cancels it: it never starts, and the queue moves up.
    void cancellingAQueuedRun()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(1);
        const quint64 first
            = launcher.launch(request(QStringLiteral("first"), QStringLiteral("sleep 300"))).runId;
        const quint64 second
            = launcher.launch(request(QStringLiteral("second"), QStringLiteral("sleep 300"))).runId;
        const quint64 third
            = launcher.launch(request(QStringLiteral("third"), QStringLiteral("sleep 300"))).runId;
        QCOMPARE(manager.run(third)->queuePosition(), 2);
        manager.stop(second);
        ManagedRun *cancelled = manager.run(second);
        QCOMPARE(cancelled->state(), ManagedRun::State::Finished);
        QCOMPARE(cancelled->result().outcome, RunOutcome::Cancelled);
        QCOMPARE(cancelled->taskRun(), nullptr); // never started
        QCOMPARE(manager.run(third)->queuePosition(), 1);
        QCOMPARE(manager.run(third)->state(), ManagedRun::State::Queued);
        manager.stop(first); // its place goes to the third
        QTRY_COMPARE_WITH_TIMEOUT(manager.run(third)->state(), ManagedRun::State::Running,
                                  GenerousMs);
        manager.stop(third);
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Runs of one exclusive group never overlap - by their states and by the times the scripts
    // themselves write - while a run of another group goes on beside them.
    void exclusiveGroupNeverOverlaps()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        QueueWatch watch(&manager);
        const QString times = m_home.filePath(QStringLiteral("group-times"));
        QFile::remove(times);
        for (int i = 1; i <= 4; ++i) {
            RunRequest r
                = request(QStringLiteral("gpu%1").arg(i),
                          QStringLiteral("echo \"$(date +%s%N) start\" >> '%1'; sleep 0.15; "
                                         "echo \"$(date +%s%N) end\" >> '%1'")
                              .arg(times));
            r.task.concurrency.exclusiveGroup = QStringLiteral("gpu");
            launcher.launch(r);
        }
        RunRequest other = request(QStringLiteral("other"), QStringLiteral("sleep 0.3"));
        other.task.concurrency.exclusiveGroup = QStringLiteral("deploy");
        const quint64 otherId = launcher.launch(other).runId;
        QVERIFY(manager.run(otherId)->isLive()); // another group: not held
        QCOMPARE(manager.queuedCount(), 3);
        QCOMPARE(manager.run(2)->waitReason(),
                 QStringLiteral("'gpu1' is running, in the same exclusive group \"gpu\""));
        waitAllFinished(manager);
        QCOMPARE(watch.maxInGroup, 1);
        QFile file(times);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines
            = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 8);
        for (int i = 0; i < lines.size(); ++i) // start, end, start, end...: no two at once
            QVERIFY2(
                lines.at(i).endsWith(i % 2 == 0 ? QLatin1String("start") : QLatin1String("end")),
                qPrintable(lines.join(QLatin1Char('\n'))));
    }

    // parallel: another run beside the first.
    void policyParallel()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        RunRequest r = request(QStringLiteral("svc"), QStringLiteral("sleep 300"));
        r.task.concurrency.whenRunning = InstancePolicy::Parallel;
        QVERIFY(launcher.launch(r).started());
        QVERIFY(launcher.launch(r).started());
        QCOMPARE(manager.liveCount(), 2);
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, GenerousMs);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // queue: the second starts only once the first has ended.
    void policyQueue()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        RunRequest r = request(QStringLiteral("build"), QStringLiteral("sleep 0.3"));
        r.task.concurrency.whenRunning = InstancePolicy::Queue;
        const quint64 first = launcher.launch(r).runId;
        const quint64 second = launcher.launch(r).runId;
        const quint64 third = launcher.launch(r).runId;
        QCOMPARE(manager.queuedCount(), 2);
        QCOMPARE(manager.run(second)->waitReason(),
                 QStringLiteral("waits for the earlier run of 'build' to end"));
        bool startedAfterEarlier = true;
        connect(&manager, &RunManager::runChanged, this, [&](ManagedRun *run) {
            if (run->state() != ManagedRun::State::Starting)
                return;
            for (const ManagedRun *each : manager.runs()) {
                if (each->id() < run->id() && !each->isFinished())
                    startedAfterEarlier = false;
            }
        });
        waitAllFinished(manager);
        QVERIFY(startedAfterEarlier);
        for (const quint64 id : {first, second, third})
            QCOMPARE(manager.run(id)->result().outcome, RunOutcome::Exited);
    }

    // skip: nothing starts by hand (a status message is enough); a trigger's skip is recorded
    // as a run that never started, so that the history shows it fired.
    void policySkip()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        QSignalSpy refused(&launcher, &TaskLauncher::refused);
        RunRequest r = request(QStringLiteral("build"), QStringLiteral("sleep 300"));
        r.task.concurrency.whenRunning = InstancePolicy::Skip;
        QVERIFY(launcher.launch(r).started());
        const TaskLauncher::Launch byHand = launcher.launch(r);
        QVERIFY(!byHand.started());
        QCOMPARE(byHand.refusal,
                 QStringLiteral("'build' is already running: skipped (its policy)"));
        QCOMPARE(manager.runs().size(), 1);
        QCOMPARE(refused.count(), 1);

        r.trigger = RunTriggers::schedule();
        QVERIFY(!launcher.launch(r).started());
        QCOMPARE(manager.runs().size(), 2);
        const ManagedRun *skipped = manager.runs().last();
        QVERIFY(skipped->isFinished());
        QCOMPARE(skipped->result().outcome, RunOutcome::Skipped);
        QCOMPARE(skipped->result().errorText,
                 QStringLiteral("'build' was already running (its policy)"));
        QCOMPARE(skipped->taskRun(), nullptr);
        QCOMPARE(manager.liveCount(), 1);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // restart: the running one is stopped and its whole tree is gone before the new one starts.
    void policyRestart()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        const QByteArray firstMarker = ProcProbe::newMarker();
        // A child and a grandchild in a session of its own: all of it must go.
        RunRequest r
            = request(QStringLiteral("server"),
                      QStringLiteral("sleep 300 & (setsid sleep 300 &); wait"), firstMarker);
        r.task.concurrency.whenRunning = InstancePolicy::Restart;
        const quint64 first = launcher.launch(r).runId;
        PROBE_WAIT_FOR_PROCESSES(firstMarker, 3, GenerousMs);
        QString survivorsAtStart = QStringLiteral("(the second never started)");
        connect(&manager, &RunManager::runChanged, this, [&](ManagedRun *run) {
            if (run->id() != first && run->state() == ManagedRun::State::Starting)
                survivorsAtStart = ProcProbe::survivors(firstMarker);
        });
        RunRequest again = request(QStringLiteral("server"), QStringLiteral("sleep 300"));
        again.task.concurrency.whenRunning = InstancePolicy::Restart;
        const quint64 second = launcher.launch(again).runId;
        QVERIFY(second != 0);
        QCOMPARE(manager.run(second)->state(), ManagedRun::State::Queued);
        QCOMPARE(manager.run(second)->waitReason(),
                 QStringLiteral("restarting: waits for the previous run of 'server' to end"));
        QTRY_COMPARE_WITH_TIMEOUT(manager.run(second)->state(), ManagedRun::State::Running,
                                  GenerousMs);
        QVERIFY2(survivorsAtStart.isEmpty(), qPrintable(survivorsAtStart));
        QCOMPARE(manager.run(first)->result().outcome, RunOutcome::Stopped);
        PROBE_VERIFY_NO_SURVIVORS(firstMarker);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // restart cancels the task's runs still queued: the newest request is the one that runs.
    void restartCancelsQueuedRuns()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(1);
        launcher.launch(request(QStringLiteral("blocker"), QStringLiteral("sleep 300")));
        RunRequest r = request(QStringLiteral("server"), QStringLiteral("sleep 300"));
        r.task.concurrency.whenRunning = InstancePolicy::Restart;
        const quint64 queued = launcher.launch(r).runId;
        const quint64 newer = launcher.launch(r).runId;
        QCOMPARE(manager.run(queued)->result().outcome, RunOutcome::Cancelled);
        QCOMPARE(manager.run(queued)->result().errorText, QStringLiteral("'server' was restarted"));
        QCOMPARE(manager.run(newer)->state(), ManagedRun::State::Queued);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Ask, when nobody answered: a person's launch runs another, a schedule skips, other
    // triggers queue. The user's answer in the request overrides the task's policy.
    void unansweredAsk_data()
    {
        QTest::addColumn<QString>("trigger");
        QTest::addColumn<int>("policy");
        QTest::newRow("manual") << RunTriggers::manual() << int(InstancePolicy::Parallel);
        QTest::newRow("command line")
            << RunTriggers::commandLine() << int(InstancePolicy::Parallel);
        QTest::newRow("schedule") << RunTriggers::schedule() << int(InstancePolicy::Skip);
        QTest::newRow("file change") << RunTriggers::fileChange() << int(InstancePolicy::Queue);
        QTest::newRow("dbus") << RunTriggers::dbus() << int(InstancePolicy::Queue);
    }
    void unansweredAsk()
    {
        QFETCH(QString, trigger);
        QFETCH(int, policy);
        QCOMPARE(int(InstanceAdmission::unansweredAsk(trigger)), policy);
    }
    void answerOverridesThePolicy()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        RunRequest r = request(QStringLiteral("t"), QStringLiteral("sleep 300"));
        r.task.concurrency.whenRunning = InstancePolicy::Skip;
        QVERIFY(launcher.launch(r).started());
        r.instancePolicy = InstancePolicy::Parallel; // "Run another"
        QVERIFY(launcher.launch(r).started());
        QCOMPARE(manager.liveCount(), 2);
        manager.stopAll();
        waitAllFinished(manager);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // 200 runs under a limit of 4: all finish, never more than 4 at once.
    void twoHundredUnderFour()
    {
        RunManager manager;
        TaskLauncher launcher(&manager);
        launcher.setMaxConcurrentRuns(4);
        QueueWatch watch(&manager);
        for (int i = 0; i < 200; ++i)
            launcher.launch(request(QStringLiteral("many%1").arg(i), QStringLiteral("exit 0")));
        QCOMPARE(manager.queuedCount(), 196);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(manager.runs().cbegin(), manager.runs().cend(),
                                             [](const ManagedRun *r) { return r->isFinished(); }),
                                 120'000);
        QCOMPARE(watch.maxLive, 4);
        QCOMPARE(watch.startOrder.size(), 200);
        QCOMPARE(watch.startOrder.first(), QStringLiteral("many0"));
        QCOMPARE(watch.startOrder.last(), QStringLiteral("many199"));
        for (const ManagedRun *run : manager.runs())
            QCOMPARE(run->result().outcome, RunOutcome::Exited);
    }

    // The task's fields are saved and read back; a task without them is written as before.
    void concurrencyRoundTrip()
    {
        Task task{QStringLiteral("t"), TaskSpec::forShell(QStringLiteral("true"))};
        task.concurrency.whenRunning = InstancePolicy::Restart;
        task.concurrency.exclusiveGroup = QStringLiteral("gpu");
        Task plain{QStringLiteral("plain"), TaskSpec::forShell(QStringLiteral("true"))};
        const QByteArray json = TaskLibrary::toJson({task, plain});
        QVERIFY2(json.contains("\"whenRunning\": \"restart\""), json.constData());
        QVERIFY2(json.contains("\"exclusiveGroup\": \"gpu\""), json.constData());
        QCOMPARE(json.count("whenRunning"), 1); // the plain task: no keys
        QList<Task> read;
        QString error;
        QVERIFY2(TaskLibrary::fromJson(json, &read, &error), qPrintable(error));
        QCOMPARE(read.size(), 2);
        QVERIFY(read.at(0).concurrency == task.concurrency);
        QVERIFY(read.at(1).concurrency == Concurrency());
    }
};

QTEST_GUILESS_MAIN(RunQueueTest)
#include "tst_runqueue.moc"
