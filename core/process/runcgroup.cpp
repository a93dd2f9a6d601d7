#include "runcgroup.h"

#include "bytetext.h"
#include "cgroupeventswatcher.h"
#include "cgroupfiles.h"
#include "runnercgroup.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

RunCgroup::RunCgroup(RunnerCgroup *runner, const QString &name)
    : QObject(runner)
    , m_runner(runner)
    , m_name(name)
    , m_directory(runner->directory() + QLatin1Char('/') + name)
    , m_path((runner->path() == QLatin1String("/") ? QString() : runner->path()) + QLatin1Char('/')
             + name)
{}

RunCgroup::~RunCgroup()
{
    closeProcsFd();
    if (m_runner && m_watch)
        m_runner->m_watcher->unwatch(m_watch);
    if (m_removed)
        return;
    if (CgroupFiles::removeDirectory(m_directory, nullptr))
        return;
    // Still populated: nothing of a run may outlive its cgroup's owner, unless it was asked.
    QString error;
    if (!m_keepMembers && !kill(&error))
        qCWarning(lcCgroup).noquote() << error;
    if (m_runner)
        m_runner->removeWhenEmpty(m_directory);
}

bool RunCgroup::open(QString *error)
{
    if (!CgroupFiles::makeDirectory(m_directory, error))
        return false;
    const QString procs = m_directory + QLatin1String("/cgroup.procs");
    m_procsFd = ::open(ByteText::encode(procs).constData(), O_WRONLY | O_CLOEXEC);
    if (m_procsFd < 0) {
        const int saved = errno;
        if (error)
            *error = QStringLiteral("cannot open %1: %2")
                         .arg(procs, QString::fromLocal8Bit(std::strerror(saved)));
        CgroupFiles::removeDirectory(m_directory, nullptr);
        return false;
    }
    // Watch first, then read: a change between the two is then told, not lost.
    m_watch = m_runner->m_watcher->watch(
        m_directory, [this] { onEventsModified(); }, error);
    if (!m_watch) {
        closeProcsFd();
        CgroupFiles::removeDirectory(m_directory, nullptr);
        return false;
    }
    const std::optional<CgroupEvents> events = CgroupFiles::parseEvents(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.events")).value_or(QByteArray()));
    m_populated = events && events->populated;
    m_frozen = events && events->frozen;
    return true;
}

void RunCgroup::closeProcsFd()
{
    if (m_procsFd >= 0)
        ::close(m_procsFd);
    m_procsFd = -1;
}

QVector<pid_t> RunCgroup::members() const
{
    return CgroupFiles::parsePids(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.procs")).value_or(QByteArray()));
}

bool RunCgroup::isPopulated() const
{
    const std::optional<CgroupEvents> events = CgroupFiles::parseEvents(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.events")).value_or(QByteArray()));
    return events && events->populated;
}

bool RunCgroup::isFrozen() const
{
    const std::optional<CgroupEvents> events = CgroupFiles::parseEvents(
        CgroupFiles::read(m_directory + QLatin1String("/cgroup.events")).value_or(QByteArray()));
    return events && events->frozen;
}

bool RunCgroup::kill(QString *error, CgroupKillMethod method)
{
    return CgroupKiller::killTree(m_directory, m_path, method, error);
}

bool RunCgroup::freeze(QString *error)
{
    if (m_runner && !m_runner->hasFreezeFile()) {
        if (error)
            *error = QStringLiteral("cannot freeze %1: this kernel has no cgroup.freeze "
                                    "(Linux 5.2)")
                         .arg(m_directory);
        return false;
    }
    m_freezeWritten = true;
    return CgroupFiles::write(m_directory + QLatin1String("/cgroup.freeze"), "1", error);
}

bool RunCgroup::thaw(QString *error)
{
    m_freezeWritten = true;
    return CgroupFiles::write(m_directory + QLatin1String("/cgroup.freeze"), "0", error);
}

CgroupUsage RunCgroup::usage() const
{
    CgroupUsage usage;
    auto file = [this](const char *name) {
        return CgroupFiles::read(m_directory + QLatin1Char('/') + QLatin1String(name));
    };
    if (const std::optional<QByteArray> cpu = file("cpu.stat")) {
        usage.cpuUsageUsec = CgroupFiles::keyedValue(*cpu, "usage_usec");
        usage.cpuUserUsec = CgroupFiles::keyedValue(*cpu, "user_usec");
        usage.cpuSystemUsec = CgroupFiles::keyedValue(*cpu, "system_usec");
    }
    // These files exist only where their controller is enabled: absent reads as nothing.
    auto number = [&](const char *name) -> std::optional<quint64> {
        const std::optional<QByteArray> text = file(name);
        return text ? CgroupFiles::singleValue(*text) : std::nullopt;
    };
    usage.memoryCurrentBytes = number("memory.current");
    usage.memoryPeakBytes = number("memory.peak");
    usage.pidsCurrent = number("pids.current");
    usage.pidsPeak = number("pids.peak");
    return usage;
}

std::optional<quint64> RunCgroup::memoryLimitKills() const
{
    const std::optional<QByteArray> events
        = CgroupFiles::read(m_directory + QLatin1String("/memory.events"));
    return events ? std::optional<quint64>(CgroupFiles::memoryLimitKills(*events)) : std::nullopt;
}

bool RunCgroup::writeLimit(const QString &controller, const QString &file, const QByteArray &value,
                           QString *error)
{
    const QString why = m_runner ? m_runner->whyUnavailable(controller) : QString();
    if (!why.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot set %1 to %2: %3")
                         .arg(file, QString::fromLatin1(value), why);
        return false;
    }
    return CgroupFiles::write(m_directory + QLatin1Char('/') + file, value, error);
}

bool RunCgroup::setMemoryMax(std::optional<quint64> bytes, QString *error)
{
    return writeLimit(QStringLiteral("memory"), QStringLiteral("memory.max"),
                      bytes ? QByteArray::number(*bytes) : QByteArray("max"), error);
}

bool RunCgroup::setPidsMax(std::optional<quint64> count, QString *error)
{
    return writeLimit(QStringLiteral("pids"), QStringLiteral("pids.max"),
                      count ? QByteArray::number(*count) : QByteArray("max"), error);
}

bool RunCgroup::setCpuMax(std::optional<quint64> quotaUsec, quint64 periodUsec, QString *error)
{
    const QByteArray quota = quotaUsec ? QByteArray::number(*quotaUsec) : QByteArray("max");
    return writeLimit(QStringLiteral("cpu"), QStringLiteral("cpu.max"),
                      quota + ' ' + QByteArray::number(periodUsec), error);
}

bool RunCgroup::remove(QString *error)
{
    if (m_removed)
        return true;
    closeProcsFd();
    if (!CgroupFiles::removeDirectory(m_directory, error)) {
        const QVector<pid_t> left = members();
        if (error && !left.isEmpty())
            *error += QStringLiteral(" (%1 process(es) still in it)").arg(left.size());
        return false;
    }
    m_removed = true;
    if (m_runner && m_watch)
        m_runner->m_watcher->unwatch(m_watch);
    m_watch = 0;
    return true;
}

void RunCgroup::onEventsModified()
{
    const std::optional<QByteArray> text
        = CgroupFiles::read(m_directory + QLatin1String("/cgroup.events"));
    const std::optional<CgroupEvents> events
        = text ? CgroupFiles::parseEvents(*text) : std::nullopt;
    if (!events)
        return;                            // removed meanwhile
    const QPointer<RunCgroup> alive(this); // a slot may delete us
    bool frozenChangedNow = false;
    if (events->frozen != m_frozen) {
        m_frozen = events->frozen;
        frozenChangedNow = true;
        Q_EMIT frozenChanged(m_frozen);
        if (!alive)
            return;
    }
    const bool freezeWritten = m_freezeWritten;
    m_freezeWritten = false;
    if (events->populated != m_populated) {
        m_populated = events->populated;
        Q_EMIT populatedChanged(m_populated);
        if (!alive)
            return;
        if (!m_populated)
            emitEmptied();
    } else if (!m_populated && !frozenChangedNow && !freezeWritten) {
        // The file changed, yet both values read as they were: populated went 0 -> 1 -> 0
        // between two reads (a child that joined and ended at once; notifications coalesce).
        emitEmptied();
    }
}

void RunCgroup::emitEmptied()
{
    // Once: the kernel defers a notification that comes within 20 ms of the one before, so a
    // short-lived member can be told twice - the second time with nothing changed.
    if (m_emptied)
        return;
    m_emptied = true;
    Q_EMIT emptied();
}
