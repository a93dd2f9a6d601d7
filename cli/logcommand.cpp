#include "logcommand.h"

#include "exitstatus.h"
#include "fdwriter.h"
#include "runhistory.h"
#include "runlogreader.h"

#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace LogCommand {

namespace {

using ExitStatus::RunnerFailed;

int fail(const QString &text)
{
    std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(text));
    return RunnerFailed;
}

// Chunks at a time, so that a log of gigabytes streams with bounded memory.
constexpr qint64 ChunksPerRead = 256;

} // namespace

QString usage()
{
    return QStringLiteral(
        "Usage: taskrunner-cli log RUN_ID [--merged]\n\n"
        "A recorded run's output (see history for the ids), byte for byte as the task wrote\n"
        "it: its stdout to stdout and its stderr to stderr, or with --merged both, in the\n"
        "order they came, to stdout. Runs of the command line keep no log of their own.\n");
}

int run(const QStringList &arguments)
{
    qint64 id = 0;
    bool merged = false;
    for (const QString &arg : arguments) {
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            std::fputs(qPrintable(usage()), stdout);
            return 0;
        }
        if (arg == QLatin1String("--merged")) {
            merged = true;
            continue;
        }
        bool ok = false;
        const qint64 number = arg.toLongLong(&ok);
        if (!ok || number <= 0 || id != 0)
            return fail(QStringLiteral("log: unexpected '%1' (see log --help)").arg(arg));
        id = number;
    }
    if (id == 0)
        return fail(QStringLiteral("log: which run? (taskrunner-cli log RUN_ID; see history)"));
    const QString path = RunHistory::defaultPath();
    RunHistory history;
    if (!QFile::exists(path))
        return fail(QStringLiteral("no run %1: nothing has been recorded yet").arg(id));
    const RunHistory::OpenResult opened = history.open(path, false, false);
    if (!opened.ok)
        return fail(opened.error);
    const std::optional<RunRecord> record = history.run(id);
    if (!record)
        return fail(QStringLiteral("no run %1 in the history (see history)").arg(id));
    if (record->logPath.isEmpty())
        return fail(
            QStringLiteral("run %1 has no log (runs of the command line keep none)").arg(id));
    RunLogReader reader;
    QString error;
    if (!reader.open(record->logPath, &error))
        return fail(
            QStringLiteral("the log of run %1 is gone or unreadable: %2").arg(id).arg(error));
    const qint64 count = reader.chunkCount();
    for (qint64 first = 0; first < count; first += ChunksPerRead) {
        for (const RunLogChunk &chunk : reader.chunks(first, ChunksPerRead)) {
            if (chunk.stream == RunLogFormat::Note) {
                // taskrunner's own words (the size limit cut the log): not the task's output,
                // but the reader must know the log ends early.
                std::fprintf(stderr, "taskrunner-cli: %s\n", chunk.data.trimmed().constData());
                continue;
            }
            const bool toStderr = !merged && chunk.stream == RunLogFormat::Stderr;
            if (FdWriter::writeAll(toStderr ? STDERR_FILENO : STDOUT_FILENO, chunk.data)
                != FdWriter::Result::Written)
                return 141; // our reader went away, as `| head` does
        }
    }
    return 0;
}

} // namespace LogCommand
