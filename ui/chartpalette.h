#pragma once

#include <QColor>
#include <QPalette>

class QChart;

// A chart's colours, read from the widget's palette so that a chart reads in the light and the
// dark palette alike (and follows a switch at run time): the background and text of the view
// (Base, Text), a faint grid, and series colours moved until they reach WCAG's 3:1 for graphics
// on that background (Contrast::readableOn). No Qt Charts theme: their colours are fixed and
// ignore the application's palette.
class ChartPalette
{
public:
    explicit ChartPalette(const QPalette &palette);

    QColor background() const { return m_background; }
    QColor text() const { return m_text; }
    QColor grid() const { return m_grid; }
    // The n-th series' colour (blue, orange, green, purple, then again), readable on
    // background().
    QColor series(int n) const;

    // Paints chart and every axis it has now with these colours: background, plot area, title,
    // legend, axis labels, titles, lines and grid. Series keep their own pens.
    void apply(QChart *chart) const;

private:
    QColor m_background;
    QColor m_text;
    QColor m_grid;
};
