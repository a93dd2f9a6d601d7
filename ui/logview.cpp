#include "logview.h"

#include "loglinks.h"
#include "logpainter.h"
#include "logpalette.h"
#include "logsearch.h"
#include "logviewaccessible.h"
#include "outputlog.h"
#include "textcolumns.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

LogView::LogView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    // Its text for assistive technology; first, before anything (setAccessibleName() tells
    // assistive technology, which asks for this widget's interface).
    LogViewAccessible::install();
    setObjectName(QStringLiteral("logView"));
    setAccessibleName(tr("Output"));
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    // Columns must line up as in a terminal, so no ligatures or kerning; skipping the shaping
    // that Latin text does not need also makes a frame several times cheaper (binary output).
    font.setStyleStrategy(QFont::PreferNoShaping);
    setFont(font);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setMouseTracking(true); // for links under the pointer
    m_frameTimer.setInterval(FrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &LogView::refresh);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_adjustingScroll) // the user moved: follow only when back at the bottom
            m_follow = value >= verticalScrollBar()->maximum();
    });
}

void LogView::setLog(OutputLog *log)
{
    if (m_log)
        disconnect(m_log, nullptr, this, nullptr);
    m_log = log;
    m_matches.clear();
    m_selection.clear();
    m_findQuery = FindQuery(); // the last find was in the other log
    delete m_search;
    m_search = nullptr;
    if (m_log) {
        connect(m_log, &OutputLog::changed, this, &LogView::onLogChanged);
        connect(m_log, &QObject::destroyed, this, [this] { m_log = nullptr; });
    }
    m_follow = true;
    onLogChanged();
    Q_EMIT findChanged();
}

void LogView::onLogChanged()
{
    // Never paint per chunk: mark dirty, and let the frame timer paint at most 60 times a second.
    m_dirty = true;
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void LogView::refresh()
{
    if (!m_dirty) {
        m_frameTimer.stop(); // idle: no timer running while nothing arrives
        return;
    }
    m_dirty = false;
    updateScrollBars();
    viewport()->update();
    Q_EMIT rowsChanged();
    // Paint at most 60 times a second, and never spend more than a quarter of the GUI thread on
    // it: a frame of costly glyphs (binary output shaped through font fallback) slows the frame
    // rate down instead of the intake.
    const int interval
        = int(std::clamp(4 * m_lastPaintMs, qint64(FrameIntervalMs), qint64(MaxFrameIntervalMs)));
    if (m_frameTimer.interval() != interval)
        m_frameTimer.setInterval(interval);
}

LogGeometry LogView::grid() const
{
    return LogGeometry(fontMetrics(), m_showLineNumbers, m_showTimestamps, rows().lastLineNumber());
}

LogLayout LogView::rowLayout() const
{
    return LogLayout(rows(), m_wrap ? grid().wrapColumnsIn(viewport()->width()) : 0);
}

qint64 LogView::rowCount() const
{
    return rows().count();
}

int LogView::visibleRows() const
{
    return grid().linesIn(viewport()->height());
}

qint64 LogView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

std::vector<ScreenLine> LogView::screenLines() const
{
    return rowLayout().screenLines(firstVisibleRow(), visibleRows() + 1); // + a partly seen one
}

int LogView::rowWidth(qint64 row) const
{
    return TextColumns(rows().at(row).text()).width();
}

void LogView::updateScrollBars()
{
    if (!m_log)
        return;
    const LogGeometry cells = grid();
    // A scroll bar holds an int: beyond 2^31 rows (never, with the store's limits) it clamps.
    const int maximum = int(qMin<qint64>(INT_MAX, rowLayout().lastFirstRow(visibleRows())));
    m_adjustingScroll = true;
    verticalScrollBar()->setPageStep(visibleRows());
    verticalScrollBar()->setRange(0, maximum);
    if (m_follow)
        verticalScrollBar()->setValue(maximum);
    horizontalScrollBar()->setPageStep(viewport()->width());
    // The longest line decides the horizontal range (tabs may make a line a little wider).
    const int longest = rows().longestLineLength();
    horizontalScrollBar()->setRange(0, m_wrap ? 0
                                              : qMax(0, cells.gutterWidth
                                                            + (longest + 2) * cells.charWidth
                                                            - viewport()->width()));
    m_adjustingScroll = false;
}

void LogView::relayout()
{
    updateScrollBars();
    viewport()->update();
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void LogView::scrollContentsBy(int, int)
{
    viewport()->update();
}

QStringList LogView::paintedLines() const
{
    QStringList painted;
    const LogRows content = rows();
    for (const ScreenLine &line : screenLines()) {
        const LogRow row = content.at(line.row);
        painted.append(TextColumns(row.text()).text(line.startColumn, line.endColumn));
    }
    return painted;
}

QColor LogView::colorFor(const TermColor &color, bool foreground) const
{
    return LogPalette(palette()).color(color, foreground);
}

void LogView::paintEvent(QPaintEvent *)
{
    QElapsedTimer clock;
    clock.start();
    QPainter painter(viewport());
    const LogPalette colors(palette());
    const LogGeometry cells = grid();
    LogPainter frame(painter, font(), colors, cells);
    frame.fillBackground(viewport()->rect());
    if (m_log) {
        const int scrollX = m_wrap ? 0 : horizontalScrollBar()->value();
        frame.setSources(&m_sources);
        frame.paint({viewport()->rect(), scrollX, m_wrap}, rows(), screenLines(), m_selection,
                    m_matches);
    }
    m_lastPaintMs = clock.elapsed();
}

QString LogView::rowText(qint64 row) const
{
    return rows().at(row).text().toString();
}

QColor LogView::rowForeground(qint64 row, int column) const
{
    const LogRow content = rows().at(row);
    if (!content.isLine())
        return QColor();
    TextStyle style;
    for (const StyleSpan &span : content.line.spans) {
        if (column >= span.start && column < span.start + span.length) {
            style = span.style;
            break;
        }
    }
    return LogPalette(palette()).ink(style, content.line.channel).foreground;
}

void LogView::setShowLineNumbers(bool on)
{
    m_showLineNumbers = on;
    relayout();
}

void LogView::setShowTimestamps(bool on)
{
    m_showTimestamps = on;
    relayout();
}

void LogView::setWordWrap(bool on)
{
    m_wrap = on;
    relayout();
}

LogPosition LogView::positionAt(const QPoint &point) const
{
    const LogGeometry cells = grid();
    LogPosition position;
    const std::vector<ScreenLine> lines = screenLines();
    if (lines.empty())
        return position;
    const int index = point.y() / cells.lineHeight;
    if (index >= int(lines.size())) { // below the last line: the end of the last row
        position.row = lines.back().row;
        position.column = rowWidth(position.row);
        return position;
    }
    const ScreenLine &line = lines[size_t(qMax(0, index))];
    const int x = point.x() + (m_wrap ? 0 : horizontalScrollBar()->value()) - cells.gutterWidth;
    position.row = line.row;
    // The nearer edge of a cell: a click on a character's right half selects from after it.
    position.column = line.startColumn + qMax(0, (x + cells.charWidth / 2) / cells.charWidth);
    if (m_wrap)
        position.column = qMin(position.column, line.endColumn);
    return position;
}

QString LogView::linkAt(qint64 row, int column) const
{
    return logLinkAt(row, column).url;
}

LogLink LogView::logLinkAt(qint64 row, int column) const
{
    const LogRow content = rows().at(row);
    if (!content.isLine())
        return LogLink();
    return LogLinks::linkAt(content.line, TextColumns(content.line.text).index(column), &m_sources);
}

void LogView::setBaseDirectory(const QString &directory)
{
    if (directory == m_sources.baseDirectory())
        return;
    m_sources.setBaseDirectory(directory);
    viewport()->update(); // other files are links now
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const LogPosition at = positionAt(event->position().toPoint());
    if (event->modifiers() & Qt::ControlModifier) {
        const LogLink link = logLinkAt(at.row, at.column);
        if (link.isLocation()) { // in the user's editor, at the line
            Q_EMIT locationActivated(link.file, link.line, link.column);
            return;
        }
        if (!link.url.isEmpty()) { // Ctrl+click on a link opens it, as in a terminal
            Q_EMIT linkActivated(QUrl(link.url));
            return;
        }
    }
    m_selecting = true;
    m_selection.startAt(at);
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    const LogPosition at = positionAt(event->position().toPoint());
    if (!m_selecting) {
        // Hovering: a link shows its address and a hand.
        const LogLink link = at.row >= 0 ? logLinkAt(at.row, at.column) : LogLink();
        viewport()->setCursor(link.url.isEmpty() ? Qt::IBeamCursor : Qt::PointingHandCursor);
        QString tip;
        if (link.isLocation())
            tip = (link.column > 0
                       ? tr("%1, line %2, column %3").arg(link.file).arg(link.line).arg(link.column)
                       : tr("%1, line %2").arg(link.file).arg(link.line))
                  + u'\n' + tr("Ctrl+click to open in the editor");
        else if (!link.url.isEmpty())
            tip = tr("%1\nCtrl+click to open").arg(link.url);
        viewport()->setToolTip(tip);
        return;
    }
    m_selection.extendTo(at);
    viewport()->update();
}

void LogView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    m_selecting = false;
    m_selection.extendTo(positionAt(event->position().toPoint()));
    viewport()->update();
    if (QClipboard *clipboard = QApplication::clipboard();
        clipboard && clipboard->supportsSelection())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

QString LogView::selectedText() const
{
    return m_selection.text(rows());
}

void LogView::setSelection(const LogPosition &from, const LogPosition &to)
{
    m_selection.startAt(from);
    m_selection.extendTo(to);
    viewport()->update();
}

void LogView::selectAll()
{
    const qint64 last = rowCount() - 1;
    m_selection.startAt({0, 0});
    m_selection.extendTo({last, rowWidth(last)});
    viewport()->update();
}

void LogView::copy() const
{
    if (QClipboard *clipboard = QApplication::clipboard())
        clipboard->setText(selectedText());
}

QString LogView::plainText() const
{
    const LogRows content = rows();
    QStringList lines;
    for (qint64 row = content.hasMarker() ? 1 : 0; row < content.count(); ++row)
        lines.append(content.at(row).text().toString());
    return lines.join(QLatin1Char('\n'));
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    if (event->key() == Qt::Key_End && event->modifiers() & Qt::ControlModifier) {
        m_follow = true;
        updateScrollBars();
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

bool LogView::find(const QString &pattern, bool regex, bool caseSensitive)
{
    clearFind();
    if (!m_log)
        return false;
    m_findQuery = {pattern, regex, caseSensitive};
    if (!m_search) {
        m_search = new LogSearch(&m_log->store(), this);
        connect(m_search, &LogSearch::matchesFound, this, [this](const QVector<LogMatch> &found) {
            m_matches.add(found);
            if (!m_matches.hasCurrent() && m_matches.count() > 0)
                findNext(false); // jump to the first as soon as it is known
            viewport()->update();
            Q_EMIT findChanged();
        });
        connect(m_search, &LogSearch::finished, this, [this](int total) {
            Q_EMIT searchFinished(total);
            Q_EMIT findChanged();
        });
    }
    const bool started = m_search->start(pattern, regex, caseSensitive);
    Q_EMIT findChanged();
    return started;
}

void LogView::clearFind()
{
    if (m_search)
        m_search->cancel();
    // The last find's current match is the selection: it goes with the highlights.
    if (m_matches.hasCurrent())
        m_selection.clear();
    m_matches.clear();
    m_findQuery = FindQuery();
    viewport()->update();
    Q_EMIT findChanged();
}

bool LogView::isSearching() const
{
    return m_search && m_search->isRunning();
}

void LogView::findNext(bool backwards)
{
    const std::optional<LogMatch> match = m_matches.step(backwards);
    if (!match)
        return;
    Q_EMIT findChanged(); // another match is current
    const qint64 row = rows().rowOf(match->line);
    if (row < 0)
        return; // trimmed away since it was found
    // The match is in characters; the selection is in screen columns.
    const LogRow content = rows().at(row);
    const TextColumns columns(content.text());
    m_selection.startAt({row, columns.column(match->start)});
    m_selection.extendTo({row, columns.column(match->start + match->length)});
    scrollToRow(row);
}

void LogView::scrollToRow(qint64 row)
{
    m_follow = false;
    const int target = int(qMax<qint64>(0, row - visibleRows() / 2));
    m_adjustingScroll = true;
    verticalScrollBar()->setValue(qMin(target, verticalScrollBar()->maximum()));
    m_adjustingScroll = false;
    viewport()->update();
}
