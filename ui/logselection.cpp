#include "logselection.h"

#include "logrows.h"
#include "textcolumns.h"

#include <QStringList>

QPair<int, int> LogSelection::columnsOn(qint64 row, int rowWidth) const
{
    const LogPosition first = from();
    const LogPosition last = to();
    if (isEmpty() || row < first.row || row > last.row)
        return {0, 0};
    return {row == first.row ? first.column : 0, row == last.row ? last.column : rowWidth + 1};
}

QString LogSelection::text(const LogRows &rows) const
{
    if (isEmpty())
        return QString();
    const LogPosition first = from();
    const LogPosition last = to();
    QStringList lines;
    for (qint64 row = first.row; row <= last.row; ++row) {
        const LogRow content = rows.at(row);
        const QStringView text = content.text();
        const TextColumns columns(text);
        const int start = columns.index(row == first.row ? first.column : 0);
        const int end = row == last.row ? columns.index(last.column) : int(text.size());
        lines.append(text.mid(start, qMax(0, end - start)).toString());
    }
    return lines.join(QLatin1Char('\n'));
}
