#include "trendstext.h"

#include "outcomecolors.h"
#include "outcometext.h"

#include <QLocale>
#include <QStringList>

namespace TrendsText {

namespace {

const QChar Blocks[] = {QChar(0x2581), QChar(0x2582), QChar(0x2583), QChar(0x2584),
                        QChar(0x2585), QChar(0x2586), QChar(0x2587), QChar(0x2588)};
constexpr int BlockCount = int(sizeof(Blocks) / sizeof(Blocks[0]));

QChar blockOf(const TaskTrends::Run &run, std::chrono::milliseconds longest)
{
    if (!run.duration)
        return QChar(0x00B7); // ·
    if (longest.count() <= 0)
        return Blocks[0];
    // The slowest run is a full block; every run that ran shows at least the lowest one.
    const double share = double(run.duration->count()) / double(longest.count());
    const int level = qBound(0, int(share * BlockCount + 0.5) - 1, BlockCount - 1);
    return Blocks[level];
}

} // namespace

QString verdictName(TaskTrends::Verdict verdict)
{
    switch (verdict) {
    case TaskTrends::Verdict::Succeeded:
        return QStringLiteral("succeeded");
    case TaskTrends::Verdict::Failed:
        return QStringLiteral("failed");
    case TaskTrends::Verdict::Stopped:
        return QStringLiteral("stopped");
    case TaskTrends::Verdict::Running:
        return QStringLiteral("running");
    case TaskTrends::Verdict::Interrupted:
        return QStringLiteral("interrupted");
    case TaskTrends::Verdict::NotStarted:
        return QStringLiteral("not started");
    }
    return QString();
}

QString when(const QDateTime &started, const QDateTime &now)
{
    const QDateTime local = started.toLocalTime();
    const QLocale c = QLocale::c(); // the app's words are English, its day names too
    const qint64 days = local.daysTo(now.toLocalTime());
    return days >= 0 && days < 7 ? c.toString(local, QStringLiteral("ddd HH:mm"))
                                 : c.toString(local, QStringLiteral("d MMM HH:mm"));
}

QString summary(const TaskTrends &trends)
{
    if (trends.isEmpty())
        return QStringLiteral("No runs yet");
    const int count = int(trends.runs.size());
    // Not "Last run:": the tooltip's line above says how the last run went in those words.
    QString text
        = count == 1 ? QStringLiteral("1 run: ") : QStringLiteral("Last %1 runs: ").arg(count);
    QStringList counts;
    counts.append(QStringLiteral("%1 succeeded").arg(trends.succeeded));
    QString failed = QStringLiteral("%1 failed").arg(trends.failed);
    if (const auto rate = trends.failureRate())
        failed += QStringLiteral(" (%1 %)").arg(qRound(*rate * 100));
    counts.append(failed);
    if (trends.stopped > 0)
        counts.append(QStringLiteral("%1 stopped").arg(trends.stopped));
    if (trends.running > 0)
        counts.append(QStringLiteral("%1 running").arg(trends.running));
    if (trends.interrupted > 0)
        counts.append(QStringLiteral("%1 interrupted").arg(trends.interrupted));
    if (trends.notStarted > 0)
        counts.append(QStringLiteral("%1 not started").arg(trends.notStarted));
    text += counts.join(QStringLiteral(", "));
    if (trends.averageSuccess)
        text += QStringLiteral(" · average ") + OutcomeText::seconds(*trends.averageSuccess);
    if (const TaskTrends::Run *slowest = trends.slowest())
        text += QStringLiteral(" · slowest ") + OutcomeText::seconds(*slowest->duration)
                + QStringLiteral(" (") + when(slowest->started) + QStringLiteral(")");
    return text;
}

QString whatCounts()
{
    return QStringLiteral(
        "Failed: exited with a code other than 0, crashed, timed out or failed to start. "
        "Stopped or killed by you: finished, not failed. The average is of the successful runs. "
        "Running and interrupted runs are shown but not counted; skipped and cancelled runs "
        "never started and are left out.");
}

QString sparkline(const TaskTrends &trends)
{
    QString line;
    const auto longest = trends.longest();
    for (const TaskTrends::Run &run : trends.runs)
        line += blockOf(run, longest);
    return line;
}

QColor colourOf(const TaskTrends::Run &run)
{
    RunRecord record;
    record.state = run.state;
    record.result = run.result;
    return OutcomeColors::forRecord(record);
}

QString sparklineHtml(const TaskTrends &trends)
{
    QString html;
    const auto longest = trends.longest();
    for (const TaskTrends::Run &run : trends.runs) {
        html += QStringLiteral("<span style=\"color:%1\">%2</span>")
                    .arg(colourOf(run).name(), blockOf(run, longest));
    }
    return html;
}

QString toolTipSection(const TaskTrends &trends)
{
    QString html = QStringLiteral("<p>") + summary(trends).toHtmlEscaped() + QStringLiteral("</p>");
    if (!trends.isEmpty())
        html += QStringLiteral("<p style=\"font-size:large\">") + sparklineHtml(trends)
                + QStringLiteral("</p>");
    return html;
}

} // namespace TrendsText
