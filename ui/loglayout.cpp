#include "loglayout.h"

#include "textcolumns.h"

LogLayout::LogLayout(const LogRows &rows, int wrapColumns)
    : m_rows(rows)
    , m_wrapColumns(qMax(0, wrapColumns))
{}

QVector<int> LogLayout::wrapBreaks(const TextColumns &line, int columns)
{
    Q_ASSERT(columns > 0);
    const QStringView text = line.line();
    const int width = line.width();
    const auto isBlank
        = [&text](int i) { return text[i] == QLatin1Char(' ') || text[i] == QLatin1Char('\t'); };
    QVector<int> breaks{0};
    for (int start = 0; start + columns < width;) {
        const int first = line.index(start);
        const int next = line.index(start + columns); // the first character that does not fit
        int end = line.column(next);
        if (next < int(text.size()) && !isBlank(next)) {
            // Inside a word: back to just after the last blank of this screen line, if any.
            for (int i = next - 1; i >= first; --i) {
                if (isBlank(i)) {
                    if (line.column(i + 1) > start)
                        end = line.column(i + 1);
                    break;
                }
            }
        }
        if (end <= start)
            end = start + columns; // a group wider than the window: cut it anyway
        breaks.append(end);
        start = end;
    }
    breaks.append(width);
    return breaks;
}

QVector<int> LogLayout::breaksOf(qint64 row) const
{
    const LogRow content = m_rows.at(row);
    return wrapBreaks(TextColumns(content.text()), m_wrapColumns);
}

int LogLayout::screenLinesOf(qint64 row) const
{
    return wraps() ? int(breaksOf(row).size()) - 1 : 1;
}

std::vector<ScreenLine> LogLayout::screenLines(qint64 firstRow, int maxLines) const
{
    std::vector<ScreenLine> lines;
    const qint64 rows = m_rows.count();
    for (qint64 row = firstRow; row < rows && int(lines.size()) < maxLines; ++row) {
        if (!wraps()) {
            lines.push_back({row, 0, INT_MAX});
            continue;
        }
        const QVector<int> breaks = breaksOf(row);
        for (int i = 0; i + 1 < breaks.size() && int(lines.size()) < maxLines; ++i)
            lines.push_back({row, breaks[i], breaks[i + 1]});
    }
    return lines;
}

qint64 LogLayout::lastFirstRow(int screenHeight) const
{
    const qint64 rows = m_rows.count();
    if (!wraps())
        return qMax<qint64>(0, rows - screenHeight);
    // Walk up from the last row while the rows below still fit: at most a screenful of rows.
    qint64 first = rows - 1;
    int used = first >= 0 ? screenLinesOf(first) : 0;
    while (first > 0) {
        const int above = screenLinesOf(first - 1);
        if (used + above > screenHeight)
            break;
        used += above;
        --first;
    }
    return qMax<qint64>(0, first);
}
