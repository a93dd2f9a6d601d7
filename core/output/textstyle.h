#pragma once

#include <QtGlobal>

#include <cstring>

// A colour as SGR names it: the terminal default, one of 256 palette entries (0-15 are the
// 16 standard and bright colours, which the view maps onto its palette), or 24-bit RGB.
struct TermColor
{
    enum Kind : quint8 { Default, Indexed, Rgb };
    Kind kind = Default;
    quint8 index = 0;
    quint8 r = 0, g = 0, b = 0;

    static TermColor indexed(int i) { return {Indexed, quint8(i), 0, 0, 0}; }
    static TermColor rgb(int r, int g, int b) { return {Rgb, 0, quint8(r), quint8(g), quint8(b)}; }
    bool operator==(const TermColor &o) const
    {
        return kind == o.kind && index == o.index && r == o.r && g == o.g && b == o.b;
    }
    bool operator!=(const TermColor &o) const { return !(*this == o); }
};

struct TextStyle
{
    enum Flag : quint8 {
        Bold = 1,
        Faint = 2,
        Italic = 4,
        Underline = 8,
        Inverse = 16,
    };
    TermColor foreground;
    TermColor background;
    quint8 flags = 0;

    bool isDefault() const
    {
        return foreground.kind == TermColor::Default && background.kind == TermColor::Default
               && flags == 0;
    }
    bool operator==(const TextStyle &o) const
    {
        // All bytes, no padding: one compare instead of eleven.
        return std::memcmp(this, &o, sizeof(TextStyle)) == 0;
    }
    bool operator!=(const TextStyle &o) const { return !(*this == o); }
};

static_assert(sizeof(TermColor) == 5 && sizeof(TextStyle) == 11,
              "TextStyle is compared bytewise: it must have no padding");
