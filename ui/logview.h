#pragma once

#include "loggeometry.h"
#include "loglayout.h"
#include "loglinks.h"
#include "logmatches.h"
#include "logrows.h"
#include "logselection.h"
#include "sourcepathresolver.h"
#include "styledline.h"

#include <QAbstractScrollArea>
#include <QTimer>
#include <QUrl>

#include <vector>

class LogSearch;
class OutputLog;

// The fast output view: paints only the visible lines straight from an OutputLog's store, at
// most once per frame however fast the output comes. Follows the tail until the user scrolls up,
// and again once they are back at the bottom. Monospace, the task's colours mapped onto this
// palette (readable on light and dark), stderr marked, optional line numbers and timestamps,
// optional soft wrap, mouse selection with plain-text copy, and find with all matches
// highlighted. Tabs are expanded to the next multiple of 8 columns, and colours, matches and
// the selection follow them.
//
// Rows are the log's lines (plus the trim marker and the partial lines). With soft wrap a row
// takes as many screen lines as it needs and the vertical scroll bar still counts rows.
//
// The widget owns the state and the pace - scrolling, follow-tail, the frame timer, the mouse
// and keys, the selection and the find - and leaves the rest to pieces of its own: LogRows
// (what row N is), LogLayout (which screen lines the rows take), LogPainter (drawing a frame),
// TextColumns (characters to columns), LogLinks, LogPalette, LogGeometry.
class LogView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit LogView(QWidget *parent = nullptr);

    void setLog(OutputLog *log); // not owned
    OutputLog *log() const { return m_log; }

    bool followsTail() const { return m_follow; }
    void setShowLineNumbers(bool on);
    void setShowTimestamps(bool on);
    // Soft wrap at the window's width (no horizontal scrolling): after a space or tab where a
    // screen line has one, else between characters.
    void setWordWrap(bool on);
    bool wordWrap() const { return m_wrap; }

    // Find: highlights every match (the search runs in slices on the event loop); next/previous
    // select and scroll to each match in turn, several on one line one by one. Returns false for an
    // invalid regular expression. A new search drops the last one's highlights and selection,
    // found or not.
    bool find(const QString &pattern, bool regex = false, bool caseSensitive = false);
    void findNext(bool backwards = false);
    void clearFind(); // no search, nothing highlighted
    // What the find shown searched for: an empty pattern when there is none (cleared, or
    // another log shown since).
    struct FindQuery
    {
        QString pattern;
        bool regex = false;
        bool caseSensitive = false;
        bool operator==(const FindQuery &other) const
        {
            return pattern == other.pattern && regex == other.regex
                   && caseSensitive == other.caseSensitive;
        }
        bool operator!=(const FindQuery &other) const { return !(*this == other); }
    };
    const FindQuery &findQuery() const { return m_findQuery; }
    int matchCount() const { return m_matches.count(); }
    int currentMatch() const { return m_matches.current(); } // 0-based; -1: none yet
    bool isSearching() const;

    QString selectedText() const;
    // The selection in rows and screen columns, and setting it (for assistive technology).
    const LogSelection &selection() const { return m_selection; }
    void setSelection(const LogPosition &from, const LogPosition &to);
    // Scrolls so that the row is in view (no longer following the tail).
    void showRow(qint64 row) { scrollToRow(row); }
    // The row and column under a point of the viewport.
    LogPosition positionAt(const QPoint &point) const;
    void selectAll();
    void copy() const;

    // The text the view has (trim marker excluded, partial lines included), for tests and
    // "Save output as" of what is in memory.
    QString plainText() const;

    // What row 'row' (0 = top of the content) shows, for tests: its text and the colour its
    // first character is painted in.
    QString rowText(qint64 row) const;
    QColor rowForeground(qint64 row, int column) const;
    qint64 rowCount() const;
    qint64 firstVisibleRow() const;
    int visibleRows() const; // screen lines the viewport holds
    // The text of each screen line as it would be painted now, top to bottom (tabs expanded,
    // wrapped when soft wrap is on), for tests.
    QStringList paintedLines() const;

    QColor colorFor(const TermColor &color, bool foreground) const;
    // The link at a row's screen column (an OSC 8 link, or a URL in the text); empty if none.
    QString linkAt(qint64 row, int column) const;
    // The link at a row's screen column, a source location included; url empty if none.
    LogLink logLinkAt(qint64 row, int column) const;

    // Where the output's relative source paths start from (the run's working directory): a
    // "file:line[:column]" naming an existing file is a link, Ctrl+click emits
    // locationActivated. Empty: only absolute and ~ paths are.
    void setBaseDirectory(const QString &directory);
    QString baseDirectory() const { return m_sources.baseDirectory(); }

    static constexpr int FrameIntervalMs = 16;     // 60 Hz at most
    static constexpr int MaxFrameIntervalMs = 250; // 4 Hz at least, however costly a frame

Q_SIGNALS:
    void searchFinished(int matches);
    // The rows changed (output came, was trimmed or cleared, another log is shown): at most
    // once a frame, for assistive technology.
    void rowsChanged();
    // The find's state changed: matches found, the search over, another match current, cleared.
    void findChanged();
    void linkActivated(const QUrl &url); // Ctrl+click on a link
    // Ctrl+click on a source location: file (absolute, existing) at line, column (0: none).
    void locationActivated(const QString &file, int line, int column);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    LogRows rows() const { return LogRows(m_log); }
    LogGeometry grid() const;                    // the font's cells and the gutter, as shown now
    LogLayout rowLayout() const;                 // at the viewport's width, wrapped or not
    std::vector<ScreenLine> screenLines() const; // what the viewport shows, top down
    int rowWidth(qint64 row) const;              // in columns
    void onLogChanged();
    void refresh();
    void relayout(); // after an option that changes the rows' geometry
    void updateScrollBars();
    void scrollToRow(qint64 row);

    OutputLog *m_log = nullptr;
    QTimer m_frameTimer;
    qint64 m_lastPaintMs = 0;
    bool m_dirty = false;
    bool m_follow = true;
    bool m_adjustingScroll = false;
    bool m_showLineNumbers = false;
    bool m_showTimestamps = false;
    bool m_wrap = false;

    bool m_selecting = false; // a drag by the mouse is under way
    LogSelection m_selection;

    LogSearch *m_search = nullptr;
    LogMatches m_matches;
    FindQuery m_findQuery;
    SourcePathResolver m_sources;
};
