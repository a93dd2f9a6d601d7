#pragma once

#include "outputchannel.h"
#include "textstyle.h"

#include <QColor>
#include <QPalette>

// The output view's colours, read from the widget's palette: the task's colours (the 16 named
// ones, the 256-colour cube and grays, 24-bit RGB) mapped so that they read on this background,
// light or dark, and the view's own - stderr, find matches, notes. Made afresh for each frame
// (cheap: a palette and one bit), so a theme change shows at the next one.
class LogPalette
{
public:
    explicit LogPalette(const QPalette &palette);

    // Whether a background is dark enough that text on it must be light.
    static bool isDark(const QColor &background);

    const QPalette &palette() const { return m_palette; }
    bool isDark() const { return m_dark; }

    // A colour as SGR names it; Default is the palette's text (foreground) or base.
    QColor color(const TermColor &color, bool foreground) const;
    // What a line prints in where no style says otherwise: stderr is red on either background.
    QColor lineColor(OutputChannel channel) const;
    // Every colour of the view's own that text is drawn in reaches WCAG's 4.5:1 on what it is
    // drawn on (Contrast::readableOn), whatever the palette: tst_readability checks each pair.
    QColor matchColor() const;         // behind a find match
    QColor matchTextColor() const;     // the match's text, whatever its style
    QColor selectionColor() const;     // behind selected text: the palette's Highlight
    QColor selectionTextColor() const; // selected text, whatever its style
    QColor noteColor() const; // the trim marker, line numbers, timestamps, a cut line's note

    // How a style is painted on a line of a channel: its text colour, and its background
    // (invalid: none), with Inverse and Faint applied.
    struct Ink
    {
        QColor foreground;
        QColor background;
    };
    Ink ink(const TextStyle &style, OutputChannel channel) const;

private:
    QPalette m_palette;
    bool m_dark;
};
