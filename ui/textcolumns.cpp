#include "textcolumns.h"

#include <QChar>

#include <algorithm>
#include <iterator>

int TextColumns::cellWidth(char32_t c)
{
    if (c < 0x300)
        return 1;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format: // zero-width space, joiners, marks
        return 0;
    default:
        break;
    }
    if ((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef)) // variation selectors
        return 0;
    // East Asian Wide and Fullwidth, and emoji presentation (after wcwidth's table).
    static constexpr char32_t wide[][2] = {
        {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
        {0x23f0, 0x23f0},   {0x23f3, 0x23f3},   {0x25fd, 0x25fe},   {0x2614, 0x2615},
        {0x2648, 0x2653},   {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
        {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},   {0x26ce, 0x26ce},
        {0x26d4, 0x26d4},   {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5},
        {0x26fa, 0x26fa},   {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
        {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},   {0x2753, 0x2755},
        {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27b0, 0x27b0},   {0x27bf, 0x27bf},
        {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
        {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
        {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
        {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x16fe4},
        {0x17000, 0x18cd5}, {0x1b000, 0x1b2fb}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
        {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f202}, {0x1f210, 0x1f23b},
        {0x1f240, 0x1f248}, {0x1f250, 0x1f251}, {0x1f260, 0x1f265}, {0x1f300, 0x1f320},
        {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c}, {0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca},
        {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4}, {0x1f3f8, 0x1f43e},
        {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e},
        {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4},
        {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2},
        {0x1f6d5, 0x1f6d7}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc}, {0x1f7e0, 0x1f7eb},
        {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1faff},
        {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
    };
    const auto it
        = std::upper_bound(std::begin(wide), std::end(wide), c,
                           [](char32_t v, const char32_t(&range)[2]) { return v < range[0]; });
    return it != std::begin(wide) && c <= (*(it - 1))[1] ? 2 : 1;
}

TextColumns::TextColumns(QStringView line)
    : m_line(line)
{
    // The quick check first: a frame builds this for every visible row.
    bool simple = true;
    for (const QChar c : line) {
        if (c.unicode() >= 0x300 || c == QLatin1Char('\t')) {
            simple = false;
            break;
        }
    }
    if (simple)
        return;
    m_columns.reserve(size_t(line.size()) + 1);
    int column = 0;
    int groupStart = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (i > 0 && c.isLowSurrogate() && line[i - 1].isHighSurrogate()) {
            m_columns.push_back(groupStart);
            continue;
        }
        int width;
        if (c == QLatin1Char('\t'))
            width = (column / TabWidth + 1) * TabWidth - column;
        else if (c.isHighSurrogate() && i + 1 < line.size() && line[i + 1].isLowSurrogate())
            width = cellWidth(QChar::surrogateToUcs4(c, line[i + 1]));
        else
            width = cellWidth(c.unicode());
        if (width == 0 && i > 0) {
            m_columns.push_back(groupStart);
            continue;
        }
        groupStart = column;
        m_columns.push_back(column);
        column += width;
    }
    m_columns.push_back(column);
}

int TextColumns::column(int index) const
{
    if (m_columns.empty())
        return index;
    return m_columns[size_t(qBound(0, index, int(m_columns.size()) - 1))];
}

int TextColumns::index(int column) const
{
    if (m_columns.empty())
        return qBound(0, column, int(m_line.size()));
    if (column >= m_columns.back())
        return int(m_line.size());
    const auto it = std::upper_bound(m_columns.begin(), m_columns.end(), qMax(0, column));
    int i = int(it - m_columns.begin()) - 1;
    while (i > 0 && m_columns[size_t(i - 1)] == m_columns[size_t(i)])
        --i; // the first character of the cell group there
    return i;
}

QVector<TextColumns::Piece> TextColumns::pieces(int from, int to) const
{
    QVector<Piece> out;
    if (m_columns.empty()) {
        from = qBound(0, from, int(m_line.size()));
        to = qBound(from, to, int(m_line.size()));
        if (to > from)
            out.append({from, m_line.mid(from, to - from).toString()});
        return out;
    }
    bool runOpen = false; // out.last() is a run of narrow characters ending at runEnd
    int runEnd = 0;
    const int size = int(m_line.size());
    for (int i = index(from); i < size && m_columns[size_t(i)] < to;) {
        const int at = m_columns[size_t(i)];
        int end = i + 1;
        while (end < size && m_columns[size_t(end)] == at)
            ++end; // the rest of the cell group
        const int next = m_columns[size_t(end)];
        const bool tab = m_line[i] == QLatin1Char('\t');
        const QString piece
            = tab ? QString(next - at, QLatin1Char(' ')) : m_line.mid(i, end - i).toString();
        const bool narrow = next - at == 1 && !tab;
        if (narrow && runOpen && runEnd == at) {
            out.last().text += piece;
        } else {
            out.append({at, piece});
            runOpen = narrow;
        }
        runEnd = next;
        i = end;
    }
    return out;
}

QString TextColumns::text(int from, int to) const
{
    QString all;
    for (const Piece &piece : pieces(from, to))
        all += piece.text;
    return all;
}
