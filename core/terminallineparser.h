#pragma once

#include "styledline.h"

#include <QByteArray>
#include <QStringDecoder>

#include <functional>

// Turns one output stream's bytes into styled lines, the way a terminal would show them, chunk
// by chunk: state (a partial line, a split escape sequence, a split UTF-8 character, the
// current colours) carries over from one chunk to the next. No QObject: test it with rows.
//
// Handles: \n ends a line; \r\n too; a bare \r returns to the line's start so later text
// overwrites it (progress bars); \b steps back; ESC[K / ESC[1K / ESC[2K erase; SGR (reset,
// bold, faint, italic, underline, inverse, 16 colours and bright, 38;5;n, 38;2;r;g;b, 48;...,
// defaults 39/49); every other CSI, OSC (BEL- or ST-terminated) and two-byte escape is consumed.
// Invalid UTF-8 becomes U+FFFD; other control characters show as their U+2400 pictures.
class TerminalLineParser
{
public:
    using LineSink = std::function<void(StyledLine &&line)>;

    TerminalLineParser(OutputChannel channel, LineSink sink);

    void feed(const QByteArray &bytes);
    // The stream ended: a last line without a newline is completed.
    void finish();

    // The line being written (not yet ended by a newline), for a live view of progress bars.
    StyledLine currentLine() const;
    bool hasCurrentLine() const { return !m_line.isEmpty(); }
    int currentLineLength() const { return int(m_line.size()); }

    // A line longer than this (in UTF-16 units) is cut and marked truncated.
    void setMaxLineLength(int chars) { m_maxLineLength = chars; }
    static constexpr int DefaultMaxLineLength = 1 << 20;
    static constexpr int MaxEscapeLength = 4096; // longer "sequences" are dropped as garbage

private:
    enum class Mode { Text, Escape, Csi, Osc, OscEscape };

    void feedText(const QString &text);
    void putChar(QChar c);
    void putRun(QStringView run); // printable characters, no controls
    void materializeStyles();
    void endLine();
    void applySgr(const QString &params);
    void eraseInLine(int mode);

    OutputChannel m_channel;
    LineSink m_sink;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    Mode m_mode = Mode::Text;
    QString m_escape; // the parameters of the sequence being read

    // The current line as a character array with a style per character: overwrites (\r, \b)
    // are simple that way; spans are built when the line is completed.
    QString m_line;
    QVector<TextStyle> m_styles; // empty while every character so far has the default style
    int m_column = 0;
    bool m_truncated = false;
    int m_maxLineLength = DefaultMaxLineLength;
    TextStyle m_style;
};
