#include "rungroupview.h"

#include "managedrun.h"
#include "namedwidget.h"
#include "outcometext.h"
#include "runmanager.h"
#include "runpane.h"

#include <QLabel>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace {

bool isDependencyRun(const ManagedRun &run)
{
    return !run.request().groupId.isEmpty() && run.request().trigger == RunTriggers::dependency();
}

QString link(const ManagedRun &run, const QString &text)
{
    return QStringLiteral("<a href=\"run:%1\">%2</a>").arg(run.id()).arg(text.toHtmlEscaped());
}

} // namespace

RunGroupView::RunGroupView(const RunManager *runs, RunPane *pane)
    : QWidget(pane)
    , m_runs(runs)
    , m_pane(pane)
    , m_label(named(new FieldLabel, "runGroupLabel", tr("Runs of the group")))
{
    setObjectName(QStringLiteral("runGroupView"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextBrowserInteraction); // links by keyboard too
    m_label->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    pane->addToHeader(this);

    connect(m_label, &QLabel::linkActivated, this, [this](const QString &href) {
        bool ok = false;
        const quint64 id = href.mid(4).toULongLong(&ok); // "run:12"
        if (href.startsWith(QLatin1String("run:")) && ok)
            Q_EMIT showRunRequested(id);
    });
    connect(pane, &RunPane::runStateChanged, this, &RunGroupView::refresh);
    // Another run of the group started, ended, or went.
    connect(runs, &RunManager::runChanged, this, [this](ManagedRun *changed) {
        const ManagedRun *shown = m_pane ? m_pane->run() : nullptr;
        if (shown && changed->request().groupId == shown->request().groupId)
            refresh();
    });
    connect(runs, &RunManager::runRemoved, this, &RunGroupView::refresh, Qt::QueuedConnection);
    refresh();
}

QString RunGroupView::tabTitle(const ManagedRun &run)
{
    return isDependencyRun(run) ? tr("%1 (for %2)").arg(run.task().name, run.request().groupFor)
                                : run.task().name;
}

QString RunGroupView::memberState(const ManagedRun &run)
{
    const QString name = run.task().name;
    switch (run.state()) {
    case ManagedRun::State::Queued:
        return tr("%1 — waiting").arg(name);
    case ManagedRun::State::Starting:
    case ManagedRun::State::Running:
    case ManagedRun::State::Stopping:
        return tr("%1 — running").arg(name);
    case ManagedRun::State::Paused:
        return tr("%1 — paused").arg(name);
    case ManagedRun::State::Restarting:
        return tr("%1 — restarting").arg(name);
    case ManagedRun::State::Finished:
        break;
    }
    const RunResult &result = run.result();
    if (result.outcome == RunOutcome::Exited && result.exitCode == 0)
        return tr("%1 ✓ %2").arg(name, OutcomeText::seconds(result.duration));
    if (result.outcome == RunOutcome::Skipped || result.outcome == RunOutcome::Cancelled)
        return tr("%1 — %2").arg(name, OutcomeText::brief(result));
    return tr("%1 ✗ %2").arg(name, OutcomeText::brief(result));
}

void RunGroupView::refresh()
{
    const ManagedRun *shown = m_pane ? m_pane->run() : nullptr;
    const QString group = shown ? shown->request().groupId : QString();
    if (group.isEmpty()) {
        m_label->clear();
        hide();
        return;
    }
    QStringList lines;
    if (isDependencyRun(*shown)) {
        // Run for the group's task: its run is the one that is not a dependency's.
        const ManagedRun *main = nullptr;
        for (const ManagedRun *each : m_runs->runs()) {
            if (each->request().groupId == group && !isDependencyRun(*each))
                main = each;
        }
        const QString forTask = main ? link(*main, shown->request().groupFor)
                                     : shown->request().groupFor.toHtmlEscaped();
        lines.append(tr("Run first for %1").arg(forTask));
    } else {
        lines.append(tr("Dependencies:"));
        for (const ManagedRun *each : m_runs->runs()) {
            if (each == shown || each->request().groupId != group)
                continue;
            const QString state = memberState(*each);
            const QString name = each->task().name;
            // The name is the link; the rest of the line as it is.
            lines.append(QStringLiteral("&nbsp;&nbsp;") + link(*each, name)
                         + state.mid(name.size()).toHtmlEscaped());
        }
    }
    m_label->setText(lines.join(QStringLiteral("<br>")));
    show();
}

QString RunGroupView::plainText() const
{
    return QTextDocumentFragment::fromHtml(m_label->text()).toPlainText();
}
