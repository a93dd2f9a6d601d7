#pragma once

#include <QColor>

class QPalette;

// WCAG 2 contrast, and colours moved until they reach it: what keeps the window's own colours
// (stderr, notes, find matches, outcome dots) readable on whatever background the palette has.
namespace Contrast {
// What the eye gets of a colour with alpha painted over background (opaque).
QColor over(const QColor &color, const QColor &background);
// WCAG 2 relative luminance, 0 (black) to 1 (white), of an opaque colour.
double luminance(const QColor &color);
// (lighter + 0.05) / (darker + 0.05): 1 (none) to 21 (black on white). Alpha is painted over
// the background first.
double ratio(const QColor &foreground, const QColor &background);
// WCAG AA: text needs 4.5, graphics (a dot, a bar) 3.
constexpr double Text = 4.5;
constexpr double Graphics = 3.0;
// color if it reaches minimum on background; else the same hue made lighter (on a dark
// background) or darker (on a light one), in small steps, until it does - black or white at
// the end, which always reach 4.5 on one side.
QColor readableOn(const QColor &color, const QColor &background, double minimum = Text);
// A problem's words (the editor's, the preferences'): red that reads on the palette's Window.
QColor errorText(const QPalette &palette);
} // namespace Contrast
