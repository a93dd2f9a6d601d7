#pragma once

#include "styledline.h"
#include "utf8decoder.h"

#include <QByteArray>

#include <functional>
#include <string>
#include <vector>

// Turns one output stream's bytes into styled lines, the way a terminal would show them, chunk
// by chunk: state (a partial line, a split escape sequence, a split UTF-8 character, the
// current colours) carries over from one chunk to the next. No QObject: test it with rows.
//
// Handles: \n ends a line; \r\n too; a bare \r returns to the line's start so later text
// overwrites it (progress bars); \b steps back; ESC[K / ESC[1K / ESC[2K erase; SGR (reset,
// bold, faint, italic, underline, inverse, 16 colours and bright, 38;5;n, 38;2;r;g;b, 48;...,
// defaults 39/49, ':' as well as ';' between parameters); OSC 8 hyperlinks become the line's
// links; every other CSI, OSC (BEL- or ST-terminated) and two-byte escape is consumed. Invalid
// UTF-8 becomes U+FFFD; other control characters show as their U+2400 pictures.
//
// Built for volume: printable runs are found with SIMD where the CPU has it, a plain line that
// arrives whole goes to the sink straight from the decode buffer, styles are kept as spans
// while text is only appended, and nothing is allocated per line or per escape sequence.
class TerminalLineParser
{
public:
    // Called for each completed line; the line is only borrowed for the call.
    using LineSink = std::function<void(const StyledLineRef &line)>;

    TerminalLineParser(OutputChannel channel, LineSink sink);

    // timeMs: when the bytes came (ms since the epoch) for a log read back; -1: now.
    void feed(const QByteArray &bytes, qint64 timeMs = -1);
    // The stream ended: a last line without a newline is completed.
    void finish();

    // The line being written (not yet ended by a newline), for a live view of progress bars.
    // Borrowed: valid until the next feed() or finish().
    StyledLineRef currentLineRef() const;
    StyledLine currentLine() const { return StyledLine::fromRef(currentLineRef()); }
    bool hasCurrentLine() const { return !m_line.empty(); }

    // A line longer than this (in UTF-16 units) is cut and marked truncated.
    void setMaxLineLength(int chars) { m_maxLineLength = chars; }
    static constexpr int DefaultMaxLineLength = 1 << 20;
    static constexpr int MaxEscapeLength = 4096; // longer "sequences" are dropped as garbage
    static constexpr int MaxParameters = 32;     // SGR parameters beyond this are ignored

private:
    enum class Mode { Text, Escape, Csi, Osc, OscEscape };

    void feedText(const char16_t *data, qsizetype size);
    // Returns how many characters it took (it stops where text mode would not take them).
    qsizetype feedEscape(char16_t c);
    // A whole CSI sequence starting at p (just past ESC) taken in one go; nullptr if it is not
    // a plain one or does not end within [p, end).
    const char16_t *parseWholeCsi(const char16_t *p, const char16_t *end);
    // A CSI parameter byte (digit, ';' or ':') taken into m_params; false for any other byte.
    bool takeParameterByte(char16_t c);
    void endCsi(char16_t final); // the final byte: SGR and EL act, the rest is consumed
    void putRun(const char16_t *run, qsizetype length); // printable characters, no controls
    void enterCellMode();
    void endLine();
    void applySgr();
    void eraseInLine(int mode);
    void resetSequence();
    void endOsc(); // an OSC sequence ended: act on OSC 8 (hyperlinks), ignore the rest
    void addSpan(int start, int length); // in the current style, merged with the last
    void addLink(int start, int length);

    OutputChannel m_channel;
    LineSink m_sink;
    Utf8Decoder m_decoder;
    std::vector<char16_t> m_decoded; // reused: no allocation per chunk
    qint64 m_now = 0;                // the time of the chunk being parsed, for its lines

    // The escape sequence being read: its length so far and, for CSI, its parameters.
    Mode m_mode = Mode::Text;
    int m_sequenceLength = 0;
    int m_params[MaxParameters] = {};
    int m_paramCount = 0;
    bool m_sequenceIsPrivate = false; // '?', '>', intermediates: not SGR or EL
    std::u16string m_oscPayload;      // the OSC sequence being read, up to MaxEscapeLength
    QString m_linkUrl;                // the OSC 8 hyperlink text is in now; empty for none

    // The current line. While text is only appended, styles are spans (cheap); once an
    // overwrite (\r, \b, erase) touches a styled line, every character gets a style cell, and
    // spans are built again when the line is completed.
    std::u16string m_line;
    std::vector<StyleSpan> m_spans;
    std::vector<TextStyle> m_cells;
    bool m_cellMode = false;
    mutable std::vector<StyleSpan> m_builtSpans; // spans made from cells, on demand
    QVector<LinkSpan> m_links; // the current line's hyperlinks (rewrites do not move them)
    int m_column = 0;
    bool m_truncated = false;
    int m_maxLineLength = DefaultMaxLineLength;
    TextStyle m_style;
};
