#include "pastrunpane.h"

#include "editorlauncher.h"
#include "logview.h"
#include "namedwidget.h"
#include "outcometext.h"
#include "outputlog.h"
#include "runhistory.h"
#include "runlogtail.h"
#include "specsnapshot.h"
#include "task.h"

#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

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
    header->addRow(tr("Started:"), selectableLabel("startedLabel", tr("Started at"),
                                                   record.started.toLocalTime().toString(
                                                       QStringLiteral("yyyy-MM-dd hh:mm:ss"))));
    header->addRow(tr("Outcome:"), selectableLabel("outcomeLabel", tr("Outcome"), outcome));
    m_logLabel = selectableLabel("logFileLabel", tr("Log file"), QString());
    header->addRow(tr("Log file:"), m_logLabel);

    m_log = new OutputLog(this);
    m_view = new LogView(this);
    m_view->setLog(m_log);
    connect(m_view, &LogView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    // The run's relative paths were from its working directory (ours when it had none).
    m_view->setBaseDirectory(task.spec.workingDirectory.isEmpty() ? QDir::currentPath()
                                                                  : task.spec.workingDirectory);
    connect(m_view, &LogView::locationActivated, this,
            [this](const QString &file, int line, int column) {
                if (const QString error = EditorLauncher::openFromSettings(file, line, column);
                    !error.isEmpty())
                    Q_EMIT editorFailed(error);
            });
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
    const RunLogTail::Loaded loaded = RunLogTail::loadInto(m_log, m_record.logPath, TailBytes);
    if (!loaded.ok) {
        m_logLabel->setText(tr("%1 — gone: %2").arg(m_record.logPath, loaded.error));
        return;
    }
    m_logLabel->setText(m_record.logPath);
}
