#include "logview.h"

#include "outputlog.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>

#include <algorithm>

namespace {

constexpr int TabWidth = 8;

// How many screen columns a character takes, as terminals count them: 2 for East Asian wide
// and fullwidth characters and emoji, 0 for combining marks and zero-width characters, 1 else.
int cellWidth(char32_t c)
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

// A line as painted, on a grid of equal columns: tabs go to the next multiple of TabWidth, wide
// characters take two columns, combining marks none. Without any of these (nearly always)
// columns are indices and nothing is built; otherwise columns[i] is where the line's character
// i starts, so spans, matches, links and the selection land where the text is drawn. The caller
// keeps the line alive.
class DisplayLine
{
public:
    DisplayLine() = default;
    explicit DisplayLine(QStringView line)
        : m_line(line)
    {
        bool simple = true;
        for (const QChar c : line) {
            if (c.unicode() >= 0x300 || c == QLatin1Char('\t')) {
                simple = false;
                break;
            }
        }
        if (simple)
            return;
        // A character that takes no column of its own (a combining mark, the low half of a
        // surrogate pair) shares the start of the one before it: together they are one cell
        // group, drawn and selected as a whole.
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

    int width() const { return m_columns.empty() ? int(m_line.size()) : m_columns.back(); }
    // Where the line's character 'index' starts on screen.
    int column(int index) const
    {
        if (m_columns.empty())
            return index;
        return m_columns[size_t(qBound(0, index, int(m_columns.size()) - 1))];
    }
    // The line's character under a screen column (the inverse of column()); the line's length
    // at or past its end.
    int index(int column) const
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
    // What columns [from, to) show, tabs as spaces, each piece with the column it starts at:
    // runs of one-column characters together, and each wider character on its own, so that it
    // can be drawn exactly on its columns whatever advance the font gives it.
    QVector<QPair<int, QString>> pieces(int from, int to) const
    {
        QVector<QPair<int, QString>> out;
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
                out.last().second += piece;
            } else {
                out.append({at, piece});
                runOpen = narrow;
            }
            runEnd = next;
            i = end;
        }
        return out;
    }
    QString text(int from = 0, int to = INT_MAX) const
    {
        QString all;
        for (const auto &piece : pieces(from, to))
            all += piece.second;
        return all;
    }

private:
    QStringView m_line;
    std::vector<int> m_columns; // empty for a simple line; else one per character, plus the end
};

// The links of a line, as [start, end) character ranges with their URL: OSC 8 links, and plain
// URLs in the text (what users expect of a terminal). Only [from, to) is searched for plain
// URLs, so a giant line costs a window's worth, not megabytes, per frame.
struct LinkRange
{
    int start;
    int end;
    QString url;
};

QVector<LinkRange> linksIn(const StyledLineRef &line, int from, int to)
{
    QVector<LinkRange> links;
    if (line.links) {
        for (const LinkSpan &link : *line.links)
            links.append({link.start, link.start + link.length, link.url});
    }
    from = qBound(0, from, int(line.text.size()));
    to = qBound(from, to, int(line.text.size()));
    const QStringView window = line.text.mid(from, to - from);
    if (!window.contains(QLatin1String("://")))
        return links;
    static const QRegularExpression url(QStringLiteral("\\b(?:https?|ftp|file)://[^\\s<>\"'`]+"));
    auto matches = url.globalMatch(window);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        QStringView found = match.capturedView();
        // Sentence punctuation after a URL is not part of it, nor an unopened bracket.
        while (!found.isEmpty()) {
            const QChar last = found.back();
            const bool unopened
                = (last == QLatin1Char(')') && !found.contains(QLatin1Char('(')))
                  || (last == QLatin1Char(']') && !found.contains(QLatin1Char('[')));
            if (!unopened && !QStringView(u".,;:!?'\"").contains(last))
                break;
            found.chop(1);
        }
        const int start = from + int(match.capturedStart());
        const int end = start + int(found.size());
        bool inOsc = false;
        for (const LinkRange &link : links)
            inOsc = inOsc || (start < link.end && end > link.start);
        if (!inOsc && end > start + 8)
            links.append({start, end, found.toString()});
    }
    return links;
}

bool isDark(const QColor &color)
{
    return color.lightness() < 128;
}

} // namespace

LogView::LogView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
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
    m_matchOrder.clear();
    m_matchTotal = 0;
    m_currentMatch = -1;
    m_selectionStart = m_selectionEnd = Position();
    delete m_search;
    m_search = nullptr;
    if (m_log) {
        connect(m_log, &OutputLog::changed, this, &LogView::onLogChanged);
        connect(m_log, &QObject::destroyed, this, [this] { m_log = nullptr; });
    }
    m_follow = true;
    onLogChanged();
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
    // Paint at most 60 times a second, and never spend more than a quarter of the GUI thread on
    // it: a frame of costly glyphs (binary output shaped through font fallback) slows the frame
    // rate down instead of the intake.
    const int interval
        = int(std::clamp(4 * m_lastPaintMs, qint64(FrameIntervalMs), qint64(MaxFrameIntervalMs)));
    if (m_frameTimer.interval() != interval)
        m_frameTimer.setInterval(interval);
}

qint64 LogView::rowCount() const
{
    if (!m_log)
        return 0;
    const LineStore &store = m_log->store();
    return (store.trimmedLines() > 0 ? 1 : 0) + store.lineCount() + m_log->partialLineCount();
}

int LogView::visibleRows() const
{
    return qMax(1, viewport()->height() / fontMetrics().lineSpacing());
}

qint64 LogView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

int LogView::wrapColumns() const
{
    const int charWidth = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    return qMax(8, (viewport()->width() - gutterWidth()) / charWidth - 1);
}

int LogView::screenLinesFor(qint64 row) const
{
    return m_wrap ? int(wrapBreaks(row).size()) - 1 : 1;
}

qint64 LogView::lastFirstRow() const
{
    const qint64 rows = rowCount();
    const int screen = visibleRows();
    if (!m_wrap)
        return qMax<qint64>(0, rows - screen);
    // Walk up from the last row while the rows below still fit: at most a screenful of rows.
    qint64 first = rows - 1;
    int used = first >= 0 ? screenLinesFor(first) : 0;
    while (first > 0) {
        const int above = screenLinesFor(first - 1);
        if (used + above > screen)
            break;
        used += above;
        --first;
    }
    return qMax<qint64>(0, first);
}

void LogView::updateScrollBars()
{
    if (!m_log)
        return;
    // A scroll bar holds an int: beyond 2^31 rows (never, with the store's limits) it clamps.
    const int maximum = int(qMin<qint64>(INT_MAX, lastFirstRow()));
    m_adjustingScroll = true;
    verticalScrollBar()->setPageStep(visibleRows());
    verticalScrollBar()->setRange(0, maximum);
    if (m_follow)
        verticalScrollBar()->setValue(maximum);
    const int charWidth = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    horizontalScrollBar()->setPageStep(viewport()->width());
    // The longest line decides the horizontal range (tabs may make a line a little wider).
    const int longest = m_log->store().longestLineLength();
    horizontalScrollBar()->setRange(
        0, m_wrap ? 0 : qMax(0, gutterWidth() + (longest + 2) * charWidth - viewport()->width()));
    m_adjustingScroll = false;
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

QString LogView::markerText() const
{
    const qint64 trimmed = m_log->store().trimmedLines();
    return tr("[… %1 earlier lines are no longer in memory; the run's log file has everything]")
        .arg(trimmed);
}

LogView::Row LogView::rowAt(qint64 row) const
{
    Row result;
    if (!m_log || row < 0)
        return result;
    const LineStore &store = m_log->store();
    const int markerRows = store.trimmedLines() > 0 ? 1 : 0;
    if (row < markerRows)
        return result; // the marker
    const qint64 index = row - markerRows;
    if (index < store.lineCount()) {
        result.lineNumber = store.firstLineNumber() + index;
        result.line = *store.line(result.lineNumber);
        result.isLine = true;
        return result;
    }
    const qint64 p = index - store.lineCount();
    if (p < m_log->partialLineCount()) {
        result.line = m_log->partialLine(int(p));
        result.isLine = true;
        result.lineNumber = store.endLineNumber() + p;
    }
    return result;
}

int LogView::rowDisplayWidth(qint64 row) const
{
    const Row content = rowAt(row);
    if (!content.isLine)
        return row == 0 && m_log && m_log->store().trimmedLines() > 0 ? int(markerText().size())
                                                                      : 0;
    return DisplayLine(content.line.text).width();
}

QVector<int> LogView::wrapBreaks(qint64 row) const
{
    // Where a row's screen lines start, and its width last. A line breaks after its last space
    // or tab that fits, so words stay whole; a word longer than the width is cut between
    // characters. A break never falls inside a cell group (a wide character, a character with
    // its marks, a tab): it moves back to its start. Columns stay the line's own (a tab still
    // reaches the next multiple of 8 counted from the line's start).
    const Row content = rowAt(row);
    const QString marker = content.isLine ? QString() : rowText(row);
    const QStringView text = content.isLine ? QStringView(content.line.text) : QStringView(marker);
    const DisplayLine display(text);
    const int width = display.width();
    const int columns = wrapColumns();
    const auto isBlank
        = [&text](int i) { return text[i] == QLatin1Char(' ') || text[i] == QLatin1Char('\t'); };
    QVector<int> breaks{0};
    for (int start = 0; start + columns < width;) {
        const int first = display.index(start);
        const int next = display.index(start + columns); // the first character that does not fit
        int end = display.column(next);
        if (next < int(text.size()) && !isBlank(next)) {
            // Inside a word: back to just after the last blank of this screen line, if any.
            for (int i = next - 1; i >= first; --i) {
                if (isBlank(i)) {
                    if (display.column(i + 1) > start)
                        end = display.column(i + 1);
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

std::vector<LogView::ScreenLine> LogView::screenLines() const
{
    std::vector<ScreenLine> lines;
    const int screen = visibleRows() + 1; // a last, partly visible line
    const qint64 rows = rowCount();
    for (qint64 row = firstVisibleRow(); row < rows && int(lines.size()) < screen; ++row) {
        if (!m_wrap) {
            lines.push_back({row, 0, INT_MAX});
            continue;
        }
        const QVector<int> breaks = wrapBreaks(row);
        for (int i = 0; i + 1 < breaks.size() && int(lines.size()) < screen; ++i)
            lines.push_back({row, breaks[i], breaks[i + 1]});
    }
    return lines;
}

QStringList LogView::paintedLines() const
{
    QStringList painted;
    for (const ScreenLine &line : screenLines())
        painted.append(DisplayLine(rowText(line.row)).text(line.startColumn, line.endColumn));
    return painted;
}

int LogView::lineNumberDigits() const
{
    // At least 7, and as many as the last line's number needs: a flood passes line
    // 100,000,000 in seconds, and its numbers must not run into the text.
    const qint64 last = m_log ? m_log->store().endLineNumber() + m_log->partialLineCount() : 0;
    return qMax(7, int(QString::number(last).size()));
}

int LogView::gutterWidth() const
{
    const QFontMetrics metrics = fontMetrics();
    int width = metrics.horizontalAdvance(QLatin1Char('M')); // stderr bar and padding
    if (m_showLineNumbers)
        width += metrics.horizontalAdvance(QLatin1Char('0')) * (lineNumberDigits() + 1);
    if (m_showTimestamps)
        width += metrics.horizontalAdvance(QStringLiteral("00:00:00.000 "));
    return width;
}

QColor LogView::colorFor(const TermColor &color, bool foreground) const
{
    const bool dark = isDark(palette().color(QPalette::Base));
    if (color.kind == TermColor::Default)
        return palette().color(foreground ? QPalette::Text : QPalette::Base);
    if (color.kind == TermColor::Rgb)
        return QColor(color.r, color.g, color.b);
    const int i = color.index;
    if (i < 16) {
        // The 16 named colours, in a light and a dark variant that both read well on the
        // palette's background (GNOME Terminal's Tango-like choices).
        static const QRgb onLight[16]
            = {0x171421, 0xc01c28, 0x26a269, 0xa2734c, 0x12488b, 0xa347ba, 0x2aa1b3, 0x5e5c64,
               0x5e5c64, 0xf66151, 0x1e8a55, 0x9a6a00, 0x2a7bde, 0xc061cb, 0x1f8a9c, 0x241f31};
        static const QRgb onDark[16]
            = {0x5e5c64, 0xf66151, 0x33d17a, 0xe9ad0c, 0x5c9ef0, 0xdc8add, 0x33c7de, 0xd0cfcc,
               0x77767b, 0xff7b72, 0x57e389, 0xf8e45c, 0x99c1f1, 0xf0a0f0, 0x93ddf0, 0xffffff};
        return QColor(dark ? onDark[i] : onLight[i]);
    }
    if (i < 232) { // the 6x6x6 cube
        const int v = i - 16;
        const auto level = [](int x) { return x == 0 ? 0 : 55 + 40 * x; };
        return QColor(level(v / 36), level((v / 6) % 6), level(v % 6));
    }
    const int gray = 8 + 10 * (i - 232);
    return QColor(gray, gray, gray);
}

void LogView::paintEvent(QPaintEvent *event)
{
    QElapsedTimer clock;
    clock.start();
    paintRows(event);
    m_lastPaintMs = clock.elapsed();
}

void LogView::paintRows(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette pal = palette();
    painter.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    if (!m_log)
        return;
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.lineSpacing();
    const int charWidth = metrics.horizontalAdvance(QLatin1Char('M'));
    const int gutter = gutterWidth();
    const int digits = lineNumberDigits();
    const int xOffset = m_wrap ? 0 : -horizontalScrollBar()->value();
    const bool dark = isDark(pal.color(QPalette::Base));
    const QColor stderrColor = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    const QColor noteColor = pal.color(QPalette::PlaceholderText);
    const QColor matchColor = dark ? QColor(0x80, 0x60, 0x00) : QColor(0xf8, 0xe4, 0x5c);
    const Position selFrom = qMin(m_selectionStart, m_selectionEnd);
    const Position selTo = qMax(m_selectionStart, m_selectionEnd);
    const bool hasSelection = selFrom.row >= 0 && selFrom < selTo;
    // Columns that can be seen when not wrapping (the rest is never drawn).
    const int seenFrom = qMax(0, (-xOffset) / charWidth - 1);
    const int seenTo = seenFrom + viewport()->width() / charWidth + 3;

    // The eight bold/italic/underline variants of the font, made once per frame.
    QFont fonts[8];
    for (int v = 0; v < 8; ++v) {
        fonts[v] = font();
        fonts[v].setBold(v & 1);
        fonts[v].setItalic(v & 2);
        fonts[v].setUnderline(v & 4);
    }
    int currentVariant = 0;
    painter.setFont(fonts[0]);

    qint64 contentRow = -1;
    Row content;
    DisplayLine display;
    const std::vector<ScreenLine> lines = screenLines();
    for (size_t i = 0; i < lines.size(); ++i) {
        const ScreenLine &screenLine = lines[i];
        const int y = int(i) * lineHeight;
        const int baseline = y + metrics.ascent();
        const bool firstOfRow = screenLine.startColumn == 0;
        if (screenLine.row != contentRow) {
            contentRow = screenLine.row;
            content = rowAt(contentRow);
            display = content.isLine ? DisplayLine(content.line.text) : DisplayLine();
        }
        if (!content.isLine) {
            if (contentRow == 0 && m_log->store().trimmedLines() > 0 && firstOfRow) {
                QFont italic = font();
                italic.setItalic(true);
                painter.setFont(italic);
                painter.setPen(noteColor);
                painter.drawText(xOffset + gutter, baseline, markerText());
                painter.setFont(fonts[0]);
                currentVariant = 0;
            }
            continue;
        }
        const StyledLineRef &line = content.line;
        int gutterX = 2;
        if (line.channel == OutputChannel::Stderr) // stderr: a bar in the gutter and its colour
            painter.fillRect(QRect(0, y, 3, lineHeight), stderrColor);
        painter.setPen(noteColor);
        if (m_showLineNumbers && firstOfRow)
            painter.drawText(gutterX + charWidth, baseline,
                             QString::number(content.lineNumber + 1).rightJustified(digits));
        if (m_showLineNumbers)
            gutterX += metrics.horizontalAdvance(QLatin1Char('0')) * (digits + 1);
        if (m_showTimestamps && line.timestampMs > 0 && firstOfRow)
            painter.drawText(gutterX + charWidth, baseline,
                             QDateTime::fromMSecsSinceEpoch(line.timestampMs)
                                 .toString(QStringLiteral("hh:mm:ss.zzz")));

        // The display columns this screen line shows: [from, to), drawn from x0.
        const int from = qMax(screenLine.startColumn, m_wrap ? 0 : seenFrom);
        const int to = std::min({screenLine.endColumn, display.width(), m_wrap ? INT_MAX : seenTo});
        const int x0 = xOffset + gutter - screenLine.startColumn * charWidth;
        const auto columnRect = [&](int a, int b) {
            a = qMax(a, screenLine.startColumn);
            b = qMin(b, screenLine.endColumn);
            return QRect(x0 + a * charWidth, y, qMax(0, b - a) * charWidth, lineHeight);
        };

        // Highlights first: search matches, then the selection.
        for (const auto &match : m_matches.value(content.lineNumber))
            painter.fillRect(
                columnRect(display.column(match.first), display.column(match.first + match.second)),
                matchColor);
        if (hasSelection && contentRow >= selFrom.row && contentRow <= selTo.row) {
            const int a = contentRow == selFrom.row ? selFrom.column : 0;
            const int b = contentRow == selTo.row ? selTo.column : display.width() + 1;
            painter.fillRect(columnRect(a, b), pal.color(QPalette::Highlight));
        }

        // Text by style runs, only the visible columns; spans are mapped onto the columns.
        const QColor defaultColor
            = line.channel == OutputChannel::Stderr ? stderrColor : pal.color(QPalette::Text);
        int col = from;
        int spanIndex = 0;
        while (col < to) {
            while (spanIndex < line.spans.size()
                   && display.column(line.spans[spanIndex].start + line.spans[spanIndex].length)
                          <= col)
                ++spanIndex;
            TextStyle style;
            int end = to;
            if (spanIndex < line.spans.size()) {
                const StyleSpan &span = line.spans[spanIndex];
                const int spanFrom = display.column(span.start);
                if (spanFrom <= col) {
                    style = span.style;
                    end = qMin(to, display.column(span.start + span.length));
                } else {
                    end = qMin(to, spanFrom);
                }
            }
            QColor fg = style.foreground.kind == TermColor::Default
                            ? defaultColor
                            : colorFor(style.foreground, true);
            QColor bg = style.background.kind == TermColor::Default
                            ? QColor()
                            : colorFor(style.background, false);
            if (style.flags & TextStyle::Inverse) {
                const QColor swap = bg.isValid() ? bg : pal.color(QPalette::Base);
                bg = fg;
                fg = swap;
            }
            if (style.flags & TextStyle::Faint)
                fg.setAlphaF(0.6);
            if (bg.isValid())
                painter.fillRect(columnRect(col, end), bg);
            const int variant = (style.flags & TextStyle::Bold ? 1 : 0)
                                | (style.flags & TextStyle::Italic ? 2 : 0)
                                | (style.flags & TextStyle::Underline ? 4 : 0);
            if (variant != currentVariant) { // a font change costs; colour-only runs skip it
                painter.setFont(fonts[variant]);
                currentVariant = variant;
            }
            if (painter.pen().color() != fg)
                painter.setPen(fg);
            for (const auto &piece : display.pieces(col, end))
                painter.drawText(x0 + piece.first * charWidth, baseline, piece.second);
            col = end;
        }
        // Links: underlined in the palette's link colour (Ctrl+click opens them).
        const QVector<LinkRange> links
            = linksIn(line, display.index(from) - 2048, display.index(to) + 2048);
        if (!links.isEmpty()) {
            painter.save();
            painter.setPen(QPen(pal.color(QPalette::Link), 1));
            const int underline = baseline + qMax(1, metrics.underlinePos());
            for (const LinkRange &link : links) {
                const QRect r = columnRect(display.column(link.start), display.column(link.end));
                if (r.width() > 0)
                    painter.drawLine(r.left(), underline, r.right(), underline);
            }
            painter.restore();
        }
        const bool lastOfRow = i + 1 == lines.size() || lines[i + 1].row != contentRow;
        if (line.truncated && lastOfRow) {
            painter.setPen(noteColor);
            painter.drawText(x0 + (display.width() + 1) * charWidth, baseline,
                             tr("[… line cut here; the log file has all of it]"));
        }
    }
}

QString LogView::rowText(qint64 row) const
{
    const Row content = rowAt(row);
    if (!content.isLine)
        return row == 0 && m_log && m_log->store().trimmedLines() > 0 ? markerText() : QString();
    return content.line.text.toString();
}

QColor LogView::rowForeground(qint64 row, int column) const
{
    const Row content = rowAt(row);
    if (!content.isLine)
        return QColor();
    for (const StyleSpan &span : content.line.spans) {
        if (column >= span.start && column < span.start + span.length) {
            if (span.style.foreground.kind != TermColor::Default)
                return colorFor(span.style.foreground, true);
        }
    }
    if (content.line.channel == OutputChannel::Stderr)
        return isDark(palette().color(QPalette::Base)) ? QColor(0xff, 0x7b, 0x72)
                                                       : QColor(0xc0, 0x1c, 0x28);
    return palette().color(QPalette::Text);
}

void LogView::setShowLineNumbers(bool on)
{
    m_showLineNumbers = on;
    updateScrollBars();
    viewport()->update();
}

void LogView::setShowTimestamps(bool on)
{
    m_showTimestamps = on;
    updateScrollBars();
    viewport()->update();
}

void LogView::setWordWrap(bool on)
{
    m_wrap = on;
    updateScrollBars();
    viewport()->update();
}

LogView::Position LogView::positionAt(const QPoint &point) const
{
    const QFontMetrics metrics = fontMetrics();
    const int charWidth = metrics.horizontalAdvance(QLatin1Char('M'));
    Position position;
    const std::vector<ScreenLine> lines = screenLines();
    if (lines.empty())
        return position;
    const int index = point.y() / metrics.lineSpacing();
    if (index >= int(lines.size())) { // below the last line: the end of the last row
        position.row = lines.back().row;
        position.column = rowDisplayWidth(position.row);
        return position;
    }
    const ScreenLine &line = lines[size_t(qMax(0, index))];
    const int x = point.x() + (m_wrap ? 0 : horizontalScrollBar()->value()) - gutterWidth();
    position.row = line.row;
    position.column = line.startColumn + qMax(0, (x + charWidth / 2) / charWidth);
    if (m_wrap)
        position.column = qMin(position.column, line.endColumn);
    return position;
}

QString LogView::linkAt(qint64 row, int column) const
{
    const Row content = rowAt(row);
    if (!content.isLine)
        return QString();
    const DisplayLine display(content.line.text);
    const int index = display.index(column);
    for (const LinkRange &link : linksIn(content.line, index - 4096, index + 4096)) {
        if (index >= link.start && index < link.end)
            return link.url;
    }
    return QString();
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (event->modifiers() & Qt::ControlModifier) {
        const Position at = positionAt(event->position().toPoint());
        const QString url = linkAt(at.row, at.column);
        if (!url.isEmpty()) { // Ctrl+click on a link opens it, as in a terminal
            Q_EMIT linkActivated(QUrl(url));
            return;
        }
    }
    m_selecting = true;
    m_selectionStart = m_selectionEnd = positionAt(event->position().toPoint());
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting) {
        // Hovering: a link shows its address and a hand.
        const Position at = positionAt(event->position().toPoint());
        const QString url = at.row >= 0 ? linkAt(at.row, at.column) : QString();
        viewport()->setCursor(url.isEmpty() ? Qt::IBeamCursor : Qt::PointingHandCursor);
        viewport()->setToolTip(url.isEmpty() ? QString() : tr("%1\nCtrl+click to open").arg(url));
        return;
    }
    m_selectionEnd = positionAt(event->position().toPoint());
    viewport()->update();
}

void LogView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    m_selecting = false;
    m_selectionEnd = positionAt(event->position().toPoint());
    viewport()->update();
    if (QClipboard *clipboard = QApplication::clipboard();
        clipboard && clipboard->supportsSelection())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

QString LogView::selectedText() const
{
    const Position from = qMin(m_selectionStart, m_selectionEnd);
    const Position to = qMax(m_selectionStart, m_selectionEnd);
    if (from.row < 0 || !(from < to))
        return QString();
    QStringList lines;
    for (qint64 row = from.row; row <= to.row; ++row) {
        // The line's own text between the selected columns (tabs kept as tabs).
        const QString text = rowText(row);
        const DisplayLine display(text);
        const int start = display.index(row == from.row ? from.column : 0);
        const int end = row == to.row ? display.index(to.column) : int(text.size());
        lines.append(text.mid(start, qMax(0, end - start)));
    }
    return lines.join(QLatin1Char('\n'));
}

void LogView::selectAll()
{
    m_selectionStart = {0, 0};
    const qint64 last = rowCount() - 1;
    m_selectionEnd = {last, rowDisplayWidth(last)};
    viewport()->update();
}

void LogView::copy() const
{
    if (QClipboard *clipboard = QApplication::clipboard())
        clipboard->setText(selectedText());
}

QString LogView::plainText() const
{
    QStringList lines;
    const qint64 rows = rowCount();
    for (qint64 row = 0; row < rows; ++row) {
        if (row == 0 && m_log->store().trimmedLines() > 0)
            continue;
        lines.append(rowText(row));
    }
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
    m_matches.clear();
    m_matchOrder.clear();
    m_matchTotal = 0;
    m_currentMatch = -1;
    if (!m_log)
        return false;
    if (!m_search) {
        m_search = new LogSearch(&m_log->store(), this);
        connect(m_search, &LogSearch::matchesFound, this, [this](const QVector<LogMatch> &found) {
            for (const LogMatch &match : found)
                m_matches[match.line].append({match.start, match.length});
            m_matchOrder += found; // the search goes line by line, each line left to right
            m_matchTotal += int(found.size());
            if (m_currentMatch < 0 && !m_matchOrder.isEmpty())
                findNext(false); // jump to the first as soon as it is known
            viewport()->update();
        });
        connect(m_search, &LogSearch::finished, this, &LogView::searchFinished);
    }
    viewport()->update();
    return m_search->start(pattern, regex, caseSensitive);
}

void LogView::findNext(bool backwards)
{
    if (m_matchOrder.isEmpty())
        return;
    const int count = int(m_matchOrder.size());
    m_currentMatch = m_currentMatch < 0 ? (backwards ? count - 1 : 0)
                                        : (m_currentMatch + (backwards ? count - 1 : 1)) % count;
    const LogMatch match = m_matchOrder[m_currentMatch];
    const LineStore &store = m_log->store();
    if (match.line < store.firstLineNumber())
        return;
    const qint64 row = (store.trimmedLines() > 0 ? 1 : 0) + match.line - store.firstLineNumber();
    const QString text = rowText(row);
    const DisplayLine display(text); // the selection is in screen columns
    m_selectionStart = {row, display.column(match.start)};
    m_selectionEnd = {row, display.column(match.start + match.length)};
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
