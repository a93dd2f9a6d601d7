#include "traymodel.h"

#include "outcometext.h"

#include <QSet>

QString TrayModel::toolTip() const
{
    QString text = tr("taskrunner");
    if (m_live.isEmpty())
        return text + QStringLiteral(" — ") + tr("no live runs");
    text += QStringLiteral(" — ")
            + (m_live.size() == 1 ? tr("1 live run") : tr("%1 live runs").arg(m_live.size()));
    const int listed = int(qMin<qsizetype>(m_live.size(), MaxListed));
    for (int i = 0; i < listed; ++i) {
        const LiveRun &run = m_live.at(i);
        text += u'\n' + run.task + QStringLiteral(" — ") + run.state + QStringLiteral(", ")
                + OutcomeText::seconds(run.elapsed);
    }
    if (m_live.size() > listed)
        text += u'\n' + tr("and %1 more").arg(m_live.size() - listed);
    return text;
}

QVector<TrayModel::MenuEntry> TrayModel::menu() const
{
    using Kind = MenuEntry::Kind;
    QVector<MenuEntry> entries;
    entries.append({Kind::RecentHeading, tr("Run again"), false});
    if (m_recent.isEmpty())
        entries.append({Kind::NoRecent, tr("No runs yet"), false});
    for (int i = 0; i < m_recent.size(); ++i) {
        QString name = m_recent.at(i).name;
        // A task's "&" is a character, not a mnemonic.
        entries.append({Kind::Recent, name.replace(u'&', QLatin1String("&&")), m_runsAllowed, i});
    }
    entries.append({Kind::Separator, QString()});
    entries.append({Kind::StopAll,
                    m_live.isEmpty() ? tr("S&top all") : tr("S&top all (%1)").arg(m_live.size()),
                    !m_live.isEmpty()});
    entries.append({Kind::Separator, QString()});
    entries.append({Kind::Show, tr("&Show taskrunner")});
    entries.append({Kind::Quit, tr("&Quit")});
    return entries;
}

QVector<TrayModel::RecentTask> TrayModel::recentFrom(const QVector<RunRecord> &newestFirst, int max)
{
    QVector<RecentTask> recent;
    QSet<QString> seen;
    for (const RunRecord &record : newestFirst) {
        if (recent.size() >= max)
            break;
        const QString key = record.taskId.isEmpty() ? u'n' + record.taskName : u'i' + record.taskId;
        if (record.taskName.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        recent.append({record.taskName, record.taskId, record.id});
    }
    return recent;
}
