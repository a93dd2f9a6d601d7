#pragma once

#include "loggeometry.h"
#include "loglayout.h"
#include "loglinks.h"
#include "logpalette.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QRect>
#include <QVector>

#include <vector>

class LogMatches;
class SourcePathResolver;
class LogRows;
class LogSelection;
class QPainter;
class TextColumns;
struct LogRow;

// Paints one frame of the output view: the screen lines it is given, top down, each with its
// gutter (stderr bar, line number, timestamp), its highlights (find matches, then the
// selection), its text in the task's styles, link underlines, and the notes (the trim marker,
// a line cut in memory). Everything is drawn on the column grid of TextColumns, so colours,
// highlights and links land where the characters are. It decides nothing about what is shown:
// the view lays out the lines and owns the state; this only draws it, for one paintEvent.
class LogPainter
{
    Q_DECLARE_TR_FUNCTIONS(LogPainter)
public:
    LogPainter(QPainter &painter, const QFont &font, const LogPalette &palette,
               const LogGeometry &geometry);

    // What is drawn where: the area to fill, its horizontal scroll (0 when wrapped: nothing
    // is off to the side), and whether rows are wrapped.
    struct Viewport
    {
        QRect area;
        int scrollX = 0;
        bool wrap = false;
    };
    // Source locations are links too where sources resolves their files (not owned; none: no
    // locations).
    void setSources(const SourcePathResolver *sources) { m_sources = sources; }
    void fillBackground(const QRect &area);
    void paint(const Viewport &viewport, const LogRows &rows, const std::vector<ScreenLine> &lines,
               const LogSelection &selection, const LogMatches &matches);

private:
    // Where a screen line is drawn, and which of its row's columns it shows.
    struct Place
    {
        ScreenLine line;
        int y = 0;        // its top
        int baseline = 0; // its text's
        int x0 = 0;       // where the row's column 0 is (left of the area when scrolled or wrapped)
        int charWidth = 0;
        int lineHeight = 0;
        // The pixels of columns [from, to), clipped to this screen line.
        QRect cells(int from, int to) const;
    };
    // The index-th screen line from the top, column 0 of the text drawn at textX.
    Place placeOf(const ScreenLine &line, int index, int textX) const;

    void paintMarker(const LogRow &row, int x, int baseline);
    void paintGutter(const LogRow &row, const Place &place);
    // Columns [from, to) highlighted (a find match, the selection): their cells filled with
    // background and their text inked in ink whatever its style - a task's red on the
    // selection's blue, or stderr's on a match's amber, would not read.
    struct Overlay
    {
        int from = 0;
        int to = 0;
        QColor background;
        QColor ink;
    };
    // Overlays later in the list win where they overlap (the selection over a match).
    void paintRuns(const StyledLineRef &line, const TextColumns &columns, const Place &place,
                   int from, int to, const QVector<Overlay> &overlays);
    void paintLinks(const QVector<LogLink> &links, const TextColumns &columns, const Place &place);
    void useFont(int variant);

    QPainter &m_painter;
    const LogPalette &m_palette;
    const LogGeometry &m_geometry;
    // The eight bold/italic/underline variants of the font, made once per frame; switching
    // costs, so colour-only runs keep the current one.
    QFont m_fonts[8];
    int m_variant = -1;
    const SourcePathResolver *m_sources = nullptr;
};
