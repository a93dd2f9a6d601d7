#include "logpainter.h"

#include "loglinks.h"
#include "logmatches.h"
#include "logrows.h"
#include "logselection.h"
#include "textcolumns.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <climits>

namespace {

enum FontVariant { Plain = 0, Bold = 1, Italic = 2, Underline = 4 };

int fontVariant(const TextStyle &style)
{
    return (style.flags & TextStyle::Bold ? Bold : 0)
           | (style.flags & TextStyle::Italic ? Italic : 0)
           | (style.flags & TextStyle::Underline ? Underline : 0);
}

} // namespace

LogPainter::LogPainter(QPainter &painter, const QFont &font, const LogPalette &palette,
                       const LogGeometry &geometry)
    : m_painter(painter)
    , m_palette(palette)
    , m_geometry(geometry)
{
    for (int v = 0; v < 8; ++v) {
        m_fonts[v] = font;
        m_fonts[v].setBold(v & Bold);
        m_fonts[v].setItalic(v & Italic);
        m_fonts[v].setUnderline(v & Underline);
        // Each character advances by exactly the grid's whole-pixel cell: the font's own
        // advance is fractional (7.2 px), and a line drawn at it drifts off the cells where
        // highlights and links are painted - half a character by column 30.
        const qreal advance = QFontMetricsF(m_fonts[v]).horizontalAdvance(QLatin1Char('M'));
        m_fonts[v].setLetterSpacing(QFont::AbsoluteSpacing, geometry.charWidth - advance);
    }
}

QRect LogPainter::Place::cells(int from, int to) const
{
    from = qMax(from, line.startColumn);
    to = qMin(to, line.endColumn);
    return QRect(x0 + from * charWidth, y, qMax(0, to - from) * charWidth, lineHeight);
}

LogPainter::Place LogPainter::placeOf(const ScreenLine &line, int index, int textX) const
{
    Place place;
    place.line = line;
    place.y = index * m_geometry.lineHeight;
    place.baseline = place.y + m_geometry.ascent;
    place.x0 = textX - line.startColumn * m_geometry.charWidth;
    place.charWidth = m_geometry.charWidth;
    place.lineHeight = m_geometry.lineHeight;
    return place;
}

void LogPainter::useFont(int variant)
{
    if (variant == m_variant) // a font change costs; colour-only runs skip it
        return;
    m_painter.setFont(m_fonts[variant]);
    m_variant = variant;
}

void LogPainter::fillBackground(const QRect &area)
{
    m_painter.fillRect(area, m_palette.palette().color(QPalette::Base));
}

void LogPainter::paint(const Viewport &viewport, const LogRows &rows,
                       const std::vector<ScreenLine> &lines, const LogSelection &selection,
                       const LogMatches &matches)
{
    const int charWidth = m_geometry.charWidth;
    const int textX = m_geometry.gutterWidth - viewport.scrollX; // where column 0 is drawn
    // Unwrapped, only the columns that can be seen are drawn (a line may be a million long).
    const int seenFrom = viewport.wrap ? 0 : qMax(0, viewport.scrollX / charWidth - 1);
    const int seenTo = viewport.wrap ? INT_MAX : seenFrom + viewport.area.width() / charWidth + 3;
    const QColor matchColor = m_palette.matchColor();
    const QColor matchText = m_palette.matchTextColor();
    const QColor selectionColor = m_palette.selectionColor();
    const QColor selectionText = m_palette.selectionTextColor();
    QVector<Overlay> overlays;
    useFont(Plain);

    qint64 rowIndex = -1;
    LogRow row;
    TextColumns columns;
    QVector<LogLink> links;
    size_t rowEnd = 0; // one past the row's last screen line
    for (size_t i = 0; i < lines.size(); ++i) {
        const ScreenLine &line = lines[i];
        if (line.row != rowIndex) { // a row's screen lines share its layout and links
            rowIndex = line.row;
            row = rows.at(rowIndex);
            columns = row.isLine() ? TextColumns(row.line.text) : TextColumns();
            rowEnd = i + 1;
            while (rowEnd < lines.size() && lines[rowEnd].row == rowIndex)
                ++rowEnd;
            // Links once for all the row shows: a wrapped giant row is a screenful of lines.
            const int from = qMax(line.startColumn, seenFrom);
            const int to = std::min({lines[rowEnd - 1].endColumn, columns.width(), seenTo});
            links = row.isLine() ? LogLinks::find(row.line, columns.index(from), columns.index(to),
                                                  m_sources)
                                 : QVector<LogLink>();
        }
        const Place place = placeOf(line, int(i), textX);
        if (row.kind == LogRow::Marker && line.startColumn == 0)
            paintMarker(row, textX, place.baseline);
        if (!row.isLine())
            continue;
        paintGutter(row, place);

        // Highlights: find matches, then the selection, each with its own text colour.
        overlays.clear();
        for (const auto &match : matches.onLine(row.lineNumber))
            overlays.append({columns.column(match.first),
                             columns.column(match.first + match.second), matchColor, matchText});
        const QPair<int, int> selected = selection.columnsOn(rowIndex, columns.width());
        if (selected.first < selected.second)
            overlays.append({selected.first, selected.second, selectionColor, selectionText});
        for (const Overlay &overlay : std::as_const(overlays)) // also past the line's end
            m_painter.fillRect(place.cells(overlay.from, overlay.to), overlay.background);

        // The columns this screen line shows: [from, to).
        const int from = qMax(line.startColumn, seenFrom);
        const int to = std::min({line.endColumn, columns.width(), seenTo});
        paintRuns(row.line, columns, place, from, to, overlays);
        paintLinks(links, columns, place);

        if (row.line.truncated && i + 1 == rowEnd) {
            m_painter.setPen(m_palette.noteColor());
            m_painter.drawText(place.x0 + (columns.width() + 1) * charWidth, place.baseline,
                               tr("[… line cut here; the log file has all of it]"));
        }
    }
}

void LogPainter::paintMarker(const LogRow &row, int x, int baseline)
{
    useFont(Italic);
    m_painter.setPen(m_palette.noteColor());
    m_painter.drawText(x, baseline, row.marker);
}

void LogPainter::paintGutter(const LogRow &row, const Place &place)
{
    if (row.line.channel == OutputChannel::Stderr) // stderr: a bar in the gutter, and its colour
        m_painter.fillRect(QRect(0, place.y, 3, place.lineHeight),
                           m_palette.lineColor(OutputChannel::Stderr));
    const bool timestamp = m_geometry.timestamps && row.line.timestampMs > 0;
    if (place.line.startColumn != 0 || !(m_geometry.lineNumbers || timestamp))
        return;     // a wrapped row's number and time go on its first screen line only
    useFont(Plain); // not the last run's bold or underline
    m_painter.setPen(m_palette.noteColor());
    int x = 2 + m_geometry.charWidth;
    if (m_geometry.lineNumbers) {
        m_painter.drawText(
            x, place.baseline,
            QString::number(row.lineNumber + 1).rightJustified(m_geometry.lineNumberDigits));
        x += m_geometry.lineNumberWidth;
    }
    if (timestamp)
        m_painter.drawText(x, place.baseline,
                           QDateTime::fromMSecsSinceEpoch(row.line.timestampMs)
                               .toString(QStringLiteral("hh:mm:ss.zzz")));
}

void LogPainter::paintRuns(const StyledLineRef &line, const TextColumns &columns,
                           const Place &place, int from, int to, const QVector<Overlay> &overlays)
{
    // Style runs are spans of characters; each is drawn on the columns its characters take.
    int column = from;
    int spanIndex = 0;
    while (column < to) {
        while (spanIndex < line.spans.size()
               && columns.column(line.spans[spanIndex].start + line.spans[spanIndex].length)
                      <= column)
            ++spanIndex;
        TextStyle style; // unstyled up to the next span
        int end = to;
        if (spanIndex < line.spans.size()) {
            const StyleSpan &span = line.spans[spanIndex];
            const int spanFrom = columns.column(span.start);
            if (spanFrom <= column) {
                style = span.style;
                end = qMin(to, columns.column(span.start + span.length));
            } else {
                end = qMin(to, spanFrom);
            }
        }
        const LogPalette::Ink ink = m_palette.ink(style, line.channel);
        if (ink.background.isValid())
            m_painter.fillRect(place.cells(column, end), ink.background);
        useFont(fontVariant(style));
        const QVector<TextColumns::Piece> pieces = columns.pieces(column, end);
        const auto drawPieces = [&](const QColor &color) {
            if (m_painter.pen().color() != color)
                m_painter.setPen(color);
            for (const TextColumns::Piece &piece : pieces)
                m_painter.drawText(place.x0 + piece.column * place.charWidth, place.baseline,
                                   piece.text);
        };
        drawPieces(ink.foreground);
        // The highlighted columns again, clipped to them: filled, and the same text drawn from
        // the same place in the highlight's ink. (Cutting the text at a highlight's edge
        // instead would start its glyphs on the cell grid, which a font's advances drift from
        // over a long run: characters would overlap or part there.)
        for (const Overlay &overlay : overlays) {
            const int a = qMax(column, overlay.from);
            const int b = qMin(end, overlay.to);
            if (a >= b)
                continue;
            const QRect cells = place.cells(a, b);
            m_painter.save();
            m_painter.setClipRect(cells, Qt::IntersectClip);
            m_painter.fillRect(cells, overlay.background);
            drawPieces(overlay.ink);
            m_painter.restore();
        }
        column = end;
    }
}

void LogPainter::paintLinks(const QVector<LogLink> &links, const TextColumns &columns,
                            const Place &place)
{
    // Underlined in the palette's link colour, as a browser does; Ctrl+click opens them.
    if (links.isEmpty())
        return;
    m_painter.save();
    m_painter.setPen(QPen(m_palette.palette().color(QPalette::Link), 1));
    const int underline = place.baseline + m_geometry.underlinePos;
    for (const LogLink &link : links) {
        const QRect r = place.cells(columns.column(link.start), columns.column(link.end));
        if (r.width() > 0) // on this screen line
            m_painter.drawLine(r.left(), underline, r.right(), underline);
    }
    m_painter.restore();
}
