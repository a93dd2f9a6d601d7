#include "trendsdialog.h"

#include "namedwidget.h"
#include "outcomecolors.h"
#include "outcometext.h"
#include "tasktrendscache.h"
#include "trendstext.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QStackedBarSeries>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace {

double secondsOf(std::chrono::milliseconds duration)
{
    return double(duration.count()) / 1000.0;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

TrendsDialog::TrendsDialog(TaskTrendsCache *cache, const QString &taskId, const QString &taskName,
                           QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
    , m_taskId(taskId)
    , m_taskName(taskName)
{
    setObjectName(QStringLiteral("trendsDialog"));
    setWindowTitle(tr("Trends — %1").arg(taskName));
    m_summary = selectableLabel("trendsSummary", tr("Figures"));
    m_counts = selectableLabel("trendsWhatCounts", tr("What counts"), TrendsText::whatCounts());

    m_chartView = named(new QChartView, "trendsChart", tr("Durations of the last runs"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(420, 240);

    m_table = named(new QTableWidget(0, 4), "trendsTable", tr("Runs"));
    m_table->setHorizontalHeaderLabels(
        {tr("Started"), tr("Duration"), tr("Outcome"), tr("Counts as")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setToolTip(tr("Enter or a double-click opens the run's log"));
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) { openRow(row); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("trendsClose"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_chartView, 2);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_counts);
    layout->addWidget(buttons);

    if (m_cache) {
        connect(m_cache, &TaskTrendsCache::changed, this, [this](const QString &id) {
            if (id.isEmpty() || id == m_taskId)
                reload();
        });
    }
    reload();
    resize(640, 560);
}

int TrendsDialog::barCount() const
{
    return m_bars;
}

void TrendsDialog::reload()
{
    const TaskTrends trends
        = m_cache ? m_cache->trends(m_taskId) : TaskTrends::fromRecords(m_taskId, {});
    m_recordIds.clear();
    for (const TaskTrends::Run &run : trends.runs)
        m_recordIds.append(run.recordId);
    const QString summary = TrendsText::summary(trends);
    m_summary->setText(summary);
    m_summary->setAccessibleDescription(summary);
    fillChart(trends);
    fillTable(trends);
}

void TrendsDialog::fillChart(const TaskTrends &trends)
{
    auto *chart = new QChart;
    // The theme first: it sets every colour, the bars' too.
    chart->setTheme(isDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette().brush(QPalette::Base));
    chart->setTitleBrush(palette().brush(QPalette::Text));
    chart->legend()->hide(); // the colours are the app's outcome colours, named in the table
    chart->setTitle(trends.isEmpty() ? tr("No runs yet")
                    : trends.runs.size() == 1
                        ? tr("The last run")
                        : tr("The last %1 runs, oldest first").arg(trends.runs.size()));

    // A set per colour, stacked: each run has a value in its colour's set only, so each bar
    // has its own colour and they all stand in one row.
    auto *series = new QStackedBarSeries;
    QMap<QString, QBarSet *> sets; // by colour name, in a stable order
    const int count = int(trends.runs.size());
    for (int i = 0; i < count; ++i) {
        const TaskTrends::Run &run = trends.runs.at(i);
        const QColor colour = TrendsText::colourOf(run);
        QBarSet *&set = sets[colour.name()];
        if (!set) {
            set = new QBarSet(TrendsText::verdictName(run.verdict));
            set->setColor(colour);
            set->setBorderColor(colour);
            for (int j = 0; j < count; ++j)
                set->append(0.0);
        }
        set->replace(i, run.duration ? secondsOf(*run.duration) : 0.0);
    }
    for (QBarSet *set : std::as_const(sets)) {
        // Hovered, a bar says which run it is and how it went (the table's row, in words).
        connect(set, &QBarSet::hovered, this, [this](bool on, int index) {
            if (on && index >= 0 && index < m_barWords.size())
                QToolTip::showText(QCursor::pos(), m_barWords.at(index), m_chartView);
            else
                QToolTip::hideText();
        });
        connect(set, &QBarSet::clicked, this, [this](int index) {
            if (index >= 0 && index < m_recordIds.size())
                Q_EMIT openRunRequested(m_recordIds.at(index));
        });
        series->append(set);
    }
    series->setBarWidth(0.8);
    chart->addSeries(series);

    // A category axis keeps one slot per distinct label, so two runs started in the same minute
    // would share a bar: a repeated label gets the run's number in the row.
    QStringList categories;
    for (const TaskTrends::Run &run : trends.runs) {
        QString label = TrendsText::when(run.started);
        if (categories.contains(label))
            label = tr("%1 (#%2)").arg(label).arg(categories.size() + 1);
        categories.append(label);
    }
    auto *axisX = new QBarCategoryAxis;
    axisX->append(categories);
    axisX->setLabelsAngle(-60);
    axisX->setTruncateLabels(false); // "Tue 14:02" whole, not "…", however narrow the bar
    auto *axisY = new QValueAxis;
    axisY->setTitleText(tr("seconds"));
    axisY->setLabelFormat(QStringLiteral("%g"));
    const double top = qMax(1.0, secondsOf(trends.longest()) * 1.1);
    axisY->setRange(0.0, top);
    axisY->applyNiceNumbers(); // ticks at 0, 0.5, 1 - not 0.3, 0.6 rounded from 0.275
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(axisX), static_cast<QAbstractAxis *>(axisY)}) {
        axis->setLabelsBrush(palette().brush(QPalette::Text));
        axis->setTitleBrush(palette().brush(QPalette::Text));
    }
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisX);
    series->attachAxis(axisY);

    if (trends.averageSuccess && count > 0) {
        // Across the whole row of bars: on a category axis, bar i stands at x = i.
        auto *average = new QLineSeries;
        average->setName(tr("average of the successful runs"));
        const double y = secondsOf(*trends.averageSuccess);
        average->append(-0.5, y);
        average->append(count - 0.5, y);
        QPen pen(palette().color(QPalette::Text));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        average->setPen(pen);
        chart->addSeries(average);
        average->attachAxis(axisX);
        average->attachAxis(axisY);
    }

    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart); // takes ownership of the new chart, not of the old one
    delete old;
    m_bars = count;

    // The chart as words, for assistive technology: the figures, then each bar.
    QStringList bars;
    for (const TaskTrends::Run &run : trends.runs) {
        bars.append(TrendsText::when(run.started) + QStringLiteral(": ")
                    + (run.duration ? OutcomeText::seconds(*run.duration) : tr("no duration"))
                    + QStringLiteral(", ") + TrendsText::verdictName(run.verdict));
    }
    m_barWords = bars;
    m_chartView->setAccessibleDescription(
        TrendsText::summary(trends)
        + (bars.isEmpty() ? QString() : QStringLiteral(". ") + bars.join(QStringLiteral("; "))));
}

void TrendsDialog::fillTable(const TaskTrends &trends)
{
    m_table->setRowCount(0);
    // Newest first, as the history lists runs.
    const int count = int(trends.runs.size());
    m_table->setRowCount(count);
    for (int row = 0; row < count; ++row) {
        const int index = count - 1 - row;
        const TaskTrends::Run &run = trends.runs.at(index);
        const QString outcome = run.state == RunRecord::State::Finished
                                    ? OutcomeText::brief(run.result)
                                    : TrendsText::verdictName(run.verdict);
        const QStringList cells{
            QLocale::c().toString(run.started.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            run.duration ? OutcomeText::seconds(*run.duration) : tr("—"), outcome,
            TrendsText::verdictName(run.verdict)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, run.recordId);
            if (column == 2)
                item->setData(Qt::DecorationRole, OutcomeColors::dot(TrendsText::colourOf(run)));
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void TrendsDialog::openRow(int row)
{
    if (QTableWidgetItem *item = m_table->item(row, 0))
        Q_EMIT openRunRequested(item->data(Qt::UserRole).toLongLong());
}
