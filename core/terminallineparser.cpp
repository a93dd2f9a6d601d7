#include "terminallineparser.h"

#include <QDateTime>

TerminalLineParser::TerminalLineParser(OutputChannel channel, LineSink sink)
    : m_channel(channel)
    , m_sink(std::move(sink))
{}

void TerminalLineParser::feed(const QByteArray &bytes)
{
    // Escape sequences are ASCII, so decoding first is safe; the decoder keeps a UTF-8
    // character split across chunks until its rest arrives.
    feedText(m_decoder.decode(bytes));
}

void TerminalLineParser::finish()
{
    feedText(m_decoder.decode(QByteArray())); // flushes an incomplete character as U+FFFD
    if (!m_line.isEmpty() || m_truncated)
        endLine();
    m_mode = Mode::Text;
    m_escape.clear();
}

void TerminalLineParser::feedText(const QString &text)
{
    const QChar *data = text.constData();
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = data[i];
        const ushort u = c.unicode();
        switch (m_mode) {
        case Mode::Text: {
            if (u >= 0x20 && u != 0x7f) {
                // The common case: a run of printable characters, taken in one go.
                qsizetype end = i + 1;
                while (end < size && data[end].unicode() >= 0x20 && data[end].unicode() != 0x7f)
                    ++end;
                putRun(QStringView(data + i, end - i));
                i = end - 1;
            } else if (u == 0x1b) {
                m_mode = Mode::Escape;
                m_escape.clear();
            } else if (u == '\n') {
                endLine();
            } else if (u == '\r') {
                m_column = 0;
            } else if (u == '\b') {
                if (m_column > 0)
                    --m_column;
            } else if (u == '\t') {
                putChar(c); // expanded when painted
            } else {
                putChar(QChar(u == 0x7f ? 0x2421 : 0x2400 + u)); // ␀ ␁ … ␡
            }
            break;
        }
        case Mode::Escape:
            if (u == '[') {
                m_mode = Mode::Csi;
            } else if (u == ']') {
                m_mode = Mode::Osc;
            } else if (u >= 0x20 && u <= 0x2f) {
                // An intermediate byte (ESC ( B, ESC # 8 …): its final byte follows.
                m_escape.append(c);
                if (m_escape.size() > 4)
                    m_mode = Mode::Text;
            } else {
                m_mode = Mode::Text; // a two-byte sequence (ESC 7, ESC =, ESC M …): consumed
            }
            break;
        case Mode::Csi:
            if (u >= 0x40 && u <= 0x7e) {
                if (u == 'm')
                    applySgr(m_escape);
                else if (u == 'K')
                    eraseInLine(m_escape.isEmpty() ? 0 : m_escape.toInt());
                m_mode = Mode::Text;
            } else if (u >= 0x20 && u <= 0x3f) {
                m_escape.append(c);
                if (m_escape.size() > MaxEscapeLength)
                    m_mode = Mode::Text;
            } else {
                m_mode = Mode::Text; // not a CSI byte: the sequence was broken; drop it
                if (u == '\n')
                    endLine();
            }
            break;
        case Mode::Osc:
            if (u == 0x07) {
                m_mode = Mode::Text;
            } else if (u == 0x1b) {
                m_mode = Mode::OscEscape;
            } else {
                m_escape.append(c);
                if (m_escape.size() > MaxEscapeLength)
                    m_mode = Mode::Text;
            }
            break;
        case Mode::OscEscape:
            m_mode = Mode::Text; // ESC \ (ST) ends an OSC; anything else ends it too
            break;
        }
    }
}

void TerminalLineParser::materializeStyles()
{
    if (m_styles.size() != m_line.size())
        m_styles.resize(m_line.size()); // new entries are default-styled
}

void TerminalLineParser::putRun(QStringView run)
{
    const bool plain = m_style.isDefault() && m_styles.isEmpty();
    if (plain && m_column == m_line.size()) {
        // Appending unstyled text at the end: no per-character bookkeeping at all.
        const qsizetype room = m_maxLineLength - m_line.size();
        if (run.size() > room) {
            m_truncated = true;
            run = run.left(qMax<qsizetype>(0, room));
        }
        m_line.append(run);
        m_column = int(m_line.size());
        return;
    }
    if (m_column == m_line.size() && m_line.size() + run.size() <= m_maxLineLength) {
        // Styled text at the end (the colour-dense case): one bulk append for both arrays.
        materializeStyles();
        m_line.append(run);
        m_styles.insert(m_styles.size(), run.size(), m_style);
        m_column = int(m_line.size());
        return;
    }
    for (const QChar c : run)
        putChar(c);
}

void TerminalLineParser::putChar(QChar c)
{
    const bool styled = !m_style.isDefault() || !m_styles.isEmpty();
    if (styled)
        materializeStyles();
    if (m_column < m_line.size()) {
        m_line[m_column] = c;
        if (styled)
            m_styles[m_column] = m_style;
        ++m_column;
        return;
    }
    if (m_line.size() >= m_maxLineLength) {
        m_truncated = true; // the rest of this line goes only to the log file
        return;
    }
    while (m_line.size() < m_column) { // after an erase past the end: pad
        m_line.append(QLatin1Char(' '));
        if (styled)
            m_styles.append(TextStyle());
    }
    m_line.append(c);
    if (styled)
        m_styles.append(m_style);
    ++m_column;
}

void TerminalLineParser::eraseInLine(int mode)
{
    if (mode == 0) { // cursor to end
        if (m_column < m_line.size()) {
            m_line.truncate(m_column);
            if (!m_styles.isEmpty())
                m_styles.resize(m_column);
        }
    } else if (mode == 1) { // start to cursor
        for (int i = 0; i < qMin(m_column + 1, int(m_line.size())); ++i) {
            m_line[i] = QLatin1Char(' ');
            if (!m_styles.isEmpty())
                m_styles[i] = TextStyle();
        }
    } else if (mode == 2) { // whole line; the cursor stays
        m_line.fill(QLatin1Char(' '));
        m_styles.clear();
    }
}

StyledLine TerminalLineParser::currentLine() const
{
    StyledLine line;
    line.text = m_line;
    line.channel = m_channel;
    line.truncated = m_truncated;
    int start = 0;
    for (int i = 1; i <= m_styles.size(); ++i) { // empty styles: all default, no spans
        if (i == m_styles.size() || m_styles[i] != m_styles[start]) {
            if (!m_styles[start].isDefault())
                line.spans.append({start, i - start, m_styles[start]});
            start = i;
        }
    }
    return line;
}

void TerminalLineParser::endLine()
{
    StyledLine line = currentLine();
    line.timestampMs = QDateTime::currentMSecsSinceEpoch();
    m_line.clear();
    m_styles.clear();
    m_column = 0;
    m_truncated = false;
    m_sink(std::move(line));
}

void TerminalLineParser::applySgr(const QString &params)
{
    // Private-mode and other prefixed sequences ("?25", ">4;1") are not SGR.
    if (!params.isEmpty() && !params.at(0).isDigit() && params.at(0) != QLatin1Char(';')
        && params.at(0) != QLatin1Char(':'))
        return;
    QVector<int> codes;
    for (const QStringView part : QStringView(params).split(QLatin1Char(';')))
        codes.append(part.isEmpty() ? 0 : qBound(0, part.toInt(), 65535));
    if (codes.isEmpty())
        codes.append(0);

    const auto extendedColor = [&codes](int &i, TermColor *color) {
        // 38;5;n or 38;2;r;g;b (and 48;…); a truncated one is ignored.
        if (i + 2 < codes.size() && codes[i + 1] == 5) {
            *color = TermColor::indexed(qBound(0, codes[i + 2], 255));
            i += 2;
        } else if (i + 4 < codes.size() && codes[i + 1] == 2) {
            *color = TermColor::rgb(qBound(0, codes[i + 2], 255), qBound(0, codes[i + 3], 255),
                                    qBound(0, codes[i + 4], 255));
            i += 4;
        } else {
            i = int(codes.size()); // malformed: stop here
        }
    };

    for (int i = 0; i < codes.size(); ++i) {
        const int code = codes[i];
        if (code == 0) {
            m_style = TextStyle();
        } else if (code == 1) {
            m_style.flags |= TextStyle::Bold;
        } else if (code == 2) {
            m_style.flags |= TextStyle::Faint;
        } else if (code == 3) {
            m_style.flags |= TextStyle::Italic;
        } else if (code == 4) {
            m_style.flags |= TextStyle::Underline;
        } else if (code == 7) {
            m_style.flags |= TextStyle::Inverse;
        } else if (code == 22) {
            m_style.flags &= ~(TextStyle::Bold | TextStyle::Faint);
        } else if (code == 23) {
            m_style.flags &= ~TextStyle::Italic;
        } else if (code == 24) {
            m_style.flags &= ~TextStyle::Underline;
        } else if (code == 27) {
            m_style.flags &= ~TextStyle::Inverse;
        } else if (code >= 30 && code <= 37) {
            m_style.foreground = TermColor::indexed(code - 30);
        } else if (code == 38) {
            extendedColor(i, &m_style.foreground);
        } else if (code == 39) {
            m_style.foreground = TermColor();
        } else if (code >= 40 && code <= 47) {
            m_style.background = TermColor::indexed(code - 40);
        } else if (code == 48) {
            extendedColor(i, &m_style.background);
        } else if (code == 49) {
            m_style.background = TermColor();
        } else if (code >= 90 && code <= 97) {
            m_style.foreground = TermColor::indexed(code - 90 + 8);
        } else if (code >= 100 && code <= 107) {
            m_style.background = TermColor::indexed(code - 100 + 8);
        }
    }
}
