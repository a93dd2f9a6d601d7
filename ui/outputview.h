#pragma once

#include "outputchannel.h"

#include <QByteArray>
#include <QPlainTextEdit>
#include <QStringDecoder>
#include <QTimer>

// The run pane's output: a read-only text view fed in chunks, painted in batches at a capped
// rate so that a task flooding output cannot freeze the window. What the view cannot keep up
// with is dropped from the queue with a visible marker, and old lines beyond the scrollback go.
// (A simple view: the fast model/view of the output issue replaces it behind this interface.)
class OutputView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit OutputView(QWidget *parent = nullptr);

    void appendOutput(OutputChannel channel, const QByteArray &data);
    void appendNote(const QString &text); // the runner's own lines ("[exited with code 0]")
    void clearOutput();
    // Paints everything queued now (tests, and before saving).
    void flushPending();
    qint64 droppedBytes() const { return m_droppedBytes; }

    static constexpr int MaxPendingChars = 4 * 1024 * 1024;
    static constexpr int MaxCharsPerFlush = 128 * 1024;
    static constexpr int FlushIntervalMs = 33; // ~30 repaints a second at most
    static constexpr int ScrollbackLines = 20000;
    static constexpr int MaxLineChars = 4096; // longer lines are wrapped into several blocks

private:
    struct Piece
    {
        OutputChannel channel;
        bool note;
        QString text;
    };
    void enqueue(Piece piece);
    void flushSome(int budget);

    QStringDecoder m_stdoutDecoder{QStringDecoder::Utf8};
    QStringDecoder m_stderrDecoder{QStringDecoder::Utf8};
    QList<Piece> m_pending;
    qsizetype m_pendingChars = 0;
    qint64 m_droppedBytes = 0;
    qint64 m_droppedSinceMarker = 0;
    int m_currentLineChars = 0;
    QTimer m_flushTimer;
};
