// ProcessTreeSampler and ProcessTreeReader: the process tree of a real run made by the test,
// read on the sampler's thread. The suite runs once per containment (ctest:
// tst_processtreesampler with the /proc supervisor, tst_processtreesampler_cgroup with cgroups).
// What a row says is checked against /proc as the test reads it itself; what must be gone is
// looked for in /proc by the test's marker.
#include "containmentbackend.h"
#include "managedrun.h"
#include "processsignaller.h"
#include "processtreereader.h"
#include "processtreesampler.h"
#include "procprobe.h"
#include "runmanager.h"
#include "taskrun.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <memory>
#include <unistd.h>

namespace {
// Generous: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int GenerousMs = 30'000;

// The state letter of pid as /proc says it now; '-' when it is gone.
char stateOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return '-';
    const QByteArray stat = file.readAll();
    const int close = stat.lastIndexOf(')');
    return close >= 0 && stat.size() > close + 2 ? stat.at(close + 2) : '-';
}

// utime + stime of pid (its own, not its children's) in seconds, as /proc says now.
double ownSecondsOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return 0;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is stat's field 3 (state): utime and stime are its fields 14 and 15.
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ::sysconf(_SC_CLK_TCK);
}

const ProcessRow *rowWith(const ProcessTreeSnapshot &snapshot, const QString &commandLine)
{
    for (const ProcessRow &row : snapshot.rows) {
        if (row.commandLine == commandLine)
            return &row;
    }
    return nullptr;
}

const ProcessRow *rowOf(const ProcessTreeSnapshot &snapshot, pid_t pid)
{
    for (const ProcessRow &row : snapshot.rows) {
        if (row.info.pid == pid)
            return &row;
    }
    return nullptr;
}

// One line per row, for failure messages.
QString describe(const ProcessTreeSnapshot &snapshot)
{
    QString text = QStringLiteral("snapshot of run %1 (leader %2, members from %3):")
                       .arg(snapshot.runId)
                       .arg(snapshot.leader)
                       .arg(snapshot.membersFrom);
    for (const ProcessRow &row : snapshot.rows) {
        text += QStringLiteral("\n  pid %1 parent %2 (ppid %3) %4 threads %5 cpu %6 %7%8 [%9]")
                    .arg(row.info.pid)
                    .arg(row.parentInTree)
                    .arg(row.info.ppid)
                    .arg(QLatin1Char(row.info.state))
                    .arg(row.threads)
                    .arg(row.cpuPercent ? QString::number(*row.cpuPercent, 'f', 1)
                                        : QStringLiteral("?"))
                    .arg(row.leftGroup ? QStringLiteral("G") : QString())
                    .arg(row.leftSession ? QStringLiteral("S") : QString())
                    .arg(row.commandLine.isEmpty() ? row.name : row.commandLine);
    }
    return text;
}

} // namespace

class ProcessTreeSamplerTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QByteArray m_marker;
    std::unique_ptr<RunManager> m_manager;

    ManagedRun *startRun(const QString &script, bool stdinPipe = false)
    {
        RunRequest request;
        request.task.name = QStringLiteral("tree");
        request.task.id = QStringLiteral("id-tree");
        request.task.spec = TaskSpec::forShell(script);
        request.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        if (stdinPipe)
            request.task.spec.stdinMode = TaskSpec::StdinMode::Pipe;
        return m_manager->run(m_manager->start(request));
    }

    // Lets the sampler sample until its last snapshot satisfies done, or timeoutMs passed.
    static bool waitFor(ProcessTreeSampler &sampler,
                        const std::function<bool(const ProcessTreeSnapshot &)> &done,
                        int timeoutMs = GenerousMs)
    {
        QSignalSpy spy(&sampler, &ProcessTreeSampler::sampled);
        const QDeadlineTimer deadline(timeoutMs);
        while (!done(sampler.last())) {
            if (deadline.hasExpired())
                return false;
            spy.wait(int(qBound(qint64(1), deadline.remainingTime(), qint64(timeoutMs))));
        }
        return true;
    }

    static bool hasCommandLines(const ProcessTreeSnapshot &snapshot, const QStringList &lines)
    {
        for (const QString &line : lines) {
            if (!rowWith(snapshot, line))
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-processtree"));
        qInfo().noquote() << "containment:" << ContainmentBackend::activeDescription();
        if (ContainmentBackend::requested() == QLatin1String("cgroup")
            && ContainmentBackend::active() != RunContainment::Kind::Cgroup)
            QSKIP(qPrintable(QStringLiteral("no cgroup v2 of ours on this machine: ")
                             + ContainmentBackend::activeDescription()));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Destroyed while process")));
    }

    void init()
    {
        m_marker = ProcProbe::newMarker();
        m_manager = std::make_unique<RunManager>();
    }

    void cleanup()
    {
        m_manager->stopAll();
        QTRY_COMPARE_WITH_TIMEOUT(m_manager->liveCount(), 0, GenerousMs);
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
        m_manager.reset();
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A shell with children and a grandchild, and a `setsid` escapee: every one a row, under
    // its parent, parents first, the leader at the top; the escapee marked as having left the
    // group and the session and still shown as the run's. The members come from the run's
    // containment, as it says.
    void treeOfAShell()
    {
        // sleep 3004 is an orphan at once (its subshell exits): no descendant of the run's, found
        // by the containment alone (the cgroup, the supervisor's marker and session rules).
        ManagedRun *run = startRun(QStringLiteral("sleep 3001 & bash -c 'sleep 3002 & wait' & "
                                                  "setsid sleep 3003 & (setsid sleep 3004 &); "
                                                  "wait"));
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        sampler.watch(run);
        const QStringList expected{QStringLiteral("sleep 3001"),
                                   QStringLiteral("bash -c sleep 3002 & wait"),
                                   QStringLiteral("sleep 3002"), QStringLiteral("sleep 3003"),
                                   QStringLiteral("sleep 3004")};
        QVERIFY2(
            waitFor(sampler,
                    [&](const ProcessTreeSnapshot &s) { return hasCommandLines(s, expected); }),
            qPrintable(describe(sampler.last())));
        const ProcessTreeSnapshot snapshot = sampler.last();
        const QString why = describe(snapshot);
        QCOMPARE(snapshot.runId, run->id());
        const pid_t leader = run->taskRun()->processId();
        QCOMPARE(snapshot.leader, leader);
        QCOMPARE(snapshot.membersFrom, ContainmentBackend::active() == RunContainment::Kind::Cgroup
                                           ? QStringLiteral("the run's cgroup")
                                           : QStringLiteral("the /proc supervisor"));
        QCOMPARE(snapshot.rows.size(), 6);
        QCOMPARE(snapshot.rows.first().info.pid, leader);
        QCOMPARE(snapshot.rows.first().parentInTree, 0);

        const ProcessRow *inner = rowWith(snapshot, QStringLiteral("bash -c sleep 3002 & wait"));
        const ProcessRow *grandchild = rowWith(snapshot, QStringLiteral("sleep 3002"));
        const ProcessRow *child = rowWith(snapshot, QStringLiteral("sleep 3001"));
        const ProcessRow *escapee = rowWith(snapshot, QStringLiteral("sleep 3003"));
        QCOMPARE(child->parentInTree, leader);
        QCOMPARE(inner->parentInTree, leader);
        QCOMPARE(grandchild->parentInTree, inner->info.pid);
        QCOMPARE(escapee->parentInTree, leader);
        // Parents before their children.
        for (int i = 0; i < snapshot.rows.size(); ++i) {
            const pid_t parent = snapshot.rows.at(i).parentInTree;
            if (parent == 0)
                continue;
            bool before = false;
            for (int j = 0; j < i; ++j)
                before = before || snapshot.rows.at(j).info.pid == parent;
            QVERIFY2(before, qPrintable(why));
        }
        for (const ProcessRow *row : {child, inner, grandchild}) {
            QVERIFY2(!row->leftGroup && !row->leftSession, qPrintable(why));
            QCOMPARE(row->info.state, 'S');
        }
        QVERIFY2(escapee->leftGroup && escapee->leftSession, qPrintable(why));
        // The orphan: at the top (its parent is not the run's), after the leader, marked.
        const ProcessRow *orphan = rowWith(snapshot, QStringLiteral("sleep 3004"));
        QCOMPARE(orphan->parentInTree, 0);
        QVERIFY(orphan->info.ppid != leader);
        QVERIFY2(orphan->leftGroup && orphan->leftSession, qPrintable(why));
        QCOMPARE(escapee->info.sid, escapee->info.pid);
        QCOMPARE(child->name, QStringLiteral("sleep"));
        QCOMPARE(child->threads, 1);
        QVERIFY(child->residentBytes > 0);
        // Started within this test, as the wall clock says.
        QVERIFY2(qAbs(child->started.secsTo(QDateTime::currentDateTime())) < 120,
                 qPrintable(child->started.toString(Qt::ISODateWithMs)));
        QVERIFY(child->started <= QDateTime::currentDateTime().addSecs(1));
        QVERIFY(snapshot.sampledAtMs > 0);
    }

    // A process that exits while shown is gone at the next sample, without error; one whose
    // parent does not reap it is shown as a zombie, by its name (it has no command line); the
    // run's end gives one last, empty snapshot.
    void exitingProcessesAndZombies()
    {
        // The leader becomes `sleep 3001` (exec), which never reaps its children.
        ManagedRun *run = startRun(QStringLiteral("sleep 3002 & bash -c 'sleep 3003 & wait' & "
                                                  "exec sleep 3001"));
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        sampler.watch(run);
        const QStringList expected{QStringLiteral("sleep 3001"), QStringLiteral("sleep 3002"),
                                   QStringLiteral("sleep 3003")};
        QVERIFY2(
            waitFor(sampler,
                    [&](const ProcessTreeSnapshot &s) { return hasCommandLines(s, expected); }),
            qPrintable(describe(sampler.last())));
        const ProcessTreeSnapshot before = sampler.last();
        const ProcessRow zombie = *rowWith(before, QStringLiteral("sleep 3002"));
        const ProcessRow reaped = *rowWith(before, QStringLiteral("sleep 3003"));
        QVERIFY(ProcessSignaller::signalProcess(zombie.info, SIGKILL));
        QVERIFY(ProcessSignaller::signalProcess(reaped.info, SIGKILL));
        sampler.sampleNow();
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             const ProcessRow *z = rowOf(s, zombie.info.pid);
                             return z && z->info.isZombie() && !rowOf(s, reaped.info.pid);
                         }),
                 qPrintable(describe(sampler.last())));
        const ProcessTreeSnapshot after = sampler.last();
        const ProcessRow *shown = rowOf(after, zombie.info.pid);
        QCOMPARE(shown->name, QStringLiteral("sleep"));
        QVERIFY(shown->commandLine.isEmpty());
        QCOMPARE(shown->parentInTree, run->taskRun()->processId());

        QSignalSpy sampled(&sampler, &ProcessTreeSampler::sampled);
        run->stop();
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), GenerousMs);
        QVERIFY(!sampled.isEmpty());
        const auto last = sampled.constLast().constFirst().value<ProcessTreeSnapshot>();
        QCOMPARE(last.runId, run->id());
        QVERIFY(last.rows.isEmpty());
        QVERIFY(sampler.last().rows.isEmpty());
        // Sampling has stopped: nothing more comes (anything late would come within a few
        // intervals).
        const qsizetype count = sampled.size();
        QTest::qWait(4 * ProcessTreeSampler::MinimumIntervalMs);
        QCOMPARE(sampled.size(), count);
        sampler.sampleNow();
        QTest::qWait(ProcessTreeSampler::MinimumIntervalMs);
        QCOMPARE(sampled.size(), count);
    }

    // CPU % is each process's own time since its previous sample: for a busy loop what it
    // really got (as the test measures it around a few samples: on two shared cores a busy
    // loop rarely gets a whole one), an idle sleep at 0, and a shell that reaps a child that
    // was busy stays at 0 (its children's time, cutime, is not its own).
    void cpuPercentOwnTime()
    {
        ManagedRun *run = startRun(QStringLiteral(
            "sleep 3001 & bash -c 'while :; do :; done; : busy' & wait $!; sleep 3002"));
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(500);
        sampler.watch(run);
        const QString busyLine = QStringLiteral("bash -c while :; do :; done; : busy");
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             const ProcessRow *busy = rowWith(s, busyLine);
                             const ProcessRow *idle = rowWith(s, QStringLiteral("sleep 3001"));
                             return busy && busy->cpuPercent && idle && idle->cpuPercent;
                         }),
                 qPrintable(describe(sampler.last())));
        const ProcessInfo busy = rowWith(sampler.last(), busyLine)->info;

        // The process's own time, read by the test as each of two samples arrives, four
        // samples apart: what the four shown between them should say on average.
        double before = -1;
        double after = -1;
        QElapsedTimer clock;
        qint64 spanMs = 0;
        QList<double> shown;
        double idleMost = 0;
        const QMetaObject::Connection connection = connect(
            &sampler, &ProcessTreeSampler::sampled, this, [&](const ProcessTreeSnapshot &s) {
                if (after >= 0)
                    return;
                if (before < 0) {
                    before = ownSecondsOf(busy.pid);
                    clock.start();
                    return;
                }
                if (const ProcessRow *row = rowOf(s, busy.pid); row && row->cpuPercent)
                    shown.append(*row->cpuPercent);
                const ProcessRow *idle = rowWith(s, QStringLiteral("sleep 3001"));
                if (idle && idle->cpuPercent)
                    idleMost = qMax(idleMost, *idle->cpuPercent);
                if (shown.size() >= 4) {
                    after = ownSecondsOf(busy.pid);
                    spanMs = clock.elapsed();
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(after >= 0, GenerousMs);
        disconnect(connection);
        const double measured = (after - before) * 100.0 / (double(spanMs) / 1000.0);
        double average = 0;
        for (const double percent : std::as_const(shown))
            average += percent / shown.size();
        const QString why = QStringLiteral("measured %1 %, shown %2")
                                .arg(measured)
                                .arg(QStringList([&] {
                                         QStringList list;
                                         for (const double p : std::as_const(shown))
                                             list.append(QString::number(p, 'f', 1));
                                         return list;
                                     }())
                                         .join(QLatin1String(", ")));
        qInfo().noquote() << "busy loop:" << why;
        QVERIFY2(measured > 10, qPrintable(why)); // it is busy
        QVERIFY2(idleMost < 2, qPrintable(QString::number(idleMost)));
        QVERIFY2(qAbs(average - measured) <= qMax(10.0, measured * 0.2), qPrintable(why));
        for (const double percent : std::as_const(shown))
            QVERIFY2(percent <= 110, qPrintable(why)); // one thread, one core at most

        // The shell reaps the busy loop and goes on to `sleep 3002`: its own CPU stays near 0
        // in every sample from now on, though its children's time grew by seconds at once.
        const pid_t leader = run->taskRun()->processId();
        QVERIFY(ProcessSignaller::signalProcess(busy, SIGKILL));
        QList<double> leaderPercents;
        QSignalSpy sampled(&sampler, &ProcessTreeSampler::sampled);
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             if (const ProcessRow *l = rowOf(s, leader); l && l->cpuPercent)
                                 leaderPercents.append(*l->cpuPercent);
                             return rowWith(s, QStringLiteral("sleep 3002"))
                                    && leaderPercents.size() >= 3;
                         }),
                 qPrintable(describe(sampler.last())));
        for (const QVariantList &args : std::as_const(sampled)) {
            const auto s = args.constFirst().value<ProcessTreeSnapshot>();
            if (const ProcessRow *l = rowOf(s, leader); l && l->cpuPercent)
                QVERIFY2(*l->cpuPercent < 10, qPrintable(describe(s)));
        }
    }

    // The command line: arguments joined by spaces, bytes that are not UTF-8 and control
    // characters escaped, a long one cut; read again when the process execs (its comm changes).
    void commandLineOfARealProcess()
    {
        const QString longArgument(6000, QLatin1Char('x'));
        ManagedRun *run = startRun(
            // In the foreground (a job in the background reads /dev/null); `; :` so that the
            // shell does not exec it.
            QStringLiteral("bash -c 'read line; exec sleep 3001' odd \"two words\" "
                           "$'caf\\xe9\\x01' ")
                + longArgument + QStringLiteral("; :"),
            true);
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        sampler.watch(run);
        const QString start = QStringLiteral("bash -c read line; exec sleep 3001 odd two words "
                                             "caf\\xe9\\x01 xxx");
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             for (const ProcessRow &row : s.rows) {
                                 if (row.commandLine.startsWith(start))
                                     return true;
                             }
                             return false;
                         }),
                 qPrintable(describe(sampler.last())));
        const ProcessRow *reader = nullptr;
        const ProcessTreeSnapshot snapshot = sampler.last();
        for (const ProcessRow &row : snapshot.rows) {
            if (row.commandLine.startsWith(start))
                reader = &row;
        }
        QVERIFY(reader->commandLine.endsWith(QChar(0x2026)));
        QCOMPARE(reader->commandLine.size(),
                 ProcessTreeReader::CommandLineCap + 2 * 3 + 1); // two bytes shown as \xNN, …
        const pid_t pid = reader->info.pid;
        const quint64 startTime = reader->info.startTime;

        run->taskRun()->writeStdin("go\n");
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             const ProcessRow *row = rowOf(s, pid);
                             return row && row->commandLine == QStringLiteral("sleep 3001");
                         }),
                 qPrintable(describe(sampler.last())));
        QCOMPARE(rowOf(sampler.last(), pid)->info.startTime, startTime); // the same process
        QCOMPARE(rowOf(sampler.last(), pid)->name, QStringLiteral("sleep"));
    }

    void commandLineText_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<QString>("text");
        QTest::newRow("arguments") << QByteArray("sleep\0"
                                                 "300\0",
                                                 10)
                                   << false << QStringLiteral("sleep 300");
        QTest::newRow("spaces inside")
            << QByteArray("a\0b c\0", 6) << false << QStringLiteral("a b c");
        QTest::newRow("empty argument")
            << QByteArray("a\0\0b\0", 5) << false << QStringLiteral("a  b");
        QTest::newRow("no trailing NUL (setproctitle)")
            << QByteArray("nginx: worker process") << false
            << QStringLiteral("nginx: worker process");
        QTest::newRow("nothing (a zombie, a kernel thread)") << QByteArray() << false << QString();
        QTest::newRow("UTF-8") << QByteArray("echo\0caf\xc3\xa9\0", 10) << false
                               << QStringLiteral("echo caf\u00e9");
        QTest::newRow("not UTF-8") << QByteArray("echo\0caf\xe9\xff\0", 10) << false
                                   << QStringLiteral("echo caf\\xe9\\xff");
        QTest::newRow("newline and tab")
            << QByteArray("a\nb\tc") << false << QStringLiteral("a\\x0ab\\x09c");
        QTest::newRow("truncated") << QByteArray("abc") << true << QStringLiteral("abc\u2026");
        QTest::newRow("truncated inside a character")
            << QByteArray("ab\xe2\x82") << true << QStringLiteral("ab\u2026");
        QTest::newRow("truncated after a whole character")
            << QByteArray("ab\xe2\x82\xac") << true << QStringLiteral("ab\u20ac\u2026");
    }

    void commandLineText()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, truncated);
        QFETCH(QString, text);
        QCOMPARE(ProcessTreeReader::commandLineText(raw, truncated), text);
    }

    // Threads: field 20 of stat, the process's own count.
    void threadCount()
    {
        ManagedRun *run
            = startRun(QStringLiteral("'%1' 6 & wait").arg(QStringLiteral(THREADHOLDER)));
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        sampler.watch(run);
        const QString line = QStringLiteral(THREADHOLDER " 6");
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             const ProcessRow *row = rowWith(s, line);
                             return row && row->threads == 7;
                         }),
                 qPrintable(describe(sampler.last())));
        QCOMPARE(sampler.last().rows.first().threads, 1); // the shell
    }

    // A signal sent for a row reaches that process only: STOP, CONT and TERM to one of three
    // sleeping siblings, the others untouched, as /proc says; a row whose process has exited
    // (its pid free for reuse) is refused, and so is one naming a live pid with another start
    // time.
    void signalReachesOnlyItsRow()
    {
        ManagedRun *run = startRun(QStringLiteral("sleep 3001 & sleep 3002 & sleep 3003 & wait"));
        ProcessTreeSampler sampler;
        sampler.setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        sampler.watch(run);
        const QStringList expected{QStringLiteral("sleep 3001"), QStringLiteral("sleep 3002"),
                                   QStringLiteral("sleep 3003")};
        QVERIFY2(
            waitFor(sampler,
                    [&](const ProcessTreeSnapshot &s) { return hasCommandLines(s, expected); }),
            qPrintable(describe(sampler.last())));
        const ProcessTreeSnapshot snapshot = sampler.last();
        const ProcessRow target = *rowWith(snapshot, QStringLiteral("sleep 3002"));
        const pid_t sibling1 = rowWith(snapshot, QStringLiteral("sleep 3001"))->info.pid;
        const pid_t sibling2 = rowWith(snapshot, QStringLiteral("sleep 3003"))->info.pid;
        const pid_t leader = snapshot.leader;

        QVERIFY(ProcessSignaller::signalProcess(target.info, SIGSTOP));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(target.info.pid), 'T', GenerousMs);
        QCOMPARE(stateOf(sibling1), 'S');
        QCOMPARE(stateOf(sibling2), 'S');
        QCOMPARE(stateOf(leader), 'S');
        sampler.sampleNow(); // the panel's refresh after a signal
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) {
                             const ProcessRow *row = rowOf(s, target.info.pid);
                             return row && row->info.state == 'T';
                         }),
                 qPrintable(describe(sampler.last())));

        QVERIFY(ProcessSignaller::signalProcess(target.info, SIGCONT));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(target.info.pid), 'S', GenerousMs);

        QVERIFY(ProcessSignaller::signalProcess(target.info, SIGTERM));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(target.info.pid), '-', GenerousMs); // reaped by bash
        QCOMPARE(stateOf(sibling1), 'S');
        QCOMPARE(stateOf(sibling2), 'S');
        QVERIFY(run->isLive());

        // Stale: the row's process is gone.
        QVERIFY(!ProcessSignaller::signalProcess(target.info, SIGKILL));
        // Stale: the pid is someone else's now (another start time) - a live sibling's stands
        // in for a reused pid.
        ProcessInfo reused = rowOf(snapshot, sibling1)->info;
        reused.startTime += 1;
        QVERIFY(!ProcessSignaller::signalProcess(reused, SIGSTOP));
        QCOMPARE(stateOf(sibling1), 'S');
        QVERIFY2(waitFor(sampler,
                         [&](const ProcessTreeSnapshot &s) { return !rowOf(s, target.info.pid); }),
                 qPrintable(describe(sampler.last())));
        QCOMPARE(sampler.last().rows.size(), 3);
    }

    // Watching another run forgets the first; a run that is destroyed stops the sampling; the
    // sampler can go while a sample is in flight (its thread is joined, nothing leaks).
    void watchSwitchAndTeardown()
    {
        ManagedRun *first = startRun(QStringLiteral("sleep 3001"));
        ManagedRun *second = startRun(QStringLiteral("sleep 3002"));
        auto sampler = std::make_unique<ProcessTreeSampler>();
        sampler->setIntervalMs(ProcessTreeSampler::MinimumIntervalMs);
        QCOMPARE(sampler->intervalMs(), ProcessTreeSampler::MinimumIntervalMs);
        sampler->setIntervalMs(10);
        QCOMPARE(sampler->intervalMs(), ProcessTreeSampler::MinimumIntervalMs);
        sampler->watch(first);
        QCOMPARE(sampler->watched(), first);
        QVERIFY(waitFor(*sampler, [&](const ProcessTreeSnapshot &s) {
            return rowWith(s, QStringLiteral("sleep 3001"));
        }));
        QSignalSpy sampled(sampler.get(), &ProcessTreeSampler::sampled);
        sampler->watch(second);
        QVERIFY(sampler->last().rows.isEmpty()); // forgotten at once
        QVERIFY(waitFor(*sampler, [&](const ProcessTreeSnapshot &s) {
            return rowWith(s, QStringLiteral("sleep 3002"));
        }));
        for (const QVariantList &args : std::as_const(sampled)) {
            const auto s = args.constFirst().value<ProcessTreeSnapshot>();
            QCOMPARE(s.runId, second->id()); // nothing late of the first
        }
        sampler->watch(nullptr);
        QCOMPARE(sampler->watched(), nullptr);
        sampler->sampleNow(); // nothing watched: nothing happens
        QVERIFY(sampler->cost().samples > 0);

        sampler->watch(first);
        sampler->sampleNow();
        sampler.reset(); // in flight, most likely
        ProcessTreeSampler another;
        another.watch(second);
        another.sampleNow();
    }
};

QTEST_GUILESS_MAIN(ProcessTreeSamplerTest)
#include "tst_processtreesampler.moc"
