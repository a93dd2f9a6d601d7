// Asking the user's systemd for a delegated scope (SystemdScope, PlatformDelegation, and
// ContainmentBackend's use of them), against a mock systemd (tests/helpers/mocksystemd) on a
// private session bus of the test's own.
//
// The runner is played by a helper program (scopedrunner), never by this process: being moved
// into a cgroup is process-wide, and a process cannot be moved back into a cgroup not ours. The
// helper runs as nobody, in a cgroup of root's made by the test (as a user's session scope is not
// the user's to write), so that its containment has to ask for a delegated one. The mock makes
// the scopes below the test's own cgroup, named taskrunner-test-*, which is killed and removed
// after each test. Needs root (to play systemd: make cgroups, move processes, chown them to
// another user), a writable cgroup2, dbus-daemon and setpriv; skipped, saying which is missing,
// elsewhere. The cases that need none of them run everywhere.

#include "cgroupfiles.h"
#include "cgrouphierarchy.h"
#include "cgroupkiller.h"
#include "procprobe.h"
#include "systemdscope.h"
#include "systemdtypes.h"

#include <QDBusMetaType>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// Generous bounds: shared CI machines are slow; these catch hangs, not slowness.
constexpr int WaitMs = 30'000;
// How quickly "there is no bus" must be said: no multi-second hang.
constexpr int QuickMs = 1000;
// SystemdScope::Request's default deadline.
constexpr int DeadlineMs = 3000;
constexpr uid_t Nobody = 65534;

// Sets or unsets an environment variable for the life of the object.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char *name, const std::optional<QByteArray> &value)
        : m_name(name)
        , m_old(qEnvironmentVariableIsSet(name) ? std::optional<QByteArray>(qgetenv(name))
                                                : std::nullopt)
    {
        set(value);
    }
    ~ScopedEnvironment() { set(m_old); }

private:
    void set(const std::optional<QByteArray> &value)
    {
        if (value)
            qputenv(m_name, *value);
        else
            qunsetenv(m_name);
    }
    const char *m_name;
    std::optional<QByteArray> m_old;
};

// What scopedrunner printed: "key value" lines; every "report" line kept.
struct RunnerOutput
{
    QMap<QString, QString> values;
    QStringList report;
    QString reportText() const { return report.join(QLatin1Char('\n')); }
    QString all;
};

void stopProcess(QProcess *process)
{
    if (!process || process->state() == QProcess::NotRunning)
        return;
    process->closeWriteChannel();
    if (!process->waitForFinished(10'000)) {
        process->kill(); // our own child, by its pid
        process->waitForFinished(WaitMs);
    }
}

// Reads lines from process until one starts with one of ends, or it exits, or WaitMs passes.
QStringList readLinesUntil(QProcess *process, const QStringList &ends)
{
    QStringList lines;
    QDeadlineTimer deadline(WaitMs);
    while (!deadline.hasExpired()) {
        while (process->canReadLine()) {
            const QString line = QString::fromLocal8Bit(process->readLine()).trimmed();
            lines.append(line);
            for (const QString &end : ends) {
                if (line.startsWith(end))
                    return lines;
            }
        }
        if (process->state() == QProcess::NotRunning)
            break;
        process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return lines;
}

} // namespace

class SystemdScopeTest : public QObject
{
    Q_OBJECT

private:
    CgroupHierarchy m_host;
    QString m_liveSkip; // why the runner-against-the-mock cases cannot run here
    QString m_busSkip;  // why no private bus can be started here
    QString m_dbusDaemon;
    QString m_setpriv;
    QByteArray m_marker;
    QString m_testDirectory; // a cgroup of the test's own, per test
    QString m_testPath;
    std::unique_ptr<QTemporaryDir> m_busDirectory;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_mock;
    std::unique_ptr<QProcess> m_runner;
    QString m_busAddress;

    // A dbus-daemon of our own whose socket any user may connect to (the helper runs as
    // nobody). Its address in m_busAddress.
    bool startBus(QString *error)
    {
        m_busDirectory = std::make_unique<QTemporaryDir>();
        if (!m_busDirectory->isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        ::chmod(QFile::encodeName(m_busDirectory->path()).constData(), 0755);
        const QString config = m_busDirectory->filePath(QStringLiteral("bus.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly)) {
            *error = file.errorString();
            return false;
        }
        file.write(QStringLiteral(
                       "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                       "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/"
                       "busconfig.dtd\">\n"
                       "<busconfig>\n"
                       "  <type>session</type>\n"
                       "  <listen>unix:path=%1/bus</listen>\n"
                       "  <auth>EXTERNAL</auth>\n"
                       "  <policy context=\"default\">\n"
                       "    <allow user=\"*\"/>\n"
                       "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                       "    <allow eavesdrop=\"true\"/>\n"
                       "    <allow own=\"*\"/>\n"
                       "  </policy>\n"
                       "</busconfig>\n")
                       .arg(m_busDirectory->path())
                       .toUtf8());
        file.close();
        m_bus = std::make_unique<QProcess>();
        m_bus->setProcessChannelMode(QProcess::SeparateChannels);
        m_bus->start(m_dbusDaemon, {QStringLiteral("--config-file=") + config,
                                    QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        const QStringList lines = readLinesUntil(m_bus.get(), {QStringLiteral("unix:path")});
        if (lines.isEmpty() || !lines.last().startsWith(QLatin1String("unix:"))) {
            *error = QStringLiteral("dbus-daemon did not start: %1")
                         .arg(QString::fromLocal8Bit(m_bus->readAllStandardError()));
            return false;
        }
        m_busAddress = lines.last();
        // The socket is made with the daemon's umask: let nobody in.
        ::chmod(QFile::encodeName(m_busDirectory->filePath(QStringLiteral("bus"))).constData(),
                0777);
        return true;
    }

    // The mock systemd on our bus, in mode.
    bool startMock(const QString &mode, QString *error)
    {
        m_mock = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
        m_mock->setProcessEnvironment(environment);
        m_mock->start(QStringLiteral(MOCKSYSTEMD), {m_testDirectory, mode});
        const QStringList lines
            = readLinesUntil(m_mock.get(), {QStringLiteral("ready"), QStringLiteral("failed")});
        if (lines.value(lines.size() - 1) != QLatin1String("ready")) {
            *error = QStringLiteral("mocksystemd did not start: %1 %2")
                         .arg(lines.join(QLatin1Char('|')),
                              QString::fromLocal8Bit(m_mock->readAllStandardError()));
            return false;
        }
        return true;
    }

    // What the mock printed since it started ("call ..." lines).
    QStringList mockCalls()
    {
        QStringList calls;
        m_mock->waitForReadyRead(100);
        while (m_mock->canReadLine()) {
            const QString line = QString::fromLocal8Bit(m_mock->readLine()).trimmed();
            if (line.startsWith(QLatin1String("call ")))
                calls.append(line);
        }
        return calls;
    }

    // scopedrunner as nobody, started in <test>/session (root's), on our bus or on none.
    RunnerOutput startRunner(bool onOurBus)
    {
        const QString session = m_testDirectory + QStringLiteral("/session");
        const int procs = ::open(QFile::encodeName(session + QStringLiteral("/cgroup.procs")),
                                 O_WRONLY | O_CLOEXEC);
        m_runner = std::make_unique<QProcess>();
        m_runner->setChildProcessModifier([procs] {
            if (::write(procs, "0", 1) != 1)
                ::_exit(99);
        });
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        if (onOurBus)
            environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
        environment.insert(QStringLiteral("TASKRUNNER_CONTAINMENT"), QStringLiteral("auto"));
        environment.insert(QStringLiteral("HOME"), m_busDirectory->path());
        environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        m_runner->setProcessEnvironment(environment);
        m_runner->start(m_setpriv,
                        {QStringLiteral("--reuid=%1").arg(Nobody),
                         QStringLiteral("--regid=%1").arg(Nobody), QStringLiteral("--clear-groups"),
                         QStringLiteral("--"), QStringLiteral(SCOPEDRUNNER)});
        m_runner->waitForStarted(WaitMs);
        ::close(procs);
        RunnerOutput output;
        const QStringList lines
            = readLinesUntil(m_runner.get(), {QStringLiteral("ready"), QStringLiteral("failed")});
        for (const QString &line : lines) {
            const QString key = line.section(QLatin1Char(' '), 0, 0);
            const QString value = line.section(QLatin1Char(' '), 1);
            if (key == QLatin1String("report"))
                output.report.append(value);
            else
                output.values.insert(key, value);
        }
        output.all = lines.join(QLatin1Char('\n'))
                     + QString::fromLocal8Bit(m_runner->readAllStandardError());
        return output;
    }

    // Kills what is left below directory, waits for it to go, removes the cgroups.
    static bool removeTree(const QString &directory, const QString &path, QString *error)
    {
        CgroupKiller::killTree(directory, path, CgroupKillMethod::Auto, nullptr);
        QDeadlineTimer deadline(WaitMs);
        while (!CgroupKiller::treeMembers(directory).isEmpty() && !deadline.hasExpired())
            QTest::qWait(10);
        for (const QString &cgroup : CgroupFiles::subtreeDeepestFirst(directory)) {
            if (!CgroupFiles::removeDirectory(cgroup, error))
                return false;
        }
        return true;
    }

#define REQUIRE_LIVE()                                                                             \
    do {                                                                                           \
        if (!m_liveSkip.isEmpty())                                                                 \
            QSKIP(qPrintable(m_liveSkip));                                                         \
    } while (false)

private Q_SLOTS:
    void initTestCase()
    {
        m_host = CgroupHierarchy::detect();
        m_dbusDaemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        m_setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (m_dbusDaemon.isEmpty())
            m_busSkip = QStringLiteral("dbus-daemon is not installed (Debian: apt-get install "
                                       "dbus-daemon)");
        if (!m_busSkip.isEmpty())
            m_liveSkip = m_busSkip;
        else if (::geteuid() != 0)
            m_liveSkip = QStringLiteral("playing systemd needs root: making cgroups, moving "
                                        "processes and handing cgroups to another user");
        else if (m_setpriv.isEmpty())
            m_liveSkip = QStringLiteral("setpriv (util-linux) is not installed");
        else if (!m_host.usable())
            m_liveSkip
                = QStringLiteral("no writable cgroup2 directory of ours: %1")
                      .arg(m_host.problem.isEmpty() ? m_host.notWritableReason : m_host.problem);
        if (!m_liveSkip.isEmpty())
            qInfo("runner cases skipped: %s", qPrintable(m_liveSkip));
    }

    void init()
    {
        m_marker = ProcProbe::newMarker();
        if (!m_liveSkip.isEmpty())
            return;
        const QString name
            = QStringLiteral("taskrunner-test-%1-%2")
                  .arg(::getpid())
                  .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_testDirectory = m_host.ownDirectory + QLatin1Char('/') + name;
        m_testPath = (m_host.ownPath == QLatin1String("/") ? QString() : m_host.ownPath)
                     + QLatin1Char('/') + name;
        QString error;
        QVERIFY2(CgroupFiles::makeDirectory(m_testDirectory, &error), qPrintable(error));
        // The runner's starting place: root's, as a user's session scope is not the user's.
        QVERIFY2(CgroupFiles::makeDirectory(m_testDirectory + QStringLiteral("/session"), &error),
                 qPrintable(error));
    }

    void cleanup()
    {
        stopProcess(m_runner.get());
        stopProcess(m_mock.get());
        if (m_bus && m_bus->state() != QProcess::NotRunning) {
            m_bus->terminate();
            if (!m_bus->waitForFinished(10'000)) {
                m_bus->kill();
                m_bus->waitForFinished(WaitMs);
            }
        }
        m_runner.reset();
        m_mock.reset();
        m_bus.reset();
        m_busAddress.clear();
        ProcProbe::killAllWithMarker(m_marker);
        if (!m_testDirectory.isEmpty()) {
            QString error;
            if (!removeTree(m_testDirectory, m_testPath, &error))
                qWarning("cleanup: %s", qPrintable(error));
            QVERIFY2(!CgroupFiles::exists(m_testDirectory),
                     qPrintable(m_testDirectory + QStringLiteral(" left behind")));
            m_testDirectory.clear();
        }
        m_busDirectory.reset();
    }

    // --- What is sent, without a bus ---------------------------------------------------------

    void signaturesAreSystemds()
    {
        SystemdTypes::registerTypes();
        QCOMPARE(QByteArray(QDBusMetaType::typeToSignature(QMetaType::fromType<SystemdProperty>())),
                 QByteArray("(sv)"));
        QCOMPARE(
            QByteArray(QDBusMetaType::typeToSignature(QMetaType::fromType<SystemdProperties>())),
            QByteArray("a(sv)"));
        QCOMPARE(QByteArray(QDBusMetaType::typeToSignature(QMetaType::fromType<SystemdAuxUnit>())),
                 QByteArray("(sa(sv))"));
        QCOMPARE(QByteArray(QDBusMetaType::typeToSignature(QMetaType::fromType<SystemdAuxUnits>())),
                 QByteArray("a(sa(sv))"));
        QCOMPARE(QByteArray(QDBusMetaType::typeToSignature(QMetaType::fromType<QList<uint>>())),
                 QByteArray("au"));
    }

    void scopeProperties()
    {
        SystemdTypes::registerTypes();
        SystemdScope::Request request;
        const SystemdProperties sent = SystemdScope::scopeProperties(request, 4242);
        QDBusArgument argument;
        argument << sent;
        QCOMPARE(argument.currentSignature(), "a(sv)");
        // What each value is sent as (the mock reads them back off the wire).
        QCOMPARE(sent.size(), 4);
        QMap<QString, QVariant> byName;
        for (const SystemdProperty &property : sent)
            byName.insert(property.name, property.value.variant());
        QCOMPARE(byName.value("Slice").toString(), "app.slice");
        QCOMPARE(byName.value("Description").toString(), "taskrunner");
        QCOMPARE(byName.value("Delegate").metaType(), QMetaType::fromType<bool>());
        QCOMPARE(byName.value("Delegate").toBool(), true);
        QCOMPARE(byName.value("PIDs").metaType(), QMetaType::fromType<QList<uint>>());
        QCOMPARE(byName.value("PIDs").value<QList<uint>>(), QList<uint>{4242});
    }

    void unitNames()
    {
        const QRegularExpression pattern("^app-taskrunner-[0-9a-f]{16}\\.scope$");
        const QString first = SystemdScope::newUnitName();
        const QString second = SystemdScope::newUnitName();
        QVERIFY2(pattern.match(first).hasMatch(), qPrintable(first));
        QVERIFY2(pattern.match(second).hasMatch(), qPrintable(second));
        QVERIFY(first != second);
    }

    // --- No bus, or no systemd on it: said at once -------------------------------------------

    void noSessionBusIsSaidAtOnce_data()
    {
        QTest::addColumn<bool>("setRuntimeDirectory");
        QTest::addColumn<bool>("setAddress");
        QTest::addColumn<QString>("expected");
        QTest::newRow("neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR")
            << false << false
            << "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor "
               "XDG_RUNTIME_DIR is set";
        QTest::newRow("XDG_RUNTIME_DIR without a bus socket")
            << true << false
            << "no session bus: DBUS_SESSION_BUS_ADDRESS is not set and there "
               "is no ";
        QTest::newRow("an address where nothing listens") << false << true << "no session bus: ";
    }

    void noSessionBusIsSaidAtOnce()
    {
        // Safe in this process: with no bus, nothing can move it anywhere.
        QFETCH(bool, setRuntimeDirectory);
        QFETCH(bool, setAddress);
        QFETCH(QString, expected);
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        ScopedEnvironment runtime("XDG_RUNTIME_DIR",
                                  setRuntimeDirectory
                                      ? std::optional<QByteArray>(QFile::encodeName(empty.path()))
                                      : std::nullopt);
        ScopedEnvironment address(
            "DBUS_SESSION_BUS_ADDRESS",
            setAddress ? std::optional<QByteArray>("unix:path=" + QFile::encodeName(empty.path())
                                                   + "/nobody-listens")
                       : std::nullopt);
        const QString before = CgroupFiles::cgroupPathOf(::getpid()).value_or("none");
        QElapsedTimer timer;
        timer.start();
        const SystemdScope::Result result = SystemdScope::moveThisProcess();
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(result.error.startsWith(expected), qPrintable(result.error));
        QVERIFY2(elapsed < QuickMs, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
        QCOMPARE(CgroupFiles::cgroupPathOf(::getpid()).value_or("none"), before);
    }

    void busWithoutSystemdIsSaidAtOnce()
    {
        if (!m_busSkip.isEmpty())
            QSKIP(qPrintable(m_busSkip));
        QString error;
        QVERIFY2(startBus(&error), qPrintable(error));
        ScopedEnvironment address("DBUS_SESSION_BUS_ADDRESS", m_busAddress.toLocal8Bit());
        QElapsedTimer timer;
        timer.start();
        const SystemdScope::Result result = SystemdScope::moveThisProcess();
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(result.error.startsWith("no systemd user manager on the session bus: "),
                 qPrintable(result.error));
        // We do not ask the bus to start systemd: the name has no owner.
        QVERIFY2(result.error.contains("(org.freedesktop.DBus.Error.NameHasNoOwner)"),
                 qPrintable(result.error));
        QVERIFY2(elapsed < QuickMs, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    }

    // --- A runner that may not write its cgroup, and a systemd that delegates one ------------

    void runnerMovesIntoADelegatedScope_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("JobRemoved after the reply") << "done";
        QTest::newRow("JobRemoved before the reply") << "signal-first";
        QTest::newRow("the first name is taken") << "exists-once";
    }

    void runnerMovesIntoADelegatedScope()
    {
        REQUIRE_LIVE();
        QFETCH(QString, mode);
        QString error;
        QVERIFY2(startBus(&error), qPrintable(error));
        QVERIFY2(startMock(mode, &error), qPrintable(error));
        const RunnerOutput output = startRunner(true);
        QVERIFY2(output.values.contains("ready"), qPrintable(output.all));
        qInfo("the runner's report:\n%s", qPrintable(output.reportText()));

        // What systemd was asked, as it arrived on the wire.
        const QStringList calls = mockCalls();
        QCOMPARE(calls.size(), mode == "exists-once" ? 2 : 1);
        const QString pid = QString::number(m_runner->processId());
        const QStringList call = calls.last().split(' ');
        const QString unit = call.value(1);
        QVERIFY2(QRegularExpression("^app-taskrunner-[0-9a-f]{16}\\.scope$").match(unit).hasMatch(),
                 qPrintable(calls.last()));
        QCOMPARE(call.value(2), "fail");
        QCOMPARE(call.value(3), "ssa(sv)a(sa(sv))");
        QVERIFY2(call.contains("Slice=s:app.slice"), qPrintable(calls.last()));
        QVERIFY2(call.contains("Description=s:taskrunner"), qPrintable(calls.last()));
        QVERIFY2(call.contains("Delegate=b:true"), qPrintable(calls.last()));
        QVERIFY2(call.contains("PIDs=au:" + pid), qPrintable(calls.last()));
        QVERIFY2(call.contains("aux=0"), qPrintable(calls.last()));
        if (mode == "exists-once")
            QVERIFY(calls.first().split(' ').value(1) != unit); // asked again, by another name

        // The runner is in <scope>/runner, the scope itself holds no process, the run's
        // processes are in <scope>/run-1: seen in /proc, not taken from the runner's word.
        const QString scope = m_testDirectory + "/app.slice/" + unit;
        const QString scopePath = m_testPath + "/app.slice/" + unit;
        QCOMPARE(output.values.value("kind"), "cgroup");
        QCOMPARE(CgroupFiles::cgroupPathOf(m_runner->processId()).value_or("none"),
                 scopePath + "/runner");
        QCOMPARE(output.values.value("self"), scopePath + "/runner");
        QCOMPARE(output.values.value("runner"), scope);
        QCOMPARE(CgroupFiles::read(scope + "/cgroup.procs").value_or("?"), QByteArray());
        QCOMPARE(CgroupFiles::read(scope + "/runner/cgroup.procs").value_or("?").trimmed(),
                 pid.toLatin1());
        const pid_t sleeper = pid_t(output.values.value("run").toInt());
        QVERIFY(sleeper > 0);
        QCOMPARE(CgroupFiles::cgroupPathOf(sleeper).value_or("none"), scopePath + "/run-1");
        QCOMPARE(CgroupFiles::read(scope + "/run-1/cgroup.procs").value_or("?").trimmed(),
                 QByteArray::number(sleeper));
        // Said so.
        QVERIFY2(output.reportText().contains("delegated cgroup: delegated scope " + unit
                                              + " from the user's systemd"),
                 qPrintable(output.reportText()));
        QVERIFY2(output.reportText().contains("runner cgroup: " + scope),
                 qPrintable(output.reportText()));
        QVERIFY2(output.values.value("elapsed").toInt() < DeadlineMs, qPrintable(output.all));

        // The runner's end kills the run and removes its leaf; runner/ and the scope stay for
        // their owner (systemd) to remove.
        m_runner->closeWriteChannel();
        QVERIFY(m_runner->waitForFinished(WaitMs));
        QCOMPARE(m_runner->exitCode(), 0);
        QVERIFY(!CgroupFiles::exists(scope + "/run-1"));
        QVERIFY(CgroupFiles::exists(scope + "/runner"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }

    // --- And every way it can go wrong: the /proc supervisor, saying why ---------------------

    void runnerFallsBackSayingWhy_data()
    {
        QTest::addColumn<QString>("mode"); // of the mock; "none": no mock, "no-bus": no bus
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("minMs");
        QTest::addColumn<int>("maxMs");
        QTest::newRow("no session bus")
            << "no-bus"
            << "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set" << 0
            << QuickMs;
        QTest::newRow("no systemd on the bus")
            << "none"
            << "no systemd user manager on the session bus: " << 0 << QuickMs;
        QTest::newRow("the job fails")
            << "failed"
            << "systemd refused: its job starting app-taskrunner-" << 0 << QuickMs;
        QTest::newRow("refused") << "refuse"
                                 << "systemd refused: Access denied by the mock "
                                    "(org.freedesktop.DBus.Error.AccessDenied)"
                                 << 0 << QuickMs;
        QTest::newRow("no reply") << "silent"
                                  << "systemd did not answer within 3000 ms: no reply to "
                                     "StartTransientUnit(app-taskrunner-"
                                  << DeadlineMs - 100 << DeadlineMs + 1500;
        QTest::newRow("no JobRemoved")
            << "no-job-signal"
            << "systemd did not answer within 3000 ms: no JobRemoved for its job "
               "/org/freedesktop/systemd1/job/1"
            << DeadlineMs - 100 << DeadlineMs + 1500;
        QTest::newRow("not delegated")
            << "no-delegate"
            << " from the user's systemd, but it cannot be used: " << 0 << QuickMs;
    }

    void runnerFallsBackSayingWhy()
    {
        REQUIRE_LIVE();
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        QFETCH(int, minMs);
        QFETCH(int, maxMs);
        QString error;
        if (mode != "no-bus")
            QVERIFY2(startBus(&error), qPrintable(error));
        else
            m_busDirectory = std::make_unique<QTemporaryDir>(); // the runner's HOME
        if (mode != "no-bus" && mode != "none")
            QVERIFY2(startMock(mode, &error), qPrintable(error));
        const RunnerOutput output = startRunner(mode != "no-bus");
        QVERIFY2(output.values.contains("ready"), qPrintable(output.all));

        QCOMPARE(output.values.value("kind"), "proc");
        QCOMPARE(output.values.value("runner"), "-");
        const QString report = output.reportText();
        QVERIFY2(report.startsWith("containment: /proc supervisor (no cgroup v2 of ours to use: "),
                 qPrintable(report));
        QVERIFY2(report.contains("Permission denied"), qPrintable(report)); // why ours is not
        QVERIFY2(report.contains(expected), qPrintable(report));
        QVERIFY2(report.contains("delegated cgroup: "), qPrintable(report));
        const int elapsed = output.values.value("elapsed").toInt();
        QVERIFY2(elapsed >= minMs && elapsed <= maxMs,
                 qPrintable(QStringLiteral("decided in %1 ms, not in %2..%3 ms")
                                .arg(elapsed)
                                .arg(minMs)
                                .arg(maxMs)));
        // The run goes on under the /proc supervisor, in no leaf of ours.
        const pid_t sleeper = pid_t(output.values.value("run").toInt());
        QVERIFY(sleeper > 0);
        QVERIFY(!CgroupFiles::cgroupPathOf(sleeper).value_or("none").contains("/run-"));
        m_runner->closeWriteChannel();
        QVERIFY(m_runner->waitForFinished(WaitMs));
        QCOMPARE(m_runner->exitCode(), 0);
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_GUILESS_MAIN(SystemdScopeTest)
#include "tst_systemdscope.moc"
