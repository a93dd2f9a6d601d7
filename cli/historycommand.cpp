#include "historycommand.h"

#include "exitstatus.h"
#include "runhistory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace HistoryCommand {

namespace {

// Local time with its offset ("2026-11-26T07:14:08.820+01:00"): unambiguous for a program that
// reads it, and what the user's clock said.
QString isoWithOffset(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

} // namespace

namespace {

using ExitStatus::RunnerFailed;

int fail(const QString &text)
{
    std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(text));
    return RunnerFailed;
}

// What the run came to, in one word a script can match: the outcome once finished.
QString outcomeWord(const RunRecord &record)
{
    if (record.state != RunRecord::State::Finished)
        return RunHistory::stateName(record.state);
    return RunHistory::outcomeKey(record.result.outcome);
}

QString exitWord(const RunRecord &record)
{
    if (record.state != RunRecord::State::Finished)
        return QStringLiteral("-");
    if (record.result.outcome == RunOutcome::Exited)
        return QString::number(record.result.exitCode);
    return record.result.signal ? QStringLiteral("SIG%1").arg(record.result.signal)
                                : QStringLiteral("-");
}

} // namespace

QString usage()
{
    return QStringLiteral(
        "Usage: taskrunner-cli history [--task NAME] [--limit N] [--json]\n\n"
        "The recorded runs, newest first: one per line, tab-separated - id, start, task,\n"
        "outcome (exited, crashed, timed-out, stopped, killed, failed-to-start, running,\n"
        "interrupted, skipped, cancelled), exit code (or SIGn, or -), duration in seconds.\n"
        "--json prints an array; a run of a task's dependencies has \"group\", the same for\n"
        "the task's run and each of its dependencies' runs.\n");
}

int run(const QStringList &arguments)
{
    RunHistory::Filter filter;
    bool json = false;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            std::fputs(qPrintable(usage()), stdout);
            return 0;
        } else if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("--task") && i + 1 < arguments.size()) {
            filter.taskName = arguments[++i];
        } else if (arg == QLatin1String("--limit") && i + 1 < arguments.size()) {
            bool ok = false;
            filter.limit = arguments[++i].toInt(&ok);
            if (!ok || filter.limit < 1)
                return fail(QStringLiteral("--limit: '%1' is not a whole number of runs, 1 or "
                                           "more")
                                .arg(arguments[i]));
        } else {
            return fail(QStringLiteral("history: unexpected '%1' (see history --help)").arg(arg));
        }
    }
    const QString path = RunHistory::defaultPath();
    if (!QFile::exists(path)) { // nothing recorded yet: an empty history, not an error
        if (json)
            std::puts("[]");
        return 0;
    }
    RunHistory history;
    const RunHistory::OpenResult opened = history.open(path, false, false);
    if (!opened.ok)
        return fail(opened.error);
    // Runs of programs that died are not "running" - said so here, but not written: the
    // desktop app marks them, and tells at its next start how many it lost.
    const QSet<qint64> interrupted = history.interruptedRuns();
    QVector<RunRecord> runs = history.runs(filter);
    for (RunRecord &record : runs) {
        if (interrupted.contains(record.id))
            record.state = RunRecord::State::Interrupted;
    }
    if (json) {
        QJsonArray array;
        for (const RunRecord &r : runs) {
            QJsonObject o;
            o[QLatin1String("id")] = double(r.id);
            o[QLatin1String("start")] = isoWithOffset(r.started);
            if (r.ended.isValid())
                o[QLatin1String("end")] = isoWithOffset(r.ended);
            o[QLatin1String("task")] = r.taskName;
            o[QLatin1String("trigger")] = r.trigger;
            if (!r.groupId.isEmpty()) // run with a task's dependencies: the same for all of them
                o[QLatin1String("group")] = r.groupId;
            o[QLatin1String("outcome")] = outcomeWord(r);
            if (r.state == RunRecord::State::Finished && r.result.outcome == RunOutcome::Exited)
                o[QLatin1String("exitCode")] = r.result.exitCode;
            if (r.result.signal)
                o[QLatin1String("signal")] = r.result.signal;
            o[QLatin1String("durationMs")] = double(r.result.duration.count());
            o[QLatin1String("stdoutBytes")] = double(r.stdoutBytes);
            o[QLatin1String("stderrBytes")] = double(r.stderrBytes);
            if (r.cpuMs >= 0) // what the run used, where its containment could tell
                o[QLatin1String("cpuMs")] = double(r.cpuMs);
            if (r.maxRssKb >= 0)
                o[QLatin1String("maxRssKb")] = double(r.maxRssKb);
            if (!r.logPath.isEmpty())
                o[QLatin1String("log")] = r.logPath;
            array.append(o);
        }
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    for (const RunRecord &r : runs) {
        std::printf(
            "%lld\t%s\t%s\t%s\t%s\t%.3f\n", static_cast<long long>(r.id),
            qPrintable(r.started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))),
            qPrintable(QString(r.taskName)
                           .replace(QLatin1Char('\t'), QLatin1Char(' '))
                           .replace(QLatin1Char('\n'), QLatin1Char(' '))),
            qPrintable(outcomeWord(r)), qPrintable(exitWord(r)),
            double(r.result.duration.count()) / 1000.0);
    }
    return 0;
}

} // namespace HistoryCommand
