#include "contrast.h"

#include <QPalette>
#include <QtMath>

namespace Contrast {

QColor over(const QColor &color, const QColor &background)
{
    const double a = color.alphaF();
    if (a >= 1.0)
        return color;
    const auto mix = [a](double f, double b) { return f * a + b * (1.0 - a); };
    return QColor::fromRgbF(float(mix(color.redF(), background.redF())),
                            float(mix(color.greenF(), background.greenF())),
                            float(mix(color.blueF(), background.blueF())));
}

double luminance(const QColor &color)
{
    const auto channel
        = [](double c) { return c <= 0.03928 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
           + 0.0722 * channel(rgb.blueF());
}

double ratio(const QColor &foreground, const QColor &background)
{
    const double a = luminance(over(foreground, background));
    const double b = luminance(background);
    return (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
}

QColor readableOn(const QColor &color, const QColor &background, double minimum)
{
    QColor candidate = over(color, background);
    if (ratio(candidate, background) >= minimum)
        return candidate;
    // Towards white on a dark background, towards black on a light one: the side with room.
    const bool lighten = luminance(background) < 0.18;
    const QColor end = lighten ? QColor(Qt::white) : QColor(Qt::black);
    const QColor start = candidate;
    for (int step = 1; step <= 20; ++step) {
        const double t = step / 20.0;
        candidate = QColor::fromRgbF(float(start.redF() + (end.redF() - start.redF()) * t),
                                     float(start.greenF() + (end.greenF() - start.greenF()) * t),
                                     float(start.blueF() + (end.blueF() - start.blueF()) * t));
        if (ratio(candidate, background) >= minimum)
            return candidate;
    }
    return end;
}

QColor errorText(const QPalette &palette)
{
    const QColor window = palette.color(QPalette::Window);
    const bool dark = luminance(window) < 0.18;
    return readableOn(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28), window);
}

} // namespace Contrast
