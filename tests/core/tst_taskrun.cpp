// The run engine, end to end with real processes. Every test that stops a task looks in /proc
// for survivors itself (by a marker of its own), never trusting the engine's word.

#include "bytetext.h"
#include "cgroupprobe.h"
#include "containmentbackend.h"
#include "outcometext.h"
#include "procprobe.h"
#include "taskrun.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace std::chrono_literals;

Q_DECLARE_METATYPE(RunOutcome)
Q_DECLARE_METATYPE(StartFailure)

namespace {

// Generous bounds: CI machines are shared and slow; these catch hangs, not slowness.
constexpr int FinishTimeoutMs = 30'000;

struct Collected
{
    QByteArray out;
    QByteArray err;
};

} // namespace

class TaskRunTest : public QObject
{
    Q_OBJECT

private:
    QByteArray m_marker;
    int m_fdsBefore = 0;

    std::unique_ptr<TaskRun> makeRun(TaskSpec spec, Collected *collected = nullptr)
    {
        spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        spec.environment.insert(QStringLiteral("TR_MARKER"), QString::fromLatin1(m_marker));
        auto run = std::make_unique<TaskRun>(std::move(spec));
        if (collected) {
            connect(run.get(), &TaskRun::outputReceived, run.get(),
                    [collected](OutputChannel channel, const QByteArray &data) {
                        (channel == OutputChannel::Stdout ? collected->out : collected->err)
                            .append(data);
                    });
        }
        return run;
    }

    // Waits for the one finished() and checks that it is the only one.
    bool waitFinished(TaskRun &run, QSignalSpy &spy, RunResult *result = nullptr)
    {
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, FinishTimeoutMs); // the run ends
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
            QCOMPARE(spy.count(), 1); // and never a second time
            QCOMPARE(run.state(), TaskRun::State::Finished);
        }();
        if (QTest::currentTestFailed())
            return false;
        if (result)
            *result = spy.first().first().value<RunResult>();
        return true;
    }

    // Runs spec, which must fail to start: finished() once, started() never.
    RunResult runExpectingStartFailure(const TaskSpec &spec)
    {
        RunResult result;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        QSignalSpy started(run.get(), &TaskRun::started);
        run->start();
        [&] {
            QVERIFY(waitFinished(*run, finished, &result));
            QCOMPARE(started.count(), 0);
            QCOMPARE(result.outcome, RunOutcome::FailedToStart);
        }();
        return result;
    }

    static bool writeFile(const QString &path, const QByteArray &content,
                          QFile::Permissions permissions)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return false;
        file.close();
        return file.setPermissions(permissions);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<RunResult>();
        // The suite runs once per containment (ctest: tst_taskrun with the /proc supervisor,
        // tst_taskrun_cgroup with cgroups). Deciding it now also opens the descriptors it keeps
        // for the program's life (the cgroup events watch), before the tests count theirs.
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
        m_fdsBefore = ProcProbe::openFdCount();
    }

    void cleanup()
    {
        ProcProbe::killAllWithMarker(m_marker);
        // No zombies and no descriptors left behind by a finished run. Zombies of adopted
        // orphans are reaped by the supervisor's scans, so give it a moment.
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::zombieChildren().isEmpty(), 5000);
        // A run destroyed while live leaves its QProcess to be reaped and deleted by the event
        // loop (never blocking): its pidfd closes a turn or two after the zombie is gone.
        const bool settled
            = QTest::qWaitFor([this] { return ProcProbe::openFdCount() <= m_fdsBefore; }, 5000);
        Q_UNUSED(settled); // the check below says what is left if not
        const int fdsAfter = ProcProbe::openFdCount();
        QVERIFY2(fdsAfter == m_fdsBefore,
                 qPrintable(QStringLiteral("%1 descriptors before, %2 after: %3")
                                .arg(m_fdsBefore)
                                .arg(fdsAfter)
                                .arg(ProcProbe::describeFds())));
    }

    void exitStatus_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<RunOutcome>("outcome");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("atLeastMs"); // how long the task surely takes
        QTest::newRow("true") << "true" << RunOutcome::Exited << 0 << 0 << 0;
        QTest::newRow("exit 3") << "exit 3" << RunOutcome::Exited << 3 << 0 << 0;
        QTest::newRow("exit 255") << "exit 255" << RunOutcome::Exited << 255 << 0 << 0;
        QTest::newRow("SIGSEGV") << "kill -SEGV $$" << RunOutcome::Crashed << -1 << 11 << 0;
        QTest::newRow("SIGKILL itself") << "kill -KILL $$" << RunOutcome::Crashed << -1 << 9 << 0;
        QTest::newRow("SIGTERM itself") << "kill -TERM $$" << RunOutcome::Crashed << -1 << 15 << 0;
        QTest::newRow("sleeps, then exits")
            << "sleep 0.3; exit 4" << RunOutcome::Exited << 4 << 0 << 300;
        QTest::newRow("sleeps, then dies")
            << "sleep 0.3; kill -TERM $$" << RunOutcome::Crashed << -1 << 15 << 300;
    }
    // Pause freezes every process of the run (children too): the file they append to stops
    // growing; resume lets it grow again; a stop while paused still ends everything.
    void pauseFreezesResumeContinues()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("progress"));
        auto run = makeRun(TaskSpec::forShell(
            QStringLiteral("(while :; do echo c >> '%1'; sleep 0.01; done) & "
                           "(setsid sh -c 'while :; do echo s >> \"%1\"; sleep 0.01; done' &); "
                           "while :; do echo p >> '%1'; sleep 0.01; done")
                .arg(file)));
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        const auto size = [&file] { return QFileInfo(file).size(); };
        QTRY_VERIFY_WITH_TIMEOUT(size() > 300, FinishTimeoutMs);
        run->pause();
        QCOMPARE(run->state(), TaskRun::State::Paused);
        QVERIFY(run->isLive());
        // An observation window, not a synchronisation: nothing may grow the file in it.
        QTest::qWait(200); // a write in flight when the freeze came lands in this one
        const qint64 frozenAt = size();
        QTest::qWait(500);
        QCOMPARE(size(), frozenAt);
        run->resume();
        QCOMPARE(run->state(), TaskRun::State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(size() > frozenAt + 100, FinishTimeoutMs);
        run->pause();
        run->stop(); // while paused
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Stopped);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // Paused time does not count toward the timeout; the rest of it runs on after resume.
    void pausedTimeDoesNotCountTowardTheTimeout()
    {
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("sleep 300"));
        spec.timeout = 1000ms;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QTRY_COMPARE_WITH_TIMEOUT(run->state(), TaskRun::State::Running, FinishTimeoutMs);
        run->pause();
        QTest::qWait(1500); // past the timeout, paused
        QCOMPARE(finished.count(), 0);
        QCOMPARE(run->state(), TaskRun::State::Paused);
        run->resume();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::TimedOut);
        QVERIFY2(result.duration >= 1500ms, qPrintable(QString::number(result.duration.count())));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // A TERM handler that starts new processes: what it starts during the grace period is
    // killed with the rest.
    void termHandlerThatStartsProcesses()
    {
        TaskSpec spec = TaskSpec::forShell(
            QStringLiteral("trap 'sleep 300 & sleep 300 & (setsid sleep 300 &); wait' TERM; "
                           "sleep 300 & wait; wait"));
        spec.gracePeriod = 1000ms;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, FinishTimeoutMs); // bash and its sleep
        run->stop();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 4, FinishTimeoutMs); // the handler's sleeps came
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Stopped);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // An orphan that clears its environment and leaves the session at once, while another run
    // is live: it is the first run's (its cgroup says so) and is stopped with it; the other run
    // is untouched. The /proc supervisor cannot tell whose such an orphan is (README).
    void clearedOrphanBelongsToItsRunOnly()
    {
        if (ContainmentBackend::active() != RunContainment::Kind::Cgroup)
            QSKIP("the /proc supervisor cannot attribute an orphan that cleared its environment "
                  "and left the session before a scan; cgroups can");
        const QByteArray otherMarker = ProcProbe::newMarker();
        TaskSpec otherSpec = TaskSpec::forShell(QStringLiteral("sleep 300"));
        otherSpec.environment.insert(QString::fromLatin1(otherMarker), QStringLiteral("1"));
        TaskRun other(otherSpec);
        other.start();
        PROBE_WAIT_FOR_PROCESSES(otherMarker, 1, FinishTimeoutMs);

        // The marker is on the orphan's command line only: its environment is empty.
        auto run = makeRun(
            TaskSpec::forShell(QStringLiteral("env -i setsid sh -c 'sleep 300; : %1' & exit 0")
                                   .arg(QString::fromLatin1(m_marker))));
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QVERIFY2(result.leftoversFound >= 1, qPrintable(QString::number(result.leftoversFound)));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QCOMPARE(other.state(), TaskRun::State::Running);
        QVERIFY(!ProcProbe::processesWithMarker(otherMarker).isEmpty());

        QSignalSpy otherFinished(&other, &TaskRun::finished);
        other.kill();
        QVERIFY(waitFinished(other, otherFinished));
        PROBE_VERIFY_NO_SURVIVORS(otherMarker);
    }

    // CPU time is accounted for: two seconds of busy loop in the shell itself show about that
    // much (a cgroup counts all of it; the /proc supervisor samples it at its scans, a second
    // apart, so it may miss the last one).
    void cpuTimeIsAccountedFor()
    {
        auto run = makeRun(
            TaskSpec::forShell(QStringLiteral("SECONDS=0; while [ $SECONDS -lt 2 ]; do :; done")));
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QVERIFY(result.usage.cpuUserMs && result.usage.cpuSystemMs);
        const qint64 cpu = *result.usage.cpuUserMs + *result.usage.cpuSystemMs;
        // Generous: a shared machine may give the loop less than a whole core.
        QVERIFY2(
            cpu >= 300 && cpu <= 5000,
            qPrintable(
                QStringLiteral("%1 ms of CPU, containment %2").arg(cpu).arg(result.containment)));
    }

    void exitStatus()
    {
        QFETCH(QString, script);
        auto run = makeRun(TaskSpec::forShell(script));
        QSignalSpy finished(run.get(), &TaskRun::finished);
        QSignalSpy started(run.get(), &TaskRun::started);
        QElapsedTimer wall; // started before the run, read after its end: the outer bound
        wall.start();
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        const qint64 wallMs = wall.elapsed();
        QCOMPARE(started.count(), 1);
        QTEST(result.outcome, "outcome");
        QTEST(result.exitCode, "exitCode");
        QTEST(result.signal, "signal");
        // The duration is the run's: at least what the task takes, at most what the test saw.
        QFETCH(int, atLeastMs);
        QVERIFY2(result.duration.count() >= atLeastMs && result.duration.count() <= wallMs,
                 qPrintable(QStringLiteral("duration %1 ms, task at least %2 ms, wall %3 ms")
                                .arg(result.duration.count())
                                .arg(atLeastMs)
                                .arg(wallMs)));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void startFailure_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("workingDirectory");
        QTest::addColumn<StartFailure>("failure");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not in PATH")
            << "taskrunner-no-such-program" << QString() << StartFailure::ProgramNotFound
            << "taskrunner-no-such-program";
        QTest::newRow("absolute path missing")
            << "/nonexistent/prog" << QString() << StartFailure::ProgramNotFound
            << "/nonexistent/prog";
        QTest::newRow("not executable")
            << "@noexec" << QString() << StartFailure::NotExecutable << "@noexec";
        QTest::newRow("a directory")
            << "/usr/bin" << QString() << StartFailure::NotExecutable << "/usr/bin";
        QTest::newRow("cwd missing")
            << "true"
            << "/nonexistent/dir" << StartFailure::BadWorkingDirectory << "/nonexistent/dir";
        QTest::newRow("cwd is a file")
            << "true"
            << "@noexec" << StartFailure::BadWorkingDirectory << "@noexec";
    }
    void startFailure()
    {
        QFETCH(QString, program);
        QFETCH(QString, workingDirectory);
        QFETCH(QString, mentions);
        // "@noexec": a plain file without execute permission, made here (some systems ship
        // odd modes in /etc, so no system file is relied upon).
        QTemporaryDir dir;
        const QString noexec = dir.filePath(QStringLiteral("plain.txt"));
        QVERIFY(writeFile(noexec, "echo hi\n", QFile::ReadOwner | QFile::WriteOwner));
        for (QString *text : {&program, &workingDirectory, &mentions})
            text->replace(QLatin1String("@noexec"), noexec);
        TaskSpec spec = TaskSpec::forProgram(program);
        spec.workingDirectory = workingDirectory;
        const RunResult result = runExpectingStartFailure(spec);
        if (QTest::currentTestFailed())
            return;
        QTEST(result.startFailure, "failure");
        QVERIFY2(result.errorText.contains(mentions), qPrintable(result.errorText));
    }

    void execFormatError()
    {
        // Executable bit but no valid binary or #! line: exec fails with ENOEXEC, caught after
        // the spawn rather than by the checks before it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage"));
        QVERIFY(writeFile(path,
                          "\x7f"
                          "ELF garbage",
                          QFile::ReadOwner | QFile::ExeOwner));
        const RunResult result = runExpectingStartFailure(TaskSpec::forProgram(path));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(result.startFailure, StartFailure::NotExecutable);
        QVERIFY2(result.errorText.contains(path), qPrintable(result.errorText));
        // cleanup() checks that no descriptor leaked: Qt 6.4's own exec-failure path leaks
        // one, which is why the task is exec'd by our child modifier, not by QProcess.
    }

    void startFailureLikeTheShell_data()
    {
        QTest::addColumn<QByteArray>("content"); // of an executable file, or "@loop"
        QTest::addColumn<bool>("asWorkingDirectory");
        QTest::addColumn<StartFailure>("failure");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing #! interpreter")
            << QByteArray("#!/nonexistent/interpreter\necho hi\n") << false
            << StartFailure::NotExecutable << "bad interpreter /nonexistent/interpreter";
        QTest::newRow("program is a symbolic-link loop")
            << QByteArray("@loop") << false << StartFailure::NotExecutable << "symbolic links";
        QTest::newRow("working directory is a symbolic-link loop")
            << QByteArray("@loop") << true << StartFailure::BadWorkingDirectory
            << "loop of symbolic links";
    }
    void startFailureLikeTheShell()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, asWorkingDirectory);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("target"));
        if (content == "@loop") {
            QVERIFY(QFile::link(dir.filePath(QStringLiteral("other")), path));
            QVERIFY(QFile::link(path, dir.filePath(QStringLiteral("other"))));
        } else {
            QVERIFY(
                writeFile(path, content, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        }
        TaskSpec spec = TaskSpec::forProgram(asWorkingDirectory ? QStringLiteral("true") : path);
        if (asWorkingDirectory)
            spec.workingDirectory = path;
        const RunResult result = runExpectingStartFailure(spec);
        if (QTest::currentTestFailed())
            return;
        QTEST(result.startFailure, "failure");
        QVERIFY2(result.errorText.contains(mentions), qPrintable(result.errorText));
    }

    void thirtyFailedExecsLeakNoDescriptor()
    {
        // Each of these fails inside execve() in the child, after the spawn: the path where
        // Qt 6.4 leaks a descriptor per failure when it execs itself.
        QTemporaryDir dir;
        const QString badInterpreter = dir.filePath(QStringLiteral("bad-interpreter"));
        const QString garbage = dir.filePath(QStringLiteral("garbage"));
        QVERIFY(
            writeFile(badInterpreter, "#!/nonexistent/sh\n", QFile::ReadOwner | QFile::ExeOwner));
        QVERIFY(writeFile(garbage,
                          "\x7f"
                          "ELF garbage",
                          QFile::ReadOwner | QFile::ExeOwner));
        const int before = ProcProbe::openFdCount();
        for (int i = 0; i < 30; ++i) {
            const RunResult result
                = runExpectingStartFailure(TaskSpec::forProgram(i % 2 ? badInterpreter : garbage));
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(result.startFailure, StartFailure::NotExecutable);
        }
        const int after = ProcProbe::openFdCount();
        QVERIFY2(after == before, qPrintable(QStringLiteral("%1 descriptors before 30 failed "
                                                            "execs, %2 after: %3")
                                                 .arg(before)
                                                 .arg(after)
                                                 .arg(ProcProbe::describeFds())));
    }

    void bytesThatAreNotUtf8ReachTheTaskUnchanged()
    {
        // A program path, an argument and an environment value that are not UTF-8 go through
        // the spec (ByteText) and the exec byte for byte.
        QTemporaryDir dir;
        const QByteArray name = QFile::encodeName(dir.path()) + "/caf\xe9.sh";
        {
            const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0700);
            QVERIFY(fd >= 0);
            const QByteArray script = "#!/bin/sh\nprintf '%s|%s|%s' \"$0\" \"$1\" \"$TR_BYTES\"\n";
            QCOMPARE(::write(fd, script.constData(), size_t(script.size())), script.size());
            ::close(fd);
        }
        TaskSpec spec
            = TaskSpec::forProgram(ByteText::decode(name), {ByteText::decode("a\xff\xfe b")});
        spec.environment.insert(QStringLiteral("TR_BYTES"), ByteText::decode("v\xc3\x28"));
        Collected collected;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        ::unlink(name.constData()); // QTemporaryDir removes by QString names: not this one
        QCOMPARE(collected.out, name + "|a\xff\xfe b|v\xc3\x28");
    }

    void seedCaseTimesOutInAboutASecond()
    {
        Collected collected;
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("sleep 120; echo hello"));
        spec.timeout = 1s;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::TimedOut);
        QVERIFY2(result.duration >= 1s && result.duration < 20s,
                 qPrintable(QString::number(result.duration.count())));
        QVERIFY(!collected.out.contains("hello"));
        QVERIFY(result.processesSignalled >= 2); // bash and sleep
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void stopEverything_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("processes"); // how many marked processes to wait for first
        QTest::addColumn<QString>("how");   // stop, kill
        QTest::addColumn<RunOutcome>("outcome");
        QTest::addColumn<int>("escapees"); // at least

        // Rows with an escapee print "ready" once it has escaped, and the test waits for that:
        // counting processes alone could act before the escape happened.
        const QString perlNewGroup = QStringLiteral(
            "perl -e '$|=1; setpgrp(0,0); print \"ready\\n\"; exec \"sleep\", \"300\"' & ");
        const QString escapee = QStringLiteral("bash -c 'echo ready; exec sleep 300'");
        for (const QString &how : {QStringLiteral("stop"), QStringLiteral("kill")}) {
            const RunOutcome outcome
                = how == QLatin1String("stop") ? RunOutcome::Stopped : RunOutcome::Killed;
            const auto row = [&](const char *name) {
                return &QTest::newRow(
                    qPrintable(QStringLiteral("%1: %2").arg(how, QLatin1String(name))));
            };
            *row("background jobs") << "sleep 300 & sleep 300 & wait" << 3 << how << outcome << 0;
            *row("pipeline") << "sleep 300 | cat | cat" << 3 << how << outcome << 0;
            *row("stopped member") << "sleep 300 & kill -STOP $!; wait" << 2 << how << outcome << 0;
            *row("setsid child") << "setsid " + escapee + " & wait" << 2 << how << outcome << 1;
            *row("double-fork daemon")
                << "(setsid " + escapee + " &); sleep 300" << 2 << how << outcome << 1;
            *row("new process group")
                << perlNewGroup + QStringLiteral("wait") << 2 << how << outcome << 1;
            *row("escapee that clears its environment")
                << "env -i setsid bash -c 'echo ready; exec -a \"sleep-$0\" sleep 300' "
                   "\"$TR_MARKER\" & wait"
                << 2 << how << outcome << 1;
            // Orphaned, environment cleared and in a session of its own before any scan can
            // see it: nothing marks it as the task's but the output pipe it keeps open.
            *row("unmarked orphan holding the output")
                << "( env -i setsid bash -c 'echo ready; exec -a \"sleep-$0\" sleep 300' "
                   "\"$TR_MARKER\" & ); sleep 300"
                << 2 << how << outcome << 1;
            *row("fork storm") << "for i in $(seq 300); do sleep 300 & done; wait" << 301 << how
                               << outcome << 0;
        }
    }

    void stopEverything()
    {
        QFETCH(QString, script);
        QFETCH(int, processes);
        QFETCH(QString, how);
        QFETCH(int, escapees);
        TaskSpec spec = TaskSpec::forShell(script);
        spec.gracePeriod = 20s; // everything here dies on SIGTERM: no escalation needed
        Collected collected;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, processes, FinishTimeoutMs);
        if (escapees > 0) // the escape has happened
            QTRY_VERIFY_WITH_TIMEOUT(collected.out.contains("ready"), FinishTimeoutMs);
        if (how == QLatin1String("stop"))
            run->stop();
        else
            run->kill();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QTEST(result.outcome, "outcome");
        QVERIFY2(result.duration < 20s, "finished only after the grace period: TERM missed");
        QVERIFY2(result.escapeesFound >= escapees,
                 qPrintable(QString::number(result.escapeesFound)));
        QVERIFY2(result.processesSignalled >= processes,
                 qPrintable(QString::number(result.processesSignalled)));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void outputHeldByAStrangerEndsTheRun_data()
    {
        QTest::addColumn<QString>("how"); // exit, stop, kill
        QTest::newRow("task exits") << "exit";
        QTest::newRow("stop") << "stop";
        QTest::newRow("kill") << "kill";
    }
    void outputHeldByAStrangerEndsTheRun()
    {
        // The task passes its stdout over a Unix socket to a process that is not ours (started
        // here, outside the run). EOF never comes; the run must end all the same, soon after
        // its own processes are gone, and say who kept the output.
        QFETCH(QString, how);
        QTemporaryDir dir;
        const QString socket = dir.filePath(QStringLiteral("s"));
        QProcess stranger;
        stranger.start(QStringLiteral(FDHOLDER_PATH), {QStringLiteral("serve"), socket});
        QVERIFY(stranger.waitForReadyRead(FinishTimeoutMs));
        QCOMPARE(stranger.readLine(), QByteArray("ready\n"));

        TaskSpec spec = TaskSpec::forShell(
            QStringLiteral("echo before; '%1' send '%2' && echo passed; %3")
                .arg(QStringLiteral(FDHOLDER_PATH), socket,
                     how == QLatin1String("exit") ? QStringLiteral("exit 3")
                                                  : QStringLiteral("sleep 300")));
        spec.gracePeriod = 20s;
        Collected collected;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        QElapsedTimer clock;
        clock.start();
        run->start();
        QTRY_VERIFY_WITH_TIMEOUT(collected.out.contains("passed"), FinishTimeoutMs);
        if (how == QLatin1String("stop"))
            run->stop();
        else if (how == QLatin1String("kill"))
            run->kill();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        // Within the drain deadline (plus generous slack), never the 20 s grace or 300 s sleep.
        QVERIFY2(clock.elapsed() < 15'000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(result.outputHolders.size(), 1);
        QVERIFY2(result.outputHolders.first().contains(QString::number(stranger.processId()))
                     && result.outputHolders.first().contains(QLatin1String("fdholder")),
                 qPrintable(result.outputHolders.first()));
        if (how == QLatin1String("exit")) {
            QCOMPARE(result.outcome, RunOutcome::Exited);
            QCOMPARE(result.exitCode, 3);
        }
        QVERIFY(collected.out.startsWith("before\n"));
        // Not ours: still alive, untouched.
        QCOMPARE(stranger.state(), QProcess::Running);
        QVERIFY(::kill(pid_t(stranger.processId()), 0) == 0);
        stranger.kill();
        QVERIFY(stranger.waitForFinished(FinishTimeoutMs));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void outputDuringTheGracePeriodIsNotCutOff()
    {
        // A leftover that takes longer than the drain deadline to clean up after SIGTERM, and
        // prints as it does: its output is the run's, awaited for the whole grace period.
        // The main process exits only once the trap is set (the file says so): a leftover
        // stopped before that would just die, which is not what this is about.
        TaskSpec spec = TaskSpec::forShell(QStringLiteral(
            "f=$(mktemp -u); (trap 'sleep 3; echo cleaned; exit 0' TERM; : > \"$f\"; "
            "while :; do sleep 0.05; done) & "
            "until [ -e \"$f\" ]; do sleep 0.01; done; rm -f \"$f\"; exit 0"));
        spec.gracePeriod = 20s;
        Collected collected;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QVERIFY2(collected.out.contains("cleaned"), collected.out.constData());
        QVERIFY(result.outputHolders.isEmpty());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void pausedOutputOutlivesTheDrainDeadline()
    {
        // A consumer that paused reading (its disk is behind) holds the end of the output in
        // the pipe, not a stranger: however long it takes, nothing is dropped.
        auto run = makeRun(TaskSpec::forShell(QStringLiteral("head -c 300000 /dev/zero")));
        Collected collected;
        connect(run.get(), &TaskRun::outputReceived, run.get(),
                [&collected](OutputChannel, const QByteArray &data) { collected.out += data; });
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->setOutputPaused(true);
        run->start();
        run->setOutputPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::processesWithMarker(m_marker).isEmpty()
                                     && collected.out.size() < 300000,
                                 FinishTimeoutMs);
        // What is asserted is that a deadline does not fire: time has to pass for that.
        QTest::qWait(TaskRun::DrainDeadlineMs + 1000);
        QCOMPARE(finished.count(), 0);
        run->setOutputPaused(false);
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(collected.out.size(), 300000);
        QVERIFY(result.outputHolders.isEmpty());
    }

    void killEndsARunWhoseOutputIsPaused()
    {
        // The consumer paused reading (its disk is behind) and never resumes: Kill must still
        // end the run, and leave nothing alive.
        Collected collected;
        auto run = makeRun(TaskSpec::forShell(QStringLiteral("yes flood")), &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QTRY_VERIFY_WITH_TIMEOUT(!collected.out.isEmpty(), FinishTimeoutMs);
        run->setOutputPaused(true);
        run->kill();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Killed);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void termIgnoredEscalatesAfterGrace_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<bool>("viaTimeout");
        QTest::newRow("stop, group") << "trap '' TERM; sleep 300 & wait" << false;
        QTest::newRow("stop, escapee") << "trap '' TERM; setsid sleep 300 & wait" << false;
        QTest::newRow("timeout, group") << "trap '' TERM; sleep 300 & wait" << true;
    }
    void termIgnoredEscalatesAfterGrace()
    {
        QFETCH(QString, script);
        QFETCH(bool, viaTimeout);
        TaskSpec spec = TaskSpec::forShell(script);
        spec.gracePeriod = 300ms;
        if (viaTimeout)
            spec.timeout = 200ms;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        QSignalSpy states(run.get(), &TaskRun::stateChanged);
        run->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, FinishTimeoutMs);
        if (!viaTimeout)
            run->stop();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, viaTimeout ? RunOutcome::TimedOut : RunOutcome::Stopped);
        QVERIFY2(result.duration >= 300ms, "ended before the grace period: no escalation seen");
        bool sawStopping = false;
        for (const auto &args : states)
            sawStopping
                = sawStopping || args.first().value<TaskRun::State>() == TaskRun::State::Stopping;
        QVERIFY(sawStopping);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void zeroGraceKillsAtOnce()
    {
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("trap '' TERM; sleep 300 & wait"));
        spec.gracePeriod = 0ms;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, FinishTimeoutMs);
        run->stop();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Stopped);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void leftoversAreStoppedAfterNormalExit()
    {
        Collected collected;
        // One leftover in the group, one that left it; the main process exits 4.
        // The main process waits (fifo) until the setsid'd one exists in its own session.
        TaskSpec spec = TaskSpec::forShell(QStringLiteral(
            "f=$(mktemp -u); mkfifo \"$f\"; sleep 300 & (setsid bash -c \"echo > $f; exec sleep "
            "300\" &); read _ < \"$f\"; rm -f \"$f\"; echo main-done; exit 4"));
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(result.exitCode, 4);
        QCOMPARE(result.leftoversFound, 2);
        QVERIFY(!result.leftoversLeftRunning);
        QCOMPARE(collected.out, QByteArray("main-done\n"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void leftoversLeftAloneOnRequest()
    {
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("sleep 300 & echo main-done"));
        spec.leaveLeftovers = true;
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(result.leftoversFound, 1);
        QVERIFY(result.leftoversLeftRunning);
        QCOMPARE(ProcProbe::processesWithMarker(m_marker).size(), 1); // left running
        // cleanup() kills it and checks that its zombie gets reaped
    }

    void outputAfterMainExitIsCaptured()
    {
        // The leftover prints when it receives SIGTERM - after the main process exited and was
        // reaped. QProcess alone would have closed the pipe and lost it (SIGPIPE).
        Collected collected;
        TaskSpec spec = TaskSpec::forShell(QStringLiteral(
            "f=$(mktemp -u); mkfifo \"$f\";"
            "( trap 'echo late-output; echo late-error >&2; exit 0' TERM; echo > \"$f\";"
            "  while :; do sleep 0.05; done ) &"
            "read _ < \"$f\"; rm -f \"$f\"; echo main-exit"));
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(collected.out, QByteArray("main-exit\nlate-output\n"));
        // (bash may also report its sleep "Terminated": the group got SIGTERM too)
        QVERIFY2(collected.err.endsWith("late-error\n"), collected.err.constData());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void stdoutAndStderrApart()
    {
        Collected collected;
        auto run = makeRun(
            TaskSpec::forShell(QStringLiteral("echo out1; echo err1 >&2; printf out2; printf "
                                              "'err2\\n' >&2")),
            &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QVERIFY(waitFinished(*run, finished));
        QCOMPARE(collected.out, QByteArray("out1\nout2"));
        QCOMPARE(collected.err, QByteArray("err1\nerr2\n"));
    }

    void largeBinaryStreamByteExact()
    {
        // 32 MiB of random bytes (invalid UTF-8, NULs, everything) on both streams at once.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("random.bin"));
        QByteArray data(32 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(42);
        generator.fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), qint64(data.size()));
        file.close();

        Collected collected;
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("cat \"$F\" & cat \"$F\" >&2; wait"));
        spec.environment.insert(QStringLiteral("F"), path);
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(collected.out.size(), data.size());
        QVERIFY(collected.out == data);
        QVERIFY(collected.err == data);
    }

    void stdinPipe()
    {
        Collected collected;
        TaskSpec spec = TaskSpec::forProgram(QStringLiteral("cat"));
        spec.stdinMode = TaskSpec::StdinMode::Pipe;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        run->writeStdin(QByteArray("hello\n\0binary\xff", 14));
        // cat echoes while its stdin is still open: the pipe really streams.
        QTRY_COMPARE_WITH_TIMEOUT(collected.out, QByteArray("hello\n\0binary\xff", 14),
                                  FinishTimeoutMs);
        run->closeStdin();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Exited);
        QCOMPARE(result.exitCode, 0);
    }

    void stdinNullGivesEof()
    {
        Collected collected;
        auto run = makeRun(TaskSpec::forProgram(QStringLiteral("cat")), &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.exitCode, 0);
        QVERIFY(collected.out.isEmpty());
    }

    void environmentAndWorkingDirectory()
    {
        QTemporaryDir dir;
        Collected collected;
        TaskSpec spec = TaskSpec::forShell(QStringLiteral("echo \"$GREETING\"; pwd -P"));
        spec.environment.insert(QStringLiteral("GREETING"), QStringLiteral("hi there"));
        spec.workingDirectory = dir.path();
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QVERIFY(waitFinished(*run, finished));
        const QString canonical = QFileInfo(dir.path()).canonicalFilePath();
        QCOMPARE(collected.out, QStringLiteral("hi there\n%1\n").arg(canonical).toLocal8Bit());
    }

    void taskHasItsOwnSessionAndNoTerminal()
    {
        Collected collected;
        auto run = makeRun(TaskSpec::forShell(QStringLiteral(
                               "echo \"$(ps -o sid= -p $$) $$\"; exec < /dev/tty || echo no-tty")),
                           &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QVERIFY(waitFinished(*run, finished));
        const QList<QByteArray> lines = collected.out.split('\n');
        const QList<QByteArray> ids = lines.value(0).simplified().split(' ');
        QCOMPARE(ids.value(0), ids.value(1)); // session id == its own pid
        QCOMPARE(lines.value(1), QByteArray("no-tty"));
    }

    void pseudoTerminal()
    {
        Collected collected;
        TaskSpec spec = TaskSpec::forShell(QStringLiteral(
            "test -t 1 && echo tty-out; test -t 2 && echo tty-err >&2; : < /dev/tty && echo "
            "ctty; stty size < /dev/tty; sleep 300 & wait"));
        spec.usePty = true;
        auto run = makeRun(spec, &collected);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        QTRY_VERIFY_WITH_TIMEOUT(collected.out.contains("50 160"), FinishTimeoutMs);
        QVERIFY2(collected.out.contains("tty-out\r\n"), collected.out.constData()); // ONLCR
        QVERIFY(collected.out.contains("tty-err")); // merged into one stream
        QVERIFY(collected.out.contains("ctty"));    // a controlling terminal of its own
        QVERIFY(collected.err.isEmpty());
        run->kill();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Killed);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void twoRunsAtOnceAreKeptApart()
    {
        // Stopping one run must not touch the other's processes, escapees included.
        const QByteArray otherMarker = ProcProbe::newMarker();
        TaskSpec first = TaskSpec::forShell(QStringLiteral("(setsid sleep 300 &); sleep 300"));
        TaskSpec second = first;
        second.environment.insert(QString::fromLatin1(otherMarker), QStringLiteral("1"));
        auto a = makeRun(first);
        auto b = std::make_unique<TaskRun>(second);
        QSignalSpy finishedA(a.get(), &TaskRun::finished);
        QSignalSpy finishedB(b.get(), &TaskRun::finished);
        a->start();
        b->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, FinishTimeoutMs);
        PROBE_WAIT_FOR_PROCESSES(otherMarker, 2, FinishTimeoutMs); // latched
        a->kill();
        QVERIFY(waitFinished(*a, finishedA));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
        QCOMPARE(ProcProbe::processesWithMarker(otherMarker).size(), 2);
        QCOMPARE(b->state(), TaskRun::State::Running);
        b->stop();
        QVERIFY(waitFinished(*b, finishedB));
        PROBE_VERIFY_NO_SURVIVORS(otherMarker);
    }

    // The shared probe the suites use: a latched wait that says how many it saw, and survivors
    // named in the message.
    void probeWaitsAndNamesSurvivors()
    {
        QProcess sleeper;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        sleeper.setProcessEnvironment(env);
        sleeper.start(QStringLiteral("/usr/bin/sleep"), {QStringLiteral("30")});
        QVERIFY(sleeper.waitForStarted());
        PROBE_WAIT_FOR_PROCESSES(m_marker, 1, FinishTimeoutMs);
        QCOMPARE(ProcProbe::waitForProcesses(m_marker, 2, 50), 1); // gives up, saw one
        const QString message = ProcProbe::survivors(m_marker);
        QVERIFY2(message.startsWith(QLatin1String("1 process carrying ")), qPrintable(message));
        QVERIFY2(
            message.endsWith(QStringLiteral("pid %1 (/usr/bin/sleep 30)").arg(sleeper.processId())),
            qPrintable(message));
        sleeper.kill();
        QVERIFY(sleeper.waitForFinished());
        QCOMPARE(ProcProbe::survivors(m_marker), QString());
    }

    // A limit is applied, or the run does not start - saying which limit and why, in one line -
    // and the task never runs without it. Which of the two is read from the cgroup for itself
    // (CgroupProbe): on a host whose cgroup v2 does not pass the controller on (a hybrid host,
    // where memory, cpu and pids are in v1), and with the /proc supervisor, the refusal; where
    // it does, the limit in the run's own cgroup file, as the task reads it.
    void limitsAreAppliedOrTheRunDoesNotStart_data()
    {
        QTest::addColumn<QString>("controller");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("applied");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("memory") << "memory"
                                << "memory.max" << QByteArray("67108864\n")
                                << "cannot limit memory to 64 MB: ";
        QTest::newRow("cpu") << "cpu"
                             << "cpu.max" << QByteArray("50000 100000\n")
                             << "cannot limit CPU time to 0.5 CPU: ";
        QTest::newRow("pids") << "pids"
                              << "pids.max" << QByteArray("20\n")
                              << "cannot limit processes to 20: ";
    }
    void limitsAreAppliedOrTheRunDoesNotStart()
    {
        QFETCH(QString, controller);
        QFETCH(QString, file);
        QFETCH(QString, refusal);
        QTemporaryDir dir;
        const QString ran = dir.filePath(QStringLiteral("ran"));
        TaskSpec spec = TaskSpec::forShell(
            QStringLiteral(
                "touch '%1'; cat \"$TR_CGROUP2$(sed -n 's/^0:://p' /proc/self/cgroup)/%2\"")
                .arg(ran, file));
        spec.environment.insert(QStringLiteral("TR_CGROUP2"), CgroupProbe::mountPoint());
        if (controller == QLatin1String("memory"))
            spec.limits.memoryMaxBytes = 64 * 1024 * 1024;
        else if (controller == QLatin1String("cpu"))
            spec.limits.cpuMaxCores = 0.5;
        else
            spec.limits.pidsMax = 20;

        QString why;
        const bool expected = CgroupProbe::limitsExpected({controller}, &why);
        qInfo().noquote() << (expected ? QStringLiteral("expected to be applied")
                                       : QStringLiteral("expected to be refused: ") + why);
        QString canWhy;
        QCOMPARE(ContainmentBackend::canApplyLimits(spec.limits, &canWhy), expected);
        if (!expected) {
            const RunResult result = runExpectingStartFailure(spec);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(result.startFailure, StartFailure::Other);
            qInfo().noquote() << result.errorText;
            QVERIFY2(result.errorText.startsWith(refusal), qPrintable(result.errorText));
            QVERIFY2(!result.errorText.contains(QLatin1Char('\n')), qPrintable(result.errorText));
            QCOMPARE(result.errorText, canWhy); // the editor's note says the same
            if (ContainmentBackend::active() == RunContainment::Kind::ProcScan) {
                QVERIFY2(result.errorText.contains(QLatin1String("/proc supervisor")),
                         qPrintable(result.errorText));
            } else {
                QVERIFY2(result.errorText.contains(
                             QStringLiteral("the %1 controller is not").arg(controller)),
                         qPrintable(result.errorText));
                // On a hybrid host, the controller's v1 hierarchy is named.
                if (QFileInfo::exists(QStringLiteral("/sys/fs/cgroup/") + controller)
                    && CgroupProbe::mountPoint() == QLatin1String("/sys/fs/cgroup/unified"))
                    QVERIFY2(result.errorText.contains(
                                 QStringLiteral("%1 is managed by cgroup v1 on this host")
                                     .arg(controller)),
                             qPrintable(result.errorText));
            }
            QVERIFY2(!QFileInfo::exists(ran), "the task ran without its limit");
            QVERIFY2(OutcomeText::describe(result).startsWith(QLatin1String("Could not start: ")
                                                              + refusal),
                     qPrintable(OutcomeText::describe(result)));
            return;
        }
        Collected out;
        auto run = makeRun(spec, &out);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QVERIFY2(result.outcome == RunOutcome::Exited && result.exitCode == 0,
                 qPrintable(OutcomeText::describe(result) + QLatin1Char(' ')
                            + QString::fromLocal8Bit(out.err)));
        QTEST(out.out, "applied");
        QCOMPARE(result.memoryLimitKills, 0);
    }

    // Past its memory limit, the OOM killer ends the task, and the run says so. Only where the
    // memory controller is ours and nothing can be swapped out instead.
    void memoryLimitKillIsTold()
    {
        QString why;
        if (!CgroupProbe::limitsExpected({QStringLiteral("memory")}, &why))
            QSKIP(qPrintable(QStringLiteral("no memory limit can be applied here: ") + why));
        if (CgroupProbe::swapIsOn())
            QSKIP("swap is on: past its memory limit the task is swapped out, not killed");
        // 16 MiB more at a time, each touched, until the kernel ends it.
        TaskSpec spec = TaskSpec::forProgram(
            QStringLiteral("/usr/bin/perl"),
            {QStringLiteral("-e"), QStringLiteral("my @a; push @a, 'x' x (16 << 20) while 1")});
        spec.limits.memoryMaxBytes = 64 * 1024 * 1024;
        spec.timeout = std::chrono::seconds(60); // a limit not applied ends as a timeout
        auto run = makeRun(spec);
        QSignalSpy finished(run.get(), &TaskRun::finished);
        run->start();
        RunResult result;
        QVERIFY(waitFinished(*run, finished, &result));
        QCOMPARE(result.outcome, RunOutcome::Crashed);
        QCOMPARE(result.signal, SIGKILL);
        QVERIFY(result.memoryLimitKills >= 1);
        QCOMPARE(result.memoryLimitBytes, std::optional<quint64>(64 * 1024 * 1024));
        QVERIFY2(OutcomeText::describe(result).startsWith(
                     QLatin1String("Killed by its memory limit (64 MB) after")),
                 qPrintable(OutcomeText::describe(result)));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    void destroyingALiveRunKillsIt()
    {
        auto run = makeRun(TaskSpec::forShell(QStringLiteral("(setsid sleep 300 &); sleep 300")));
        run->start();
        PROBE_WAIT_FOR_PROCESSES(m_marker, 2, FinishTimeoutMs);
        QTest::ignoreMessage(QtWarningMsg, "TaskRun destroyed while live; killing its processes");
        run.reset();
        QTRY_VERIFY_WITH_TIMEOUT(ProcProbe::processesWithMarker(m_marker).isEmpty(),
                                 FinishTimeoutMs);
    }
};

QTEST_GUILESS_MAIN(TaskRunTest)
#include "tst_taskrun.moc"
