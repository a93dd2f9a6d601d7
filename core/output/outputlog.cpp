#include "outputlog.h"

#include "rawlogwriter.h"
#include "taskrun.h"

#include <QDateTime>

OutputLog::OutputLog(QObject *parent)
    : QObject(parent)
    , m_stdout(OutputChannel::Stdout, [this](const StyledLineRef &line) { m_store.append(line); })
    , m_stderr(OutputChannel::Stderr, [this](const StyledLineRef &line) { m_store.append(line); })
{}

OutputLog::~OutputLog() = default;

bool OutputLog::attachLogFile(const QString &path, QString *error, qint64 limit)
{
    auto writer = std::make_unique<RawLogWriter>();
    writer->setLimit(limit);
    if (!writer->open(path, error))
        return false;
    connect(writer.get(), &RawLogWriter::failed, this, [this](const QString &why) {
        Q_EMIT logFileFailed(
            QStringLiteral("Writing the log file %1 failed: %2").arg(m_writer->path(), why));
    });
    connect(writer.get(), &RawLogWriter::drained, this, &OutputLog::diskCaughtUp);
    connect(writer.get(), &RawLogWriter::limitReached, this, &OutputLog::logFileLimitReached);
    m_writer = std::move(writer);
    return true;
}

void OutputLog::readFrom(TaskRun *run)
{
    connect(run, &TaskRun::outputReceived, this,
            [this, run](OutputChannel channel, const QByteArray &data) {
                append(channel, data);
                if (diskIsBehind())
                    run->setOutputPaused(true);
            });
    connect(this, &OutputLog::diskCaughtUp, run, [run] { run->setOutputPaused(false); });
}

void OutputLog::append(OutputChannel channel, const QByteArray &data, qint64 timeMs)
{
    m_bytesReceived += data.size();
    if (m_writer)
        m_writer->write(channel, data);
    (channel == OutputChannel::Stdout ? m_stdout : m_stderr).feed(data, timeMs);
    Q_EMIT changed();
}

void OutputLog::finish()
{
    m_stdout.finish();
    m_stderr.finish();
    Q_EMIT changed();
}

void OutputLog::appendNote(const QString &text, NoteTarget target)
{
    if (target == NoteTarget::ViewAndFile && m_writer)
        m_writer->writeNote(text.toUtf8());
    StyledLine line;
    line.text = text;
    TextStyle style;
    style.flags = TextStyle::Italic | TextStyle::Faint;
    line.spans.append({0, int(text.size()), style});
    line.timestampMs = QDateTime::currentMSecsSinceEpoch();
    m_store.append(line);
    Q_EMIT changed();
}

void OutputLog::closeLogFile()
{
    m_writer.reset(); // its destructor writes what is queued, then closes
}

void OutputLog::clear()
{
    m_store.clear();
    Q_EMIT changed();
}

void OutputLog::reset()
{
    m_store.reset();
    Q_EMIT changed();
}

StyledLineRef OutputLog::partialLine(int index) const
{
    if (index == 0 && m_stdout.hasCurrentLine())
        return m_stdout.currentLineRef();
    return m_stderr.currentLineRef();
}

int OutputLog::partialLineCount() const
{
    return (m_stdout.hasCurrentLine() ? 1 : 0) + (m_stderr.hasCurrentLine() ? 1 : 0);
}

bool OutputLog::diskIsBehind() const
{
    return m_writer && m_writer->queuedBytes() > BackPressureBytes;
}
