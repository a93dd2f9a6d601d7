// RunManager: the application's runs by id, with real processes. Stopping is checked in /proc
// by a marker of the test's own, never by the manager's word.
#include "linestore.h"
#include "managedrun.h"
#include "outputlog.h"
#include "procprobe.h"
#include "runhistory.h"
#include "runmanager.h"
#include "taskrun.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Generous: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int GenerousMs = 30'000;

QString allText(const OutputLog *log)
{
    QString text;
    const LineStore &store = log->store();
    for (qint64 n = store.firstLineNumber(); n < store.endLineNumber(); ++n)
        text += store.line(n)->text + QLatin1Char('\n');
    return text;
}
} // namespace

class RunManagerTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;

    RunRequest request(const QString &script, const QString &name = QStringLiteral("task"))
    {
        RunRequest request;
        request.task.name = name;
        request.task.id = QStringLiteral("id-") + name;
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        return request;
    }

    // Waits until no run of manager is live; fails the test otherwise.
    static void waitAllFinished(RunManager &manager)
    {
        QTRY_COMPARE_WITH_TIMEOUT(manager.liveCount(), 0, GenerousMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Logs, history and settings of this test only.
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-runmanager"));
    }

    void init() { m_marker = ProcProbe::newMarker(); }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
    }

    // Ids are unique and never 0; a run is told as added before its processes start, then
    // each state once, in order, and its end exactly once - after the outcome is in its log.
    void idsStatesAndOneEnd()
    {
        RunManager manager;
        QList<ManagedRun::State> states;
        int finishedWithoutNote = 0;
        bool addedBeforeStart = false;
        connect(&manager, &RunManager::runAdded, this, [&](ManagedRun *run) {
            addedBeforeStart = run->state() == ManagedRun::State::Queued && !run->taskRun();
            connect(run, &ManagedRun::stateChanged, this,
                    [&states](ManagedRun::State state) { states.append(state); });
        });
        QSignalSpy finished(&manager, &RunManager::runFinished);
        connect(&manager, &RunManager::runFinished, this, [&](ManagedRun *run) {
            if (!allText(run->log()).contains(QLatin1String("[Exited with code 3")))
                ++finishedWithoutNote;
        });
        const quint64 first = manager.start(request(QStringLiteral("echo hello; exit 3")));
        QVERIFY(first != 0);
        QVERIFY(addedBeforeStart);
        const quint64 second = manager.start(request(QStringLiteral("true")));
        QVERIFY(second != 0 && second != first);
        QCOMPARE(manager.runs().size(), 2);
        QCOMPARE(manager.run(first)->task().name, QStringLiteral("task"));
        waitAllFinished(manager);
        QTest::qWait(50); // anything told late would come now
        QCOMPARE(finished.count(), 2);
        QCOMPARE(finishedWithoutNote, 1); // the second exits 0: its note is not "code 3"
        ManagedRun *run = manager.run(first);
        QVERIFY(run->isFinished());
        QCOMPARE(run->result().exitCode, 3);
        QVERIFY(allText(run->log()).contains(QLatin1String("hello")));
        QCOMPARE(states.count(ManagedRun::State::Starting), 2);
        QCOMPARE(states.count(ManagedRun::State::Finished), 2);
        QVERIFY(states.count(ManagedRun::State::Running) <= 2);
        QCOMPARE(states.last(), ManagedRun::State::Finished);
        QCOMPARE(manager.run(12345), nullptr);
    }

    // Many runs at once, each with children: stopAll ends every process of every run, and each
    // run ends exactly once.
    void manyRunsAtOnceAllStop()
    {
        RunManager manager;
        QSignalSpy finished(&manager, &RunManager::runFinished);
        QSignalSpy liveCounts(&manager, &RunManager::liveCountChanged);
        constexpr int Runs = 20;
        for (int i = 0; i < Runs; ++i)
            manager.start(request(QStringLiteral("sleep 300 & (setsid sleep 300 &); wait")));
        QCOMPARE(manager.runs().size(), Runs);
        PROBE_WAIT_FOR_PROCESSES(m_marker, Runs * 3, GenerousMs); // bash + two sleeps each
        QCOMPARE(manager.liveCount(), Runs);
        manager.stopAll();
        waitAllFinished(manager);
        QTest::qWait(50);
        QCOMPARE(finished.count(), Runs);
        QCOMPARE(liveCounts.last().first().toInt(), 0);
        for (const ManagedRun *run : manager.runs())
            QCOMPARE(run->result().outcome, RunOutcome::Stopped);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A run nothing shows any more goes on in the background and is forgotten once it ends;
    // kept again, it stays.
    void discardedLiveRunGoesOnUntilItEnds()
    {
        RunManager manager;
        QSignalSpy removed(&manager, &RunManager::runRemoved);
        const quint64 id = manager.start(request(QStringLiteral("sleep 300")));
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, GenerousMs);
        manager.discardWhenFinished(id);
        QVERIFY(manager.run(id));
        QCOMPARE(manager.backgroundCount(), 1);
        QCOMPARE(removed.count(), 0);
        QVERIFY(!ProcProbe::processesWithMarker(m_marker).isEmpty()); // not stopped by it

        manager.keep(id);
        QCOMPARE(manager.backgroundCount(), 0);
        manager.discardWhenFinished(id);
        QPointer<ManagedRun> run = manager.run(id);
        manager.stop(id);
        QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, GenerousMs);
        QCOMPARE(removed.first().first().value<quint64>(), id);
        QCOMPARE(manager.run(id), nullptr);
        QCOMPARE(manager.backgroundCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!run, GenerousMs); // deleted, later
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        // Kept: still held after its end. Discarded once finished: gone at once.
        const quint64 kept = manager.start(request(QStringLiteral("true")));
        waitAllFinished(manager);
        QVERIFY(manager.run(kept));
        manager.discardWhenFinished(kept);
        QCOMPARE(manager.run(kept), nullptr);
        QCOMPARE(removed.count(), 2);
    }

    // A rerun is a new run of the same request, said to be a rerun of the first.
    void rerunRepeatsTheRequest()
    {
        RunManager manager;
        const quint64 first
            = manager.start(request(QStringLiteral("echo again"), QStringLiteral("r")));
        waitAllFinished(manager);
        const quint64 second = manager.rerun(first);
        QVERIFY(second != 0 && second != first);
        const ManagedRun *run = manager.run(second);
        QCOMPARE(run->request().trigger, QStringLiteral("rerun"));
        QCOMPARE(run->request().rerunOf, first);
        QCOMPARE(run->task().spec.shellScript, QStringLiteral("echo again"));
        waitAllFinished(manager);
        QVERIFY(allText(run->log()).contains(QLatin1String("again")));
        QCOMPARE(manager.rerun(999999), quint64(0));
    }

    // Runs are recorded: a row at the start, completed at the end, with its trigger, task and
    // log; a quick run (no task id) under its command line.
    void runsAreRecorded()
    {
        RunHistory history;
        QVERIFY(history.open(m_home.filePath(QStringLiteral("history.sqlite"))).ok);
        RunManager manager(&history);
        RunRequest saved
            = request(QStringLiteral("echo out; echo err >&2"), QStringLiteral("saved"));
        saved.trigger = QStringLiteral("manual");
        RunRequest quick = request(QStringLiteral("exit 2"), QStringLiteral("quick"));
        quick.task.id.clear();
        QString toldStatus; // a view shown before the start learns where the log goes
        connect(&manager, &RunManager::runAdded, this, [&toldStatus](ManagedRun *run) {
            connect(run, &ManagedRun::logStatusChanged, run,
                    [&toldStatus](const QString &status) { toldStatus = status; });
        });
        const quint64 savedId = manager.start(saved);
        QCOMPARE(toldStatus, manager.run(savedId)->logPath());
        const quint64 quickId = manager.start(quick);
        const qint64 savedRecord = manager.run(savedId)->recordId();
        QVERIFY(savedRecord > 0);
        QCOMPARE(manager.runRecordedAs(savedRecord), manager.run(savedId));
        QCOMPARE(history.run(savedRecord)->state, RunRecord::State::Running);
        waitAllFinished(manager);
        const std::optional<RunRecord> record = history.run(savedRecord);
        QVERIFY(record);
        QCOMPARE(record->state, RunRecord::State::Finished);
        QCOMPARE(record->taskName, QStringLiteral("saved"));
        QCOMPARE(record->taskId, QStringLiteral("id-saved"));
        QCOMPARE(record->trigger, QStringLiteral("manual"));
        QCOMPARE(record->stdoutBytes, 4);
        QCOMPARE(record->stderrBytes, 4);
        QCOMPARE(record->logPath, manager.run(savedId)->logPath());
        QVERIFY(QFile::exists(record->logPath));
        const std::optional<RunRecord> quickRecord = history.run(manager.run(quickId)->recordId());
        QVERIFY(quickRecord);
        QCOMPARE(quickRecord->taskName, QStringLiteral("exit 2"));
        QCOMPARE(quickRecord->result.exitCode, 2);
    }

    // A gate holds queued runs (their reason told), the rest start; when it lets go and the
    // queue is reconsidered they start in order. A queued run stopped is cancelled, never run,
    // and recorded; one skipped says why in its note and its row.
    void gatesHoldQueuedRunsAndUnstartedRunsAreRecorded()
    {
        struct HoldNamed : RunGate
        {
            QString held;
            QString holds(const ManagedRun &run, const RunManager &) const override
            {
                return run.task().name == held ? QStringLiteral("held by the test") : QString();
            }
        };
        RunHistory history;
        QVERIFY(history.open(m_home.filePath(QStringLiteral("gates.sqlite"))).ok);
        RunManager manager(&history);
        auto gate = std::make_unique<HoldNamed>();
        HoldNamed *hold = gate.get();
        hold->held = QStringLiteral("held");
        manager.addGate(std::move(gate));

        const quint64 held
            = manager.start(request(QStringLiteral("echo ran"), QStringLiteral("held")));
        const quint64 free = manager.start(request(QStringLiteral("true"), QStringLiteral("free")));
        const quint64 cancelled
            = manager.start(request(QStringLiteral("echo never"), QStringLiteral("held")));
        const quint64 skipped
            = manager.start(request(QStringLiteral("echo never"), QStringLiteral("held")));
        QCOMPARE(manager.run(held)->state(), ManagedRun::State::Queued);
        QCOMPARE(manager.run(held)->waitReason(), QStringLiteral("held by the test"));
        QVERIFY(manager.run(free)->state() != ManagedRun::State::Queued);
        QCOMPARE(manager.queuedCount(), 3);

        QSignalSpy finished(&manager, &RunManager::runFinished);
        manager.stop(cancelled);
        QVERIFY(manager.run(cancelled)->isFinished());
        QCOMPARE(manager.run(cancelled)->result().outcome, RunOutcome::Cancelled);
        QVERIFY(manager.finishUnstarted(skipped, RunOutcome::Skipped,
                                        QStringLiteral("'build' exited with code 2")));
        QVERIFY(!manager.finishUnstarted(free, RunOutcome::Skipped, QStringLiteral("no")));
        QCOMPARE(manager.run(skipped)->outcomeNote(),
                 QStringLiteral("[Skipped: 'build' exited with code 2]"));
        const std::optional<RunRecord> row = history.run(manager.run(skipped)->recordId());
        QVERIFY(row);
        QCOMPARE(row->state, RunRecord::State::Finished);
        QCOMPARE(row->result.outcome, RunOutcome::Skipped);
        QCOMPARE(history.run(manager.run(cancelled)->recordId())->result.outcome,
                 RunOutcome::Cancelled);

        hold->held.clear();
        manager.reconsiderQueue();
        QVERIFY(manager.run(held)->state() != ManagedRun::State::Queued);
        QVERIFY(manager.run(held)->waitReason().isEmpty());
        waitAllFinished(manager);
        QTRY_VERIFY_WITH_TIMEOUT(manager.run(held)->isFinished(), GenerousMs);
        QVERIFY(allText(manager.run(held)->log()).contains(QStringLiteral("ran")));
        QVERIFY(!allText(manager.run(cancelled)->log()).contains(QStringLiteral("never")));
        QCOMPARE(manager.queuedCount(), 0);
    }

    // One budget for all runs: finished runs nothing shows give their lines back, oldest
    // first; shown again, they read them from their log, the last line and the outcome there.
    void finishedUnseenRunsGiveMemoryBack()
    {
        RunManager manager;
        manager.setMemoryBudget(1); // a byte: everything that may go, goes
        const QString script = QStringLiteral(
            "yes \"$(head -c 99 /dev/zero | tr '\\0' m)\" | head -n 20000; echo last-line");
        const quint64 shown = manager.start(request(script));
        manager.run(shown)->addViewer(); // on screen: kept
        const quint64 hidden = manager.start(request(script));
        waitAllFinished(manager);
        ManagedRun *hiddenRun = manager.run(hidden);
        ManagedRun *shownRun = manager.run(shown);
        QTRY_VERIFY_WITH_TIMEOUT(hiddenRun->isReleased(), GenerousMs);
        QCOMPARE(hiddenRun->log()->store().lineCount(), 0);
        QVERIFY(!shownRun->isReleased());
        QVERIFY(shownRun->log()->store().memoryBytes() > 1024 * 1024);
        QVERIFY(manager.memoryInUse() < 2 * shownRun->log()->store().memoryBytes());

        hiddenRun->addViewer();
        QVERIFY(!hiddenRun->isReleased());
        const QString text = allText(hiddenRun->log());
        QVERIFY(text.contains(QLatin1String("last-line")));
        QVERIFY(text.contains(QLatin1String("[Exited with code 0")));
        // Read back as a new start, not as a cut: no "earlier lines" counted before the tail.
        QCOMPARE(hiddenRun->log()->store().trimmedLines(), 0);
        // Off screen again: given back again (after the viewer leaves, not before) - also the
        // one that was read back from its log once already.
        shownRun->removeViewer();
        QTRY_VERIFY_WITH_TIMEOUT(shownRun->isReleased(), GenerousMs);
        QVERIFY(!hiddenRun->isReleased());
        hiddenRun->removeViewer();
        QTRY_VERIFY_WITH_TIMEOUT(hiddenRun->isReleased(), GenerousMs);
        QCOMPARE(hiddenRun->log()->store().lineCount(), 0);
    }

    // A log that cannot be written (its directory is a file): the run goes on, and says why.
    void unwritableLogIsSaidAndTheRunGoesOn()
    {
        const QByteArray oldData = qgetenv("XDG_DATA_HOME");
        const QString blocked = m_home.filePath(QStringLiteral("blocked"));
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        qputenv("XDG_DATA_HOME", QFile::encodeName(blocked)); // taskrunner/logs under a file
        RunManager manager;
        const quint64 id = manager.start(request(QStringLiteral("echo still-ran")));
        qputenv("XDG_DATA_HOME", oldData);
        waitAllFinished(manager);
        const ManagedRun *run = manager.run(id);
        QVERIFY(run->logPath().isEmpty());
        QVERIFY2(run->logStatus().startsWith(QLatin1String("not written:")),
                 qPrintable(run->logStatus()));
        QVERIFY(allText(run->log()).contains(QLatin1String("still-ran")));
        QCOMPARE(run->result().outcome, RunOutcome::Exited);
    }
};

QTEST_GUILESS_MAIN(RunManagerTest)
#include "tst_runmanager.moc"
