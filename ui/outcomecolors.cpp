#include "outcomecolors.h"

#include <QPainter>
#include <QPixmap>

namespace OutcomeColors {

QColor forResult(const RunResult &r)
{
    switch (r.outcome) {
    case RunOutcome::Exited:
        return r.exitCode == 0 ? QColor(0x2e, 0xc2, 0x7e) : QColor(0xc0, 0x1c, 0x28);
    case RunOutcome::Crashed:
        return QColor(0xc0, 0x1c, 0x28);
    case RunOutcome::TimedOut:
        return QColor(0xf5, 0xc2, 0x11);
    case RunOutcome::Stopped:
        return QColor(0x81, 0x3d, 0x9c);
    case RunOutcome::Killed:
        return QColor(0x5e, 0x1c, 0x64);
    case RunOutcome::FailedToStart:
        return QColor(0x63, 0x45, 0x2c);
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
    return QColor(0x1c, 0x71, 0xd8);
}

QColor paused()
{
    return QColor(0x99, 0xc1, 0xf1);
}

QColor stopping()
{
    return QColor(0xe6, 0x61, 0x00);
}

QColor unknown()
{
    return Qt::gray;
}

QIcon dot(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(color);
    painter.setPen(color.darker(140));
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

} // namespace OutcomeColors
