#include "outputview.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

OutputView::OutputView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setMaximumBlockCount(ScrollbackLines);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setObjectName(QStringLiteral("outputView"));
    setAccessibleName(tr("Output"));
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushSome(MaxCharsPerFlush); });
}

void OutputView::appendOutput(OutputChannel channel, const QByteArray &data)
{
    QStringDecoder &decoder = channel == OutputChannel::Stdout ? m_stdoutDecoder : m_stderrDecoder;
    // Stateful: a UTF-8 sequence split across chunks is joined; invalid bytes become U+FFFD.
    QString text = decoder.decode(data);
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    // Other control characters would render as nothing or garble the view: show them.
    for (QChar &c : text) {
        const ushort u = c.unicode();
        if (u < 0x20 && u != '\n' && u != '\t')
            c = QChar(0x2400 + u); // the Control Pictures block: ␀ ␁ ... ␍ ␛
    }
    enqueue({channel, false, text});
}

void OutputView::appendNote(const QString &text)
{
    enqueue({OutputChannel::Stdout, true, text});
}

void OutputView::enqueue(Piece piece)
{
    m_pendingChars += piece.text.size();
    m_pending.append(std::move(piece));
    // Bounded: when the view falls this far behind, the oldest queued output goes, and the
    // view says so where it would have been.
    while (m_pendingChars > MaxPendingChars && m_pending.size() > 1) {
        const Piece &oldest = m_pending.first();
        if (!oldest.note) {
            m_droppedBytes += oldest.text.size();
            m_droppedSinceMarker += oldest.text.size();
        }
        m_pendingChars -= oldest.text.size();
        m_pending.removeFirst();
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void OutputView::flushPending()
{
    flushSome(std::numeric_limits<int>::max());
}

void OutputView::flushSome(int budget)
{
    QScrollBar *bar = verticalScrollBar();
    const bool followTail = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    QTextCharFormat normal;
    QTextCharFormat error;
    error.setForeground(QColor(0xc0, 0x1c, 0x28));
    QTextCharFormat note;
    note.setForeground(palette().color(QPalette::PlaceholderText));
    note.setFontItalic(true);

    if (m_droppedSinceMarker > 0) {
        if (m_currentLineChars > 0)
            cursor.insertText(QStringLiteral("\n"));
        cursor.insertText(tr("[… %1 characters not shown: the task printed faster than the view "
                             "can paint …]\n")
                              .arg(m_droppedSinceMarker),
                          note);
        m_droppedSinceMarker = 0;
        m_currentLineChars = 0;
    }
    while (budget > 0 && !m_pending.isEmpty()) {
        Piece &piece = m_pending.first();
        QString text;
        if (piece.text.size() <= budget) {
            text = std::move(piece.text);
            m_pending.removeFirst();
        } else {
            text = piece.text.left(budget);
            piece.text.remove(0, budget);
        }
        m_pendingChars -= text.size();
        budget -= int(text.size());
        if (piece.note && !text.isEmpty()) {
            if (m_currentLineChars > 0)
                cursor.insertText(QStringLiteral("\n"));
            cursor.insertText(text + QLatin1Char('\n'), note);
            m_currentLineChars = 0;
            continue;
        }
        // Wrap giant lines into blocks of MaxLineChars: one huge block is O(n) per repaint.
        QString wrapped;
        wrapped.reserve(text.size() + text.size() / MaxLineChars + 1);
        for (const QChar c : text) {
            if (c == QLatin1Char('\n')) {
                m_currentLineChars = 0;
            } else if (++m_currentLineChars > MaxLineChars) {
                wrapped.append(QChar(0x21b5)); // ↵ marks a wrap that is not in the output
                wrapped.append(QLatin1Char('\n'));
                m_currentLineChars = 1;
            }
            wrapped.append(c);
        }
        cursor.insertText(wrapped, piece.channel == OutputChannel::Stderr ? error : normal);
    }
    cursor.endEditBlock();
    if (followTail)
        bar->setValue(bar->maximum());
    if (m_pending.isEmpty())
        m_flushTimer.stop();
}

void OutputView::clearOutput()
{
    m_pending.clear();
    m_pendingChars = 0;
    m_droppedSinceMarker = 0;
    m_currentLineChars = 0;
    clear();
}
