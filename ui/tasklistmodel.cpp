#include "tasklistmodel.h"

#include "historymodel.h"
#include "managedrun.h"
#include "outcomecolors.h"
#include "outcometext.h"
#include "runhistory.h"
#include "runmanager.h"
#include "tasklibrary.h"
#include "tasktrendscache.h"
#include "trendstext.h"
#include "triggerhub.h"

#include <optional>

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <optional>

TaskListModel::TaskListModel(const TaskLibrary *library, QObject *parent)
    : QAbstractListModel(parent)
    , m_library(library)
{
    connect(m_library, &TaskLibrary::changed, this, &TaskListModel::refresh);
    refresh();
}

void TaskListModel::setHistory(RunHistory *history)
{
    m_history = history;
    refresh();
}

void TaskListModel::setRuns(const RunManager *runs)
{
    m_runs = runs;
    // Each refresh reads every task's last run from the history (30-40 ms with 100,000 runs):
    // only a live run can change what the rows say.
    if (m_runs && m_runs->liveCount() > 0)
        refresh();
}

void TaskListModel::setTriggers(const TriggerHub *triggers)
{
    m_triggers = triggers;
    connect(triggers, &TriggerHub::statusChanged, this, &TaskListModel::refresh);
    refresh();
}

void TaskListModel::setTrends(TaskTrendsCache *trends)
{
    m_trends = trends;
}

void TaskListModel::refresh()
{
    const QHash<QString, RunRecord> latest
        = m_history ? m_history->latestPerTask() : QHash<QString, RunRecord>();
    const QDateTime now = QDateTime::currentDateTime();
    // Tasks with a run waiting in the queue and none live: the history has no row for it yet.
    QSet<QString> queuedOnly;
    // A live run is what a task's row tells, though a newer row may be in the history (a
    // trigger its policy skipped while it ran): the newest live run's row, by task.
    QHash<QString, qint64> liveRecord;
    if (m_runs) {
        QSet<QString> live;
        for (const ManagedRun *run : m_runs->runs()) {
            if (run->isLive()) {
                live.insert(run->task().id);
                if (run->recordId() > 0)
                    liveRecord.insert(run->task().id, run->recordId());
            } else if (run->state() == ManagedRun::State::Queued) {
                queuedOnly.insert(run->task().id);
            }
        }
        queuedOnly.subtract(live);
    }
    QVector<Row> rows;
    for (const Task &task : m_library->tasks()) {
        Row row{task.id, task.name, task.commandLine(), QString(), QIcon(), QString(), QString()};
        if (m_triggers) {
            QStringList words;
            for (const TriggerSource::Status &status : m_triggers->statuses(task.id)) {
                row.triggerMarks += status.mark;
                const QString line = status.problem.isEmpty() ? status.summary : status.problem;
                row.toolTip += QLatin1Char('\n') + status.mark + QLatin1Char(' ') + line;
                words.append(line);
            }
            row.triggerWords = words.join(QStringLiteral("; "));
        }
        const auto last = latest.constFind(task.id);
        std::optional<RunRecord> liveRow;
        if (const qint64 liveId = liveRecord.value(task.id);
            liveId > 0 && last != latest.constEnd() && last->id != liveId && m_history)
            liveRow = m_history->run(liveId);
        if (liveRow || last != latest.constEnd()) {
            const RunRecord *lastRecord = liveRow ? &*liveRow : &*last;
            // The history says "running" until the run has ended; this app knows more.
            const ManagedRun *held = m_runs && lastRecord->state == RunRecord::State::Running
                                         ? m_runs->runRecordedAs(lastRecord->id)
                                         : nullptr;
            QString how;
            QColor colour = OutcomeColors::forRecord(*lastRecord);
            if (held && held->state() == ManagedRun::State::Stopping) {
                how = tr("stopping");
                colour = OutcomeColors::stopping();
            } else if (held && held->state() == ManagedRun::State::Paused) {
                how = tr("paused");
                colour = OutcomeColors::paused();
            }
            row.lastRun = lastRunWords(*lastRecord, now, how);
            row.dot = OutcomeColors::dot(colour);
            row.toolTip += QStringLiteral("\nLast run: ") + row.lastRun;
        }
        if (queuedOnly.contains(task.id)) {
            row.lastRun
                = tr("queued")
                  + (row.lastRun.isEmpty() ? QString() : QStringLiteral(" · last: ") + row.lastRun);
            row.dot = OutcomeColors::dot(OutcomeColors::queued());
            row.toolTip += QStringLiteral("\n") + tr("A run is queued");
        }
        rows.append(row);
    }
    // The same tasks (the history moved on): the rows stay, so do the selection and the scroll.
    const bool sameTasks
        = std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), m_rows.cend(),
                     [](const Row &a, const Row &b) { return a.id == b.id && a.name == b.name; });
    if (sameTasks) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

QString TaskListModel::lastRunWords(const RunRecord &record, const QDateTime &now,
                                    const QString &givenHow)
{
    const QString how = givenHow.isEmpty() ? HistoryModel::outcomeWords(record) : givenHow;
    const qint64 seconds = qMax<qint64>(0, record.started.secsTo(now));
    QString ago;
    if (seconds < 60)
        ago = QStringLiteral("just now");
    else if (seconds < 3600)
        ago = QStringLiteral("%1 min ago").arg(seconds / 60);
    else if (seconds < 86400)
        ago = QStringLiteral("%1 h ago").arg(seconds / 3600);
    else
        ago = QStringLiteral("%1 d ago").arg(seconds / 86400);
    QString text = how + QStringLiteral(" · ") + ago;
    if (record.state == RunRecord::State::Finished)
        text += QStringLiteral(" · ") + OutcomeText::seconds(record.result.duration);
    return text;
}

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.name;
    case Qt::ToolTipRole:
        if (!m_trends || !m_trends->isAvailable())
            return row.toolTip;
        // Rich text from here on: the plain lines escaped, a line break each.
        return QString(
            QStringLiteral("<qt>")
            + row.toolTip.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))
            + TrendsText::toolTipSection(m_trends->trends(row.id)) + QStringLiteral("</qt>"));
    case Qt::DecorationRole:
        return row.dot.isNull() ? QVariant() : QVariant(row.dot);
    case LastRunRole:
        return row.lastRun.isEmpty() ? QVariant() : QVariant(row.lastRun);
    case Qt::AccessibleDescriptionRole: {
        QStringList parts{row.lastRun, row.triggerWords};
        parts.removeAll(QString());
        return parts.isEmpty() ? QVariant() : QVariant(parts.join(QStringLiteral("; ")));
    }
    case TriggerMarkRole:
        return row.triggerMarks.isEmpty() ? QVariant() : QVariant(row.triggerMarks);
    case TaskIdRole:
        return row.id;
    default:
        return {};
    }
}
