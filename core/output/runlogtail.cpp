#include "runlogtail.h"

#include "outputlog.h"
#include "runlogreader.h"

#include <algorithm>

namespace RunLogTail {

Loaded loadInto(OutputLog *log, const QString &dataPath, qint64 maxBytes)
{
    Loaded loaded;
    RunLogReader reader;
    if (!reader.open(dataPath, &loaded.error))
        return loaded;
    constexpr qint64 Step = 256; // chunks per read
    QVector<RunLogChunk> chunks; // newest first while collecting
    qint64 first = reader.chunkCount();
    qint64 bytes = 0;
    while (first > 0 && bytes < maxBytes) {
        const qint64 from = qMax<qint64>(0, first - Step);
        const QVector<RunLogChunk> window = reader.chunks(from, first - from);
        if (window.isEmpty())
            break;
        qsizetype i = window.size() - 1;
        for (; i >= 0 && bytes < maxBytes; --i) {
            bytes += window[i].data.size();
            chunks.append(window[i]);
        }
        first = from + i + 1;
    }
    std::reverse(chunks.begin(), chunks.end());
    loaded.partial = first > 0;
    if (loaded.partial)
        log->appendNote(QStringLiteral("[Earlier output of this run is in its log file only: %1]")
                            .arg(dataPath));
    for (const RunLogChunk &chunk : std::as_const(chunks)) {
        switch (chunk.stream) {
        case RunLogFormat::Stderr:
            log->append(OutputChannel::Stderr, chunk.data, chunk.timeMs);
            break;
        case RunLogFormat::Note:
            log->appendNote(QString::fromUtf8(chunk.data.trimmed()));
            break;
        default: // stdout, and bytes no index record covers
            log->append(OutputChannel::Stdout, chunk.data, chunk.timeMs);
            break;
        }
    }
    log->finish();
    loaded.ok = true;
    return loaded;
}

} // namespace RunLogTail
