#include "chartpalette.h"

#include "contrast.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

ChartPalette::ChartPalette(const QPalette &palette)
    : m_background(palette.color(QPalette::Base))
    , m_text(palette.color(QPalette::Text))
{
    // A quarter of the text over the background: visible, never competing with the curves.
    QColor faint = m_text;
    faint.setAlphaF(0.25);
    m_grid = Contrast::over(faint, m_background);
}

QColor ChartPalette::series(int n) const
{
    // Hues that stay apart for the common colour blindnesses (Okabe-Ito's blue, orange,
    // bluish green, reddish purple).
    static const QColor hues[] = {QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00),
                                  QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7)};
    const QColor &hue = hues[qAbs(n) % int(std::size(hues))];
    return Contrast::readableOn(hue, m_background, Contrast::Graphics);
}

void ChartPalette::apply(QChart *chart) const
{
    chart->setBackgroundBrush(m_background);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(m_text);
    chart->legend()->setLabelColor(m_text);
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(m_text);
        axis->setTitleBrush(m_text);
        axis->setLinePenColor(m_grid);
        axis->setGridLineColor(m_grid);
        axis->setMinorGridLineColor(m_grid);
    }
}
