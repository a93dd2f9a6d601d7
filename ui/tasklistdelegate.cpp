#include "tasklistdelegate.h"

#include "contrast.h"

#include <QApplication>
#include <QPainter>

void TaskListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const QString marks = index.data(TaskListModel::TriggerMarkRole).toString();
    const QString lastRun = marks.isEmpty()
                                ? index.data(LastRunRole).toString()
                                : marks + QStringLiteral("  ") + index.data(LastRunRole).toString();
    if (lastRun.trimmed().isEmpty())
        return;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QRect area = opt.rect.adjusted(0, 0, -6, 0);
    // Only where the name leaves room: the name always wins.
    const int nameRight = opt.rect.left() + opt.decorationSize.width() + 12
                          + opt.fontMetrics.horizontalAdvance(opt.text);
    const QString shown
        = opt.fontMetrics.elidedText(lastRun, Qt::ElideRight, area.right() - nameRight - 12);
    if (shown.isEmpty())
        return;
    painter->save();
    const bool selected = opt.state & QStyle::State_Selected;
    QColor muted = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    muted.setAlphaF(0.6);
    // Quieter than the name, but still 4.5:1 on what is behind it.
    painter->setPen(Contrast::readableOn(
        muted, opt.palette.color(selected ? QPalette::Highlight : QPalette::Base)));
    painter->drawText(area, Qt::AlignRight | Qt::AlignVCenter, shown);
    painter->restore();
}
