#include "pastrunpane.h"

#include "logview.h"
#include "namedwidget.h"
#include "outcometext.h"
#include "outputlog.h"
#include "runhistory.h"
#include "runlogreader.h"
#include "specsnapshot.h"
#include "task.h"

#include <QDesktopServices>

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace {

QLabel *selectableLabel(const char *objectName, const QString &accessibleName, const QString &text)
{
    auto *label = named(new QLabel(text), objectName, accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

PastRunPane::PastRunPane(const RunRecord &record, QWidget *parent)
    : QWidget(parent)
    , m_record(record)
{
    setObjectName(QStringLiteral("pastRunPane"));
    Task task;
    if (const auto spec = SpecSnapshot::fromJson(record.specJson))
        task.spec = *spec;
    QString outcome;
    switch (record.state) {
    case RunRecord::State::Finished:
        outcome = OutcomeText::describe(record.result);
        break;
    case RunRecord::State::Running:
        outcome = tr("Still running (in another program)");
        break;
    case RunRecord::State::Interrupted:
        outcome = tr("Interrupted: the program running it ended unexpectedly");
        break;
    }
    auto *header = new QFormLayout;
    header->addRow(
        tr("Run:"),
        selectableLabel("runIdLabel", tr("Run"),
                        tr("%1 (%2, %3)").arg(record.id).arg(record.taskName, record.trigger)));
    header->addRow(tr("Command:"),
                   selectableLabel("commandLabel", tr("Command"), task.commandLine()));
    header->addRow(tr("Started:"),
                   selectableLabel("startedLabel", tr("Started at"),
                                   record.started.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))));
    header->addRow(tr("Outcome:"), selectableLabel("outcomeLabel", tr("Outcome"), outcome));
    m_logLabel = selectableLabel("logFileLabel", tr("Log file"), QString());
    header->addRow(tr("Log file:"), m_logLabel);

    m_log = new OutputLog(this);
    m_view = new LogView(this);
    m_view->setLog(m_log);
    connect(m_view, &LogView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    load();
}

QString PastRunPane::logStatus() const
{
    return m_logLabel->text();
}

void PastRunPane::load()
{
    if (m_record.logPath.isEmpty()) {
        m_logLabel->setText(tr("none (runs of the command line keep no log)"));
        return;
    }
    RunLogReader reader;
    QString error;
    if (!reader.open(m_record.logPath, &error)) {
        m_logLabel->setText(tr("%1 — gone: %2").arg(m_record.logPath, error));
        return;
    }
    // The last chunks that together take at most TailBytes, read from the end: the index
    // finds them without reading what comes before.
    constexpr qint64 Step = 256; // chunks per read
    QVector<RunLogChunk> chunks; // newest first while collecting
    qint64 first = reader.chunkCount();
    qint64 bytes = 0;
    while (first > 0 && bytes < TailBytes) {
        const qint64 from = qMax<qint64>(0, first - Step);
        const QVector<RunLogChunk> window = reader.chunks(from, first - from);
        if (window.isEmpty())
            break;
        qsizetype i = window.size() - 1;
        for (; i >= 0 && bytes < TailBytes; --i) {
            bytes += window[i].data.size();
            chunks.append(window[i]);
        }
        first = from + i + 1;
    }
    std::reverse(chunks.begin(), chunks.end());
    const bool partial = first > 0;
    if (partial)
        m_log->appendNote(
            tr("[Earlier output of this run is in the log file only: %1]").arg(m_record.logPath));
    for (const RunLogChunk &chunk : std::as_const(chunks)) {
        switch (chunk.stream) {
        case RunLogFormat::Stderr:
            m_log->append(OutputChannel::Stderr, chunk.data, chunk.timeMs);
            break;
        case RunLogFormat::Note:
            m_log->appendNote(QString::fromUtf8(chunk.data.trimmed()));
            break;
        default: // stdout, and bytes no index record covers
            m_log->append(OutputChannel::Stdout, chunk.data, chunk.timeMs);
            break;
        }
    }
    m_log->finish();
    m_logLabel->setText(m_record.logPath);
}
