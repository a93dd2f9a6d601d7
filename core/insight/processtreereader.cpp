#include "processtreereader.h"

#include "bytetext.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace {

// Appends the decimal numbers of text (separated by spaces or newlines) to out.
void appendPids(const char *text, const char *end, QVector<pid_t> *out)
{
    const char *p = text;
    while (p < end) {
        while (p < end && (*p < '0' || *p > '9'))
            ++p;
        long value = 0;
        bool any = false;
        while (p < end && *p >= '0' && *p <= '9') {
            value = value * 10 + (*p - '0');
            any = true;
            ++p;
        }
        if (any && value > 0)
            out->append(pid_t(value));
    }
}

qint64 nsOf(clockid_t clock)
{
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Text for a table cell: valid UTF-8 as it is; invalid bytes and control characters (a newline
// in an argument) as \xNN, so that one process is one line.
QString displayText(const QByteArray &bytes)
{
    QString text = ByteText::displayable(bytes);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        if (u < 0x20 || u == 0x7f) {
            const QString escaped
                = QStringLiteral("\\x%1").arg(unsigned(u), 2, 16, QLatin1Char('0'));
            text.replace(i, 1, escaped);
            i += escaped.size() - 1;
        }
    }
    return text;
}

} // namespace

ProcessTreeReader::ProcessTreeReader()
{
    m_ticksPerSecond = qMax(1L, ::sysconf(_SC_CLK_TCK));
    m_pageSize = qMax(1L, ::sysconf(_SC_PAGESIZE));
    // A process's start time counts from boot on CLOCK_BOOTTIME (suspend included): its wall
    // clock time is that origin's plus the start time. Taken once: a start time shown must not
    // move between samples.
    m_bootEpochMs = (nsOf(CLOCK_REALTIME) - nsOf(CLOCK_BOOTTIME)) / 1'000'000;
}

QString ProcessTreeReader::commandLineText(const QByteArray &raw, bool truncated)
{
    QByteArray bytes = raw;
    while (bytes.endsWith('\0'))
        bytes.chop(1);
    if (truncated) {
        // Do not end on half a character: drop a UTF-8 sequence the cap cut.
        qsizetype lead = bytes.size() - 1;
        int continuation = 0;
        while (lead >= 0 && continuation < 3 && (uchar(bytes.at(lead)) & 0xC0) == 0x80) {
            --lead;
            ++continuation;
        }
        if (lead >= 0) {
            const uchar first = uchar(bytes.at(lead));
            const int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
            if (length > 1 && continuation + 1 < length)
                bytes.truncate(lead);
        }
    }
    bytes.replace('\0', ' ');
    QString text = displayText(bytes);
    if (truncated)
        text += QChar(0x2026);
    return text;
}

ProcessTreeSnapshot ProcessTreeReader::read(const ProcessTreeRequest &request)
{
    if (request.generation != m_generation) {
        m_kept.clear();
        m_generation = request.generation;
    }
    ProcessTreeSnapshot snapshot;
    snapshot.runId = request.runId;
    snapshot.leader = request.leader;
    snapshot.membersFrom = request.membersFrom;
    const qint64 nowMs = QDeadlineTimer::current().deadline();
    snapshot.sampledAtMs = nowMs;
    if (request.leader <= 0) {
        m_kept.clear();
        return snapshot;
    }
    // Taken before any list is read: a process listed then cannot have started after this
    // (but one that took a listed pid after its owner exited can).
    m_listedBeforeTicks = quint64(nsOf(CLOCK_BOOTTIME) / (1'000'000'000 / m_ticksPerSecond));

    QVector<pid_t> pending;
    QHash<pid_t, quint64> expectedStart; // the supervisor's members: each is (pid, start time)
    // With a cgroup, its list is the members: every descendant of one is one, unless moved out
    // - but a zombie is no longer listed. Children are still looked for, for their zombies.
    QSet<pid_t> listed;
    bool onlyListed = false;
    if (!request.memberListPath.isEmpty()) {
        bool ok = false;
        pending = readPidList(request.memberListPath, &ok);
        onlyListed = ok;
        if (ok) {
            listed = QSet<pid_t>(pending.cbegin(), pending.cend());
        } else {
            pending = {request.leader};
            snapshot.membersFrom
                = QCoreApplication::translate(
                      "ProcessTreeReader", "the run's main process and its descendants (the run's "
                                           "cgroup member list %1 could not be read)")
                      .arg(request.memberListPath);
        }
    } else {
        pending.reserve(request.knownMembers.size() + 1);
        pending.append(request.leader);
        for (const ProcessInfo &member : request.knownMembers) {
            pending.append(member.pid);
            expectedStart.insert(member.pid, member.startTime);
        }
    }

    QHash<Key, Kept> kept;
    kept.reserve(pending.size());
    QSet<pid_t> seen;
    seen.reserve(pending.size());
    snapshot.rows.reserve(pending.size());
    // Who listed each child (appendChildren): a child is taken only if its own stat names that
    // parent, so a pid that is not one (a list read while it changed) never brings a stranger,
    // and its whole subtree, into the run's rows - where the panel could signal it.
    QHash<pid_t, pid_t> listedBy;
    while (!pending.isEmpty()) {
        const pid_t pid = pending.takeLast();
        if (seen.contains(pid))
            continue;
        ProcessRow row;
        if (!readRow(pid, nowMs, &row, &kept))
            continue;
        const auto lister = listedBy.find(pid);
        if (lister != listedBy.constEnd() && row.info.ppid != *lister) {
            // Not its child (now). It may still come again: as a member, or from its parent.
            listedBy.erase(lister);
            continue;
        }
        seen.insert(pid);
        const auto expected = expectedStart.constFind(pid);
        if (expected != expectedStart.constEnd() && *expected != row.info.startTime)
            continue; // the supervisor's member exited and its pid went to someone else
        if (onlyListed && !row.info.isZombie() && !listed.contains(pid))
            continue; // moved to another cgroup, or forked since the list was read
        if (!row.info.isZombie()) {
            const qsizetype before = pending.size();
            appendChildren(pid, row.threads, &pending);
            for (qsizetype i = before; i < pending.size(); ++i)
                listedBy.insert(pending[i], pid);
        }
        snapshot.rows.append(row);
    }
    m_kept.swap(kept); // what is gone is forgotten

    // The leader's pid is the run's process group and session (TaskRun starts it with setsid).
    QSet<pid_t> inTree;
    inTree.reserve(snapshot.rows.size());
    for (const ProcessRow &row : std::as_const(snapshot.rows))
        inTree.insert(row.info.pid);
    for (ProcessRow &row : snapshot.rows) {
        row.parentInTree
            = row.info.ppid != row.info.pid && inTree.contains(row.info.ppid) ? row.info.ppid : 0;
        row.leftGroup = row.info.pgid != request.leader;
        row.leftSession = row.info.sid != request.leader;
    }
    orderParentsFirst(&snapshot);
    return snapshot;
}

bool ProcessTreeReader::readRow(pid_t pid, qint64 nowMs, ProcessRow *row, QHash<Key, Kept> *kept)
{
    ProcessImage image;
    const std::optional<ProcessInfo> info = ProcessTable::readProcess(pid, &image);
    if (!info)
        return false; // gone between the list and now
    if (info->startTime > m_listedBeforeTicks)
        return false; // started after the list was read: not the process listed
    row->info = *info;
    row->threads = info->threads;
    row->residentBytes = qint64(info->residentPages) * m_pageSize;

    const Key key(pid, info->startTime);
    const auto previous = m_kept.constFind(key);
    Kept now = previous != m_kept.constEnd() ? *previous : Kept();
    if (previous == m_kept.constEnd()) {
        now.started = QDateTime::fromMSecsSinceEpoch(
            m_bootEpochMs + qint64(info->startTime * 1000 / quint64(m_ticksPerSecond)));
    }
    row->started = now.started;
    if (previous == m_kept.constEnd() || now.image != image) {
        // New, or it exec'd since: read its command line (a zombie has none).
        now.image = image;
        now.name = displayText(image.comm);
        now.commandLine.clear();
        now.arguments.clear();
        if (!info->isZombie()) {
            char path[64];
            std::snprintf(path, sizeof path, "/proc/%d/cmdline", int(pid));
            QByteArray raw(CommandLineCap + 1, Qt::Uninitialized);
            const ssize_t n = ProcessTable::readFile(path, raw.data(), size_t(raw.size()));
            if (n < 0)
                return false; // gone
            raw.truncate(n);
            const bool truncated = n > CommandLineCap;
            if (truncated)
                raw.truncate(CommandLineCap);
            now.commandLine = commandLineText(raw, truncated);
            now.arguments = raw;
        }
    } else if (info->isZombie()) {
        now.commandLine.clear(); // its memory is gone, its name stays
        now.arguments.clear();
    }
    row->name = now.name;
    row->commandLine = now.commandLine;
    row->arguments = now.arguments;

    // Its own CPU time only: cutime/cstime would add what its children used once reaped, and a
    // shell would show a burst for each command that ended.
    const quint64 ticks = info->ownUserTicks + info->ownSystemTicks;
    if (previous == m_kept.constEnd()) {
        now.rateTicks = ticks;
        now.rateAtMs = nowMs;
        now.cpuPercent.reset(); // unknown at its first sample
    } else if (nowMs - now.rateAtMs >= MinRateWindowMs) {
        const quint64 used = ticks >= now.rateTicks ? ticks - now.rateTicks : 0;
        now.cpuPercent = double(used) * 1000.0 * 100.0
                         / (double(m_ticksPerSecond) * double(nowMs - now.rateAtMs));
        now.rateTicks = ticks;
        now.rateAtMs = nowMs;
    }
    row->cpuPercent = now.cpuPercent;
    kept->insert(key, now);
    return true;
}

void ProcessTreeReader::appendChildren(pid_t pid, int threads, QVector<pid_t> *out) const
{
    // /proc/PID/task/TID/children lists what each thread forked (and has not been re-parented
    // away); an orphan re-parented to us is the supervisor's to attribute.
    char path[96];
    const auto readChildren = [&](long tid) {
        // Read whole: a shell with 700 children has more than 4 KiB of them, and a list cut in
        // the middle of a pid names another process (the caller checks each child's parent too).
        std::snprintf(path, sizeof path, "/proc/%d/task/%ld/children", int(pid), tid);
        const QByteArray list = ProcessTable::readWholeFile(path).value_or(QByteArray());
        appendPids(list.constData(), list.constData() + list.size(), out);
    };
    if (threads <= 1 || threads > ChildrenThreadsCap) {
        readChildren(long(pid));
        return;
    }
    std::snprintf(path, sizeof path, "/proc/%d/task", int(pid));
    DIR *dir = ::opendir(path);
    if (!dir)
        return;
    QVector<long> tids;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9')
            tids.append(std::strtol(entry->d_name, nullptr, 10));
    }
    ::closedir(dir);
    for (const long tid : std::as_const(tids))
        readChildren(tid);
}

QVector<pid_t> ProcessTreeReader::readPidList(const QString &path, bool *ok)
{
    QVector<pid_t> pids;
    const std::optional<QByteArray> data
        = ProcessTable::readWholeFile(QFile::encodeName(path).constData());
    *ok = data.has_value();
    if (data)
        appendPids(data->constData(), data->constData() + data->size(), &pids);
    return pids;
}

void ProcessTreeReader::orderParentsFirst(ProcessTreeSnapshot *snapshot)
{
    QVector<ProcessRow> &rows = snapshot->rows;
    const pid_t leader = snapshot->leader;
    // Siblings oldest first (pid for a tie); among the rows at the top, the leader first.
    const auto before = [&rows, leader](int a, int b) {
        const ProcessRow &x = rows.at(a);
        const ProcessRow &y = rows.at(b);
        if ((x.info.pid == leader) != (y.info.pid == leader))
            return x.info.pid == leader;
        if (x.info.startTime != y.info.startTime)
            return x.info.startTime < y.info.startTime;
        return x.info.pid < y.info.pid;
    };
    QHash<pid_t, QVector<int>> childrenOf;
    QVector<int> roots;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).parentInTree == 0)
            roots.append(i);
        else
            childrenOf[rows.at(i).parentInTree].append(i);
    }
    std::sort(roots.begin(), roots.end(), before);
    for (QVector<int> &children : childrenOf)
        std::sort(children.begin(), children.end(), before);

    QVector<ProcessRow> ordered;
    ordered.reserve(rows.size());
    QVector<bool> placed(rows.size(), false);
    QVector<int> stack;
    const auto walkFrom = [&](int root) {
        stack.append(root);
        while (!stack.isEmpty()) {
            const int index = stack.takeLast();
            if (placed.at(index))
                continue;
            placed[index] = true;
            ordered.append(rows.at(index));
            const auto it = childrenOf.constFind(rows.at(index).info.pid);
            if (it == childrenOf.constEnd())
                continue;
            for (auto child = it->crbegin(); child != it->crend(); ++child)
                stack.append(*child);
        }
    };
    for (const int root : std::as_const(roots))
        walkFrom(root);
    // A parent loop can only come from pids reused between two reads; keep those rows, at the
    // top, rather than lose them.
    for (int i = 0; i < rows.size(); ++i) {
        if (!placed.at(i)) {
            rows[i].parentInTree = 0;
            walkFrom(i);
        }
    }
    rows.swap(ordered);
}
