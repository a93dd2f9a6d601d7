#pragma once

#include "logtextindex.h"

#include <QAccessibleWidget>
#include <QCoreApplication>

#include <functional>
#include <memory>

class LogView;
class QTimer;

// The output view as assistive technology and test tools see it (AT-SPI on Linux): read-only
// multi-line text - the view's rows joined by '\n', the trim marker included - with its line
// count in the description, the view's selection as the text's selection and its end as the
// caret, and the lines that arrive announced as inserted text.
//
// Nothing here copies the log: every query maps offsets to rows through a LogTextIndex and
// reads only the rows it needs (reading a line a million lines back costs as much as reading
// the last one).
//
// Arriving output is announced at most every AnnounceIntervalMs, with at most
// MaxAnnouncedChars of text (the latest lines, at their true offset): a flood of output does
// not flood the accessibility bus. Lines being written are announced once complete; lines
// trimmed from the front are not announced as removed (the description's line count and the
// trim marker say so).
class LogViewAccessible : public QAccessibleWidget, public QAccessibleTextInterface
{
    Q_DECLARE_TR_FUNCTIONS(LogViewAccessible)
public:
    static constexpr int AnnounceIntervalMs = 250;
    static constexpr int MaxAnnouncedChars = 8192;

    explicit LogViewAccessible(LogView *view);
    ~LogViewAccessible() override;

    // Makes every LogView use this interface (QAccessible::installFactory), once per process.
    static void install();

    // Also told of every announcement (position, text), for tests: Qt delivers accessibility
    // events only where a platform bridge is active, which the offscreen platform has not.
    using AnnouncementObserver = std::function<void(int position, const QString &text)>;
    static void setAnnouncementObserver(AnnouncementObserver observer);

    QAccessible::Role role() const override;
    QAccessible::State state() const override;
    QString text(QAccessible::Text t) const override;
    void *interface_cast(QAccessible::InterfaceType type) override;

    // QAccessibleTextInterface
    void selection(int selectionIndex, int *startOffset, int *endOffset) const override;
    int selectionCount() const override;
    void addSelection(int startOffset, int endOffset) override;
    void removeSelection(int selectionIndex) override;
    void setSelection(int selectionIndex, int startOffset, int endOffset) override;
    int cursorPosition() const override;
    void setCursorPosition(int position) override;
    QString text(int startOffset, int endOffset) const override;
    QString textBeforeOffset(int offset, QAccessible::TextBoundaryType boundaryType,
                             int *startOffset, int *endOffset) const override;
    QString textAfterOffset(int offset, QAccessible::TextBoundaryType boundaryType,
                            int *startOffset, int *endOffset) const override;
    QString textAtOffset(int offset, QAccessible::TextBoundaryType boundaryType, int *startOffset,
                         int *endOffset) const override;
    int characterCount() const override;
    QRect characterRect(int offset) const override;
    int offsetAtPoint(const QPoint &point) const override;
    void scrollToSubstring(int startIndex, int endIndex) override;
    QString attributes(int offset, int *startOffset, int *endOffset) const override;

private:
    LogView *view() const;
    const LogTextIndex &index() const; // over the view's log as it is now
    struct Place
    {
        qint64 row = -1;
        int index = 0; // a character of the row's text
    };
    Place placeOf(int offset) const;
    int offsetOf(qint64 row, int column) const; // a screen column of a row
    int lineCount() const;
    void announceNewLines();

    mutable LogTextIndex m_index;
    // Announcements: what was announced last, by the log's line numbers.
    std::unique_ptr<QTimer> m_announceTimer;
    const void *m_announcedLog = nullptr;
    qint64 m_announcedEnd = -1;
};
