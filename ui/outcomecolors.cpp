#include "outcomecolors.h"

#include "contrast.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace {

// Read when a colour is asked for: a palette changed at run time counts for the next dot.
bool darkPalette()
{
    return Contrast::luminance(QGuiApplication::palette().color(QPalette::Base)) < 0.18;
}

QColor readableOnWindow(const QColor &color)
{
    const QPalette palette = QGuiApplication::palette();
    return Contrast::readableOn(
        Contrast::readableOn(color, palette.color(QPalette::Base), Contrast::Graphics),
        palette.color(QPalette::Window), Contrast::Graphics);
}

QColor adapted(const QColor &color)
{
    return darkPalette() ? readableOnWindow(color) : color;
}

} // namespace

namespace OutcomeColors {

QColor forResult(const RunResult &r)
{
    switch (r.outcome) {
    case RunOutcome::Exited:
        return adapted(r.exitCode == 0 ? QColor(0x2e, 0xc2, 0x7e) : QColor(0xc0, 0x1c, 0x28));
    case RunOutcome::Crashed:
        return adapted(QColor(0xc0, 0x1c, 0x28));
    case RunOutcome::TimedOut:
        return adapted(QColor(0xf5, 0xc2, 0x11));
    case RunOutcome::Stopped:
        return adapted(QColor(0x81, 0x3d, 0x9c));
    case RunOutcome::Killed:
        return adapted(QColor(0x5e, 0x1c, 0x64));
    case RunOutcome::FailedToStart:
        return adapted(QColor(0x63, 0x45, 0x2c));
    case RunOutcome::Skipped: // grey: it never ran
    case RunOutcome::Cancelled:
        return adapted(QColor(0x77, 0x76, 0x7b));
    }
    return unknown();
}

QColor forRecord(const RunRecord &record)
{
    switch (record.state) {
    case RunRecord::State::Finished:
        return forResult(record.result);
    case RunRecord::State::Running:
        return running();
    case RunRecord::State::Interrupted:
        break;
    }
    return unknown();
}

QColor running()
{
    return adapted(QColor(0x1c, 0x71, 0xd8));
}

QColor paused()
{
    return adapted(QColor(0x99, 0xc1, 0xf1));
}

QColor stopping()
{
    return adapted(QColor(0xe6, 0x61, 0x00));
}

QColor unknown()
{
    return adapted(QColor(Qt::gray));
}

QIcon dot(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(color);
    painter.setPen(ring(color));
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

QColor ring(const QColor &color)
{
    return readableOnWindow(darkPalette() ? color : color.darker(140));
}

} // namespace OutcomeColors
