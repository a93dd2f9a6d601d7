#include "logpalette.h"

#include "contrast.h"

LogPalette::LogPalette(const QPalette &palette)
    : m_palette(palette)
    , m_dark(isDark(palette.color(QPalette::Base)))
{}

bool LogPalette::isDark(const QColor &background)
{
    return background.lightness() < 128;
}

QColor LogPalette::color(const TermColor &color, bool foreground) const
{
    if (color.kind == TermColor::Default)
        return m_palette.color(foreground ? QPalette::Text : QPalette::Base);
    if (color.kind == TermColor::Rgb)
        return QColor(color.r, color.g, color.b);
    const int i = color.index;
    if (i < 16) {
        // The 16 named colours, in a light and a dark variant that both read well on the
        // palette's background (GNOME Terminal's Tango-like choices).
        static const QRgb onLight[16]
            = {0x171421, 0xc01c28, 0x26a269, 0xa2734c, 0x12488b, 0xa347ba, 0x2aa1b3, 0x5e5c64,
               0x5e5c64, 0xf66151, 0x1e8a55, 0x9a6a00, 0x2a7bde, 0xc061cb, 0x1f8a9c, 0x241f31};
        static const QRgb onDark[16]
            = {0x5e5c64, 0xf66151, 0x33d17a, 0xe9ad0c, 0x5c9ef0, 0xdc8add, 0x33c7de, 0xd0cfcc,
               0x77767b, 0xff7b72, 0x57e389, 0xf8e45c, 0x99c1f1, 0xf0a0f0, 0x93ddf0, 0xffffff};
        return QColor(m_dark ? onDark[i] : onLight[i]);
    }
    if (i < 232) { // the 6x6x6 cube
        const int v = i - 16;
        const auto level = [](int x) { return x == 0 ? 0 : 55 + 40 * x; };
        return QColor(level(v / 36), level((v / 6) % 6), level(v % 6));
    }
    const int gray = 8 + 10 * (i - 232);
    return QColor(gray, gray, gray);
}

QColor LogPalette::lineColor(OutputChannel channel) const
{
    const QColor base = m_palette.color(QPalette::Base);
    if (channel == OutputChannel::Stderr)
        return Contrast::readableOn(m_dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28),
                                    base);
    return Contrast::readableOn(m_palette.color(QPalette::Text), base);
}

QColor LogPalette::matchColor() const
{
    return m_dark ? QColor(0x80, 0x60, 0x00) : QColor(0xf8, 0xe4, 0x5c);
}

QColor LogPalette::matchTextColor() const
{
    return Contrast::readableOn(m_palette.color(QPalette::Text), matchColor());
}

QColor LogPalette::selectionColor() const
{
    return m_palette.color(QPalette::Highlight);
}

QColor LogPalette::selectionTextColor() const
{
    return Contrast::readableOn(m_palette.color(QPalette::HighlightedText), selectionColor());
}

QColor LogPalette::noteColor() const
{
    // PlaceholderText is often Text at half alpha: 3.9:1 on white, too faint for line numbers.
    return Contrast::readableOn(m_palette.color(QPalette::PlaceholderText),
                                m_palette.color(QPalette::Base));
}

LogPalette::Ink LogPalette::ink(const TextStyle &style, OutputChannel channel) const
{
    Ink ink;
    ink.foreground = style.foreground.kind == TermColor::Default ? lineColor(channel)
                                                                 : color(style.foreground, true);
    if (style.background.kind != TermColor::Default)
        ink.background = color(style.background, false);
    if (style.flags & TextStyle::Inverse) {
        const QColor swap
            = ink.background.isValid() ? ink.background : m_palette.color(QPalette::Base);
        ink.background = ink.foreground;
        ink.foreground = swap;
    }
    if (style.flags & TextStyle::Faint)
        ink.foreground.setAlphaF(0.6);
    return ink;
}
