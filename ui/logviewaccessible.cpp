#include "logviewaccessible.h"

#include "logrows.h"
#include "logview.h"
#include "outputlog.h"
#include "textcolumns.h"

#include <QScrollBar>
#include <QTextBoundaryFinder>
#include <QTimer>

#include <algorithm>

namespace {

LogViewAccessible::AnnouncementObserver &announcementObserver()
{
    static LogViewAccessible::AnnouncementObserver observer;
    return observer;
}

QAccessibleInterface *logViewFactory(const QString &className, QObject *object)
{
    if (className == QLatin1String("LogView"))
        if (auto *view = qobject_cast<LogView *>(object))
            return new LogViewAccessible(view);
    return nullptr;
}

} // namespace

void LogViewAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(logViewFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

void LogViewAccessible::setAnnouncementObserver(AnnouncementObserver observer)
{
    announcementObserver() = std::move(observer);
}

LogViewAccessible::LogViewAccessible(LogView *view)
    : QAccessibleWidget(view, QAccessible::EditableText)
    , m_announceTimer(std::make_unique<QTimer>())
{
    m_announceTimer->setSingleShot(true);
    m_announceTimer->setInterval(AnnounceIntervalMs);
    QTimer *timer = m_announceTimer.get();
    // The timer is the connections' context: they end with this interface.
    QObject::connect(view, &LogView::rowsChanged, timer, [timer] {
        if (!timer->isActive())
            timer->start();
    });
    QObject::connect(timer, &QTimer::timeout, timer, [this] { announceNewLines(); });
    // What is there already was never news.
    m_announcedLog = view->log();
    m_announcedEnd = view->log() ? view->log()->store().endLineNumber() : -1;
}

LogViewAccessible::~LogViewAccessible() = default;

LogView *LogViewAccessible::view() const
{
    return static_cast<LogView *>(widget());
}

const LogTextIndex &LogViewAccessible::index() const
{
    m_index.setLog(view()->log());
    return m_index;
}

QAccessible::Role LogViewAccessible::role() const
{
    return QAccessible::EditableText;
}

QAccessible::State LogViewAccessible::state() const
{
    QAccessible::State state = QAccessibleWidget::state();
    state.readOnly = true;
    state.multiLine = true;
    state.selectableText = true;
    state.focusable = true;
    return state;
}

int LogViewAccessible::lineCount() const
{
    const LogRows rows(view()->log());
    return int(qMin<qint64>(INT_MAX, rows.count() - (rows.hasMarker() ? 1 : 0)));
}

QString LogViewAccessible::text(QAccessible::Text t) const
{
    if (t == QAccessible::Description || t == QAccessible::Value) {
        // The line count, and whether earlier lines were let go (the log file has them).
        const OutputLog *log = view()->log();
        const qint64 trimmed = log ? log->store().trimmedLines() : 0;
        const int count = lineCount();
        QString lines = count == 1 ? tr("1 line of output") : tr("%1 lines of output").arg(count);
        if (trimmed > 0)
            lines += tr(", after %1 earlier lines no longer in memory").arg(trimmed);
        return t == QAccessible::Value ? QString::number(lineCount()) : lines;
    }
    return QAccessibleWidget::text(t);
}

void *LogViewAccessible::interface_cast(QAccessible::InterfaceType type)
{
    if (type == QAccessible::TextInterface)
        return static_cast<QAccessibleTextInterface *>(this);
    return QAccessibleWidget::interface_cast(type);
}

LogViewAccessible::Place LogViewAccessible::placeOf(int offset) const
{
    Place place;
    place.row = index().rowAt(offset);
    if (place.row >= 0)
        place.index = int(qMax<qint64>(0, offset - index().rowStart(place.row)));
    return place;
}

int LogViewAccessible::offsetOf(qint64 row, int column) const
{
    if (row < 0)
        return 0;
    const LogRow content = LogRows(view()->log()).at(row);
    const int character = TextColumns(content.text()).index(column);
    return int(qMin<qint64>(INT_MAX, index().rowStart(row) + character));
}

int LogViewAccessible::characterCount() const
{
    return int(qMin<qint64>(INT_MAX, index().characterCount()));
}

QString LogViewAccessible::text(int startOffset, int endOffset) const
{
    const int count = characterCount();
    if (endOffset < 0 || endOffset > count)
        endOffset = count;
    startOffset = qBound(0, startOffset, endOffset);
    if (startOffset == endOffset)
        return QString();
    const LogRows rows(view()->log());
    const qint64 first = index().rowAt(startOffset);
    const qint64 last = index().rowAt(endOffset - 1);
    QString text;
    text.reserve(endOffset - startOffset);
    qint64 at = index().rowStart(first);
    for (qint64 row = first; row <= last; ++row) {
        if (row > first)
            text += QLatin1Char('\n');
        const LogRow content = rows.at(row); // held: a marker row's text is its own string
        const QStringView line = content.text();
        const qint64 from = qMax<qint64>(0, startOffset - at);
        const qint64 to = qMin<qint64>(line.size(), endOffset - at);
        if (to > from)
            text += line.mid(from, to - from);
        at += line.size() + 1;
    }
    if (text.size() < endOffset - startOffset) // the range ends on a row's line break
        text += QLatin1Char('\n');
    return text;
}

QString LogViewAccessible::textAtOffset(int offset, QAccessible::TextBoundaryType boundaryType,
                                        int *startOffset, int *endOffset) const
{
    *startOffset = *endOffset = -1;
    const int count = characterCount();
    if (offset < 0 || offset > count)
        return QString();
    if (boundaryType == QAccessible::NoBoundary) {
        *startOffset = 0;
        *endOffset = count;
        return text(0, count); // asked for everything: the one query that copies it all
    }
    const Place place = placeOf(offset);
    if (place.row < 0) {
        *startOffset = *endOffset = 0;
        return QString();
    }
    const int rowStart = int(index().rowStart(place.row));
    const LogRow content = LogRows(view()->log()).at(place.row); // held: see text()
    const QStringView line = content.text();
    const bool lastRow = place.row + 1 >= index().rowCount();
    const int lineEnd = rowStart + int(line.size()) + (lastRow ? 0 : 1); // with its '\n'
    switch (boundaryType) {
    case QAccessible::LineBoundary:
    case QAccessible::ParagraphBoundary: // a line of output is a paragraph: it ends in '\n'
        *startOffset = rowStart;
        *endOffset = lineEnd;
        break;
    case QAccessible::CharBoundary:
        *startOffset = offset;
        *endOffset = qMin(offset + 1, count);
        if (place.index < line.size() && line.at(place.index).isHighSurrogate())
            *endOffset = qMin(offset + 2, count);
        break;
    case QAccessible::WordBoundary:
    case QAccessible::SentenceBoundary: {
        if (place.index >= line.size()) { // the line break
            *startOffset = offset;
            *endOffset = qMin(offset + 1, count);
            break;
        }
        QTextBoundaryFinder finder(boundaryType == QAccessible::WordBoundary
                                       ? QTextBoundaryFinder::Word
                                       : QTextBoundaryFinder::Sentence,
                                   line.toString());
        finder.setPosition(place.index);
        const int from = finder.isAtBoundary() ? place.index : int(finder.toPreviousBoundary());
        finder.setPosition(place.index);
        int to = int(finder.toNextBoundary());
        if (to < 0)
            to = int(line.size());
        *startOffset = rowStart + qMax(0, from);
        *endOffset = rowStart + to;
        break;
    }
    case QAccessible::NoBoundary:
        break;
    }
    return text(*startOffset, *endOffset);
}

QString LogViewAccessible::textBeforeOffset(int offset, QAccessible::TextBoundaryType boundaryType,
                                            int *startOffset, int *endOffset) const
{
    int start = -1;
    int end = -1;
    textAtOffset(offset, boundaryType, &start, &end);
    *startOffset = *endOffset = -1;
    if (start <= 0 || boundaryType == QAccessible::NoBoundary)
        return QString();
    return textAtOffset(start - 1, boundaryType, startOffset, endOffset);
}

QString LogViewAccessible::textAfterOffset(int offset, QAccessible::TextBoundaryType boundaryType,
                                           int *startOffset, int *endOffset) const
{
    int start = -1;
    int end = -1;
    textAtOffset(offset, boundaryType, &start, &end);
    *startOffset = *endOffset = -1;
    if (end < 0 || end >= characterCount() || boundaryType == QAccessible::NoBoundary)
        return QString();
    return textAtOffset(end, boundaryType, startOffset, endOffset);
}

int LogViewAccessible::selectionCount() const
{
    return view()->selection().isEmpty() ? 0 : 1;
}

void LogViewAccessible::selection(int selectionIndex, int *startOffset, int *endOffset) const
{
    *startOffset = *endOffset = 0;
    const LogSelection &selected = view()->selection();
    if (selectionIndex != 0 || selected.isEmpty())
        return;
    *startOffset = offsetOf(selected.from().row, selected.from().column);
    *endOffset = offsetOf(selected.to().row, selected.to().column);
}

void LogViewAccessible::setSelection(int selectionIndex, int startOffset, int endOffset)
{
    if (selectionIndex != 0)
        return;
    // Offsets are characters; the view selects screen columns.
    const LogRows rows(view()->log());
    const auto position = [&](int offset) {
        const Place place = placeOf(offset);
        LogPosition at;
        at.row = place.row;
        if (place.row >= 0)
            at.column = TextColumns(rows.at(place.row).text()).column(place.index);
        return at;
    };
    view()->setSelection(position(startOffset), position(endOffset));
}

void LogViewAccessible::addSelection(int startOffset, int endOffset)
{
    setSelection(0, startOffset, endOffset); // one selection at a time
}

void LogViewAccessible::removeSelection(int selectionIndex)
{
    if (selectionIndex == 0)
        view()->setSelection(LogPosition(), LogPosition());
}

int LogViewAccessible::cursorPosition() const
{
    // No caret is drawn: it is where the selection ends, else the top of what is shown.
    const LogSelection &selected = view()->selection();
    if (selected.to().row >= 0)
        return offsetOf(selected.to().row, selected.to().column);
    return int(qMin<qint64>(INT_MAX, index().rowStart(view()->firstVisibleRow())));
}

void LogViewAccessible::setCursorPosition(int position)
{
    setSelection(0, position, position);
    scrollToSubstring(position, position);
}

QRect LogViewAccessible::characterRect(int) const
{
    return QRect(); // not drawn through text layout: no geometry per character
}

int LogViewAccessible::offsetAtPoint(const QPoint &point) const
{
    const LogPosition at = view()->positionAt(view()->viewport()->mapFromGlobal(point));
    return at.row < 0 ? -1 : offsetOf(at.row, at.column);
}

void LogViewAccessible::scrollToSubstring(int startIndex, int)
{
    const qint64 row = index().rowAt(startIndex);
    if (row >= 0)
        view()->showRow(row);
}

QString LogViewAccessible::attributes(int offset, int *startOffset, int *endOffset) const
{
    Q_UNUSED(offset);
    *startOffset = 0;
    *endOffset = characterCount();
    return QString();
}

void LogViewAccessible::announceNewLines()
{
    const OutputLog *log = view()->log();
    if (!log)
        return;
    const LineStore &store = log->store();
    if (log != m_announcedLog || m_announcedEnd > store.endLineNumber()) {
        m_announcedLog = log; // another run shown, or its log read anew
        m_announcedEnd = store.firstLineNumber();
    }
    const qint64 from = qMax(m_announcedEnd, store.firstLineNumber());
    const qint64 to = store.endLineNumber();
    m_announcedEnd = to;
    if (from >= to)
        return;
    // The latest lines that fit: a flood is announced by its tail.
    qint64 first = to;
    qint64 chars = 0;
    while (first > from) {
        const qint64 length = store.line(first - 1)->text.size() + 1;
        if (first < to && chars + length > MaxAnnouncedChars)
            break;
        chars += length;
        --first;
    }
    const LogRows rows(log);
    const qint64 firstRow = rows.rowOf(first);
    // The text gains the lines and the breaks between rows: after the last new line when a row
    // follows it (a line being written), else before the first (it was the end of the text).
    const bool followed = rows.rowOf(to - 1) + 1 < rows.count();
    QString text;
    text.reserve(int(qMin<qint64>(chars + 1, MaxAnnouncedChars)));
    if (!followed && firstRow > 0)
        text += QLatin1Char('\n');
    for (qint64 line = first; line < to && text.size() < MaxAnnouncedChars; ++line) {
        if (line > first)
            text += QLatin1Char('\n');
        text += store.line(line)->text;
    }
    if (followed)
        text += QLatin1Char('\n');
    text.truncate(MaxAnnouncedChars);
    const qint64 position = index().rowStart(firstRow) - (!followed && firstRow > 0 ? 1 : 0);
    QAccessibleTextInsertEvent event(view(), int(qMin<qint64>(INT_MAX, position)), text);
    QAccessible::updateAccessibility(&event);
    if (announcementObserver())
        announcementObserver()(event.changePosition(), text);
}
