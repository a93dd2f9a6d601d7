#include "logrows.h"

#include "outputlog.h"

bool LogRows::hasMarker() const
{
    return m_log && m_log->store().trimmedLines() > 0;
}

qint64 LogRows::count() const
{
    if (!m_log)
        return 0;
    return (hasMarker() ? 1 : 0) + m_log->store().lineCount() + m_log->partialLineCount();
}

LogRow LogRows::at(qint64 row) const
{
    LogRow result;
    if (!m_log || row < 0)
        return result;
    const LineStore &store = m_log->store();
    const int markerRows = hasMarker() ? 1 : 0;
    if (row < markerRows) {
        result.kind = LogRow::Marker;
        result.marker = tr("[… %1 earlier lines are no longer in memory; the run's log file has "
                           "everything]")
                            .arg(store.trimmedLines());
        return result;
    }
    const qint64 index = row - markerRows;
    if (index < store.lineCount()) {
        result.kind = LogRow::Line;
        result.lineNumber = store.firstLineNumber() + index;
        result.line = *store.line(result.lineNumber);
        return result;
    }
    const qint64 partial = index - store.lineCount();
    if (partial < m_log->partialLineCount()) {
        result.kind = LogRow::Line;
        result.lineNumber = store.endLineNumber() + partial;
        result.line = m_log->partialLine(int(partial));
    }
    return result;
}

qint64 LogRows::rowOf(qint64 lineNumber) const
{
    if (!m_log || lineNumber < m_log->store().firstLineNumber())
        return -1;
    return (hasMarker() ? 1 : 0) + lineNumber - m_log->store().firstLineNumber();
}

qint64 LogRows::lastLineNumber() const
{
    return m_log ? m_log->store().endLineNumber() + m_log->partialLineCount() : 0;
}

int LogRows::longestLineLength() const
{
    return m_log ? m_log->store().longestLineLength() : 0;
}
