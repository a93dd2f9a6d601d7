#include "terminallineparser.h"

#include <QDateTime>

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

bool isSpecial(char16_t c)
{
    return c < 0x20 || c == 0x7f;
}

// The first control character (below U+0020, or DEL) in [p, end), or end.
const char16_t *findSpecial(const char16_t *p, const char16_t *end)
{
#if defined(__SSE2__)
    // Eight characters at a time: 0x20 - c saturates to 0 exactly when c >= 0x20.
    const __m128i space = _mm_set1_epi16(0x20);
    const __m128i del = _mm_set1_epi16(0x7f);
    const __m128i zero = _mm_setzero_si128();
    for (; end - p >= 8; p += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int printable = _mm_movemask_epi8(_mm_cmpeq_epi16(_mm_subs_epu16(space, v), zero));
        const int isDel = _mm_movemask_epi8(_mm_cmpeq_epi16(v, del));
        const int mask = (~printable & 0xffff) | isDel;
        if (mask != 0)
            return p + (__builtin_ctz(unsigned(mask)) >> 1);
    }
#endif
    for (; p < end; ++p) {
        if (isSpecial(*p))
            return p;
    }
    return end;
}

} // namespace

TerminalLineParser::TerminalLineParser(OutputChannel channel, LineSink sink)
    : m_channel(channel)
    , m_sink(std::move(sink))
{}

void TerminalLineParser::feed(const QByteArray &bytes, qint64 timeMs)
{
    // Escape sequences are ASCII, so decoding first is safe; the decoder keeps a UTF-8
    // character split across chunks until its rest arrives.
    // One clock read per chunk, not per line; a replayed log brings its own times.
    m_now = timeMs >= 0 ? timeMs : QDateTime::currentMSecsSinceEpoch();
    const qsizetype size = m_decoder.decode(bytes, &m_decoded);
    feedText(m_decoded.data(), size);
}

void TerminalLineParser::finish()
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    const qsizetype size = m_decoder.finish(&m_decoded); // an incomplete character: U+FFFD
    feedText(m_decoded.data(), size);
    if (!m_line.empty() || m_truncated)
        endLine();
    m_mode = Mode::Text;
    resetSequence();
    m_linkUrl.clear();
}

void TerminalLineParser::resetSequence()
{
    m_sequenceLength = 0;
    m_paramCount = 0;
    m_params[0] = 0;
    m_sequenceIsPrivate = false;
}

void TerminalLineParser::feedText(const char16_t *data, qsizetype size)
{
    const char16_t *p = data;
    const char16_t *const end = data + size;
    while (p < end) {
        if (m_mode != Mode::Text) {
            p += feedEscape(*p);
            continue;
        }
        const char16_t *special = findSpecial(p, end);
        if (special > p) {
            if (m_line.empty() && !m_truncated && m_style.isDefault() && m_linkUrl.isEmpty()
                && special < end && *special == u'\n') {
                // The common case: a whole plain line in this chunk goes to the sink as it is.
                const qsizetype length = std::min<qsizetype>(special - p, m_maxLineLength);
                m_sink(StyledLineRef{QStringView(p, length), SpanList(), nullptr, m_channel,
                                     length < special - p, m_now});
                p = special + 1;
                continue;
            }
            putRun(p, special - p);
            p = special;
            if (p == end)
                break;
        }
        const char16_t c = *p++;
        switch (c) {
        case u'\x1b':
            resetSequence();
            if (const char16_t *after = parseWholeCsi(p, end)) {
                p = after; // the common case: the whole sequence is in this chunk
                break;
            }
            m_mode = Mode::Escape; // split across chunks, or not CSI: byte by byte
            break;
        case u'\n':
            endLine();
            break;
        case u'\r':
            m_column = 0;
            break;
        case u'\b':
            if (m_column > 0)
                --m_column;
            break;
        case u'\t': {
            const char16_t tab = c; // kept: expanded when painted
            putRun(&tab, 1);
            break;
        }
        default: {
            const char16_t picture = c == 0x7f ? char16_t(0x2421) : char16_t(0x2400 + c); // ␀ …
            putRun(&picture, 1);
            break;
        }
        }
    }
}

const char16_t *TerminalLineParser::parseWholeCsi(const char16_t *p, const char16_t *end)
{
    // p is just past ESC. Only a plain CSI (digits, ';' and ':', then a final byte) that ends
    // within this chunk is taken here; everything else goes through the state machine.
    if (p == end || *p != u'[')
        return nullptr;
    const char16_t *q = p + 1;
    const char16_t *const limit = std::min(end, q + MaxEscapeLength);
    for (; q < limit; ++q) {
        const char16_t c = *q;
        if (takeParameterByte(c))
            continue;
        if (c >= 0x40 && c <= 0x7e) {
            endCsi(c);
            return q + 1;
        }
        break;
    }
    resetSequence(); // not taken: the state machine starts over from '['
    return nullptr;
}

bool TerminalLineParser::takeParameterByte(char16_t c)
{
    if (c >= u'0' && c <= u'9') {
        if (m_paramCount == 0)
            m_paramCount = 1;
        if (m_paramCount <= MaxParameters) {
            int &value = m_params[m_paramCount - 1];
            value = std::min(value * 10 + int(c - u'0'), 65535);
        }
        return true;
    }
    if (c == u';' || c == u':') {
        if (m_paramCount == 0)
            m_paramCount = 1; // ";5m" has an empty first parameter
        if (++m_paramCount <= MaxParameters)
            m_params[m_paramCount - 1] = 0;
        return true;
    }
    return false;
}

void TerminalLineParser::endCsi(char16_t final)
{
    if (m_sequenceIsPrivate)
        return;
    // Without parameters m_params[0] is still the 0 resetSequence() left: the default.
    if (final == u'm')
        applySgr();
    else if (final == u'K')
        eraseInLine(m_params[0]);
}

qsizetype TerminalLineParser::feedEscape(char16_t c)
{
    switch (m_mode) {
    case Mode::Text:
        break;
    case Mode::Escape:
        if (c == u'[') {
            m_mode = Mode::Csi;
        } else if (c == u']') {
            m_mode = Mode::Osc;
            m_oscPayload.clear();
        } else if (c >= 0x20 && c <= 0x2f) {
            // An intermediate byte (ESC ( B, ESC # 8 …): its final byte follows.
            if (++m_sequenceLength > 4)
                m_mode = Mode::Text;
        } else if (isSpecial(c)) {
            m_mode = Mode::Text; // broken off by a control character: let text mode have it
            return 0;
        } else {
            m_mode = Mode::Text; // a two-byte sequence (ESC 7, ESC =, ESC M …): consumed
        }
        return 1;
    case Mode::Csi:
        if (takeParameterByte(c)) {
            // a digit or a separator: taken
        } else if (c >= 0x20 && c <= 0x3f) {
            m_sequenceIsPrivate = true; // '?', '>', '<', '=' or an intermediate byte
        } else if (c >= 0x40 && c <= 0x7e) {
            endCsi(c);
            m_mode = Mode::Text;
            return 1;
        } else {
            m_mode = Mode::Text; // not a CSI byte: the sequence was broken; drop it
            return isSpecial(c) ? 0 : 1;
        }
        if (++m_sequenceLength > MaxEscapeLength)
            m_mode = Mode::Text;
        return 1;
    case Mode::Osc:
        if (c == 0x07) {
            m_mode = Mode::Text;
            endOsc();
        } else if (c == 0x1b) {
            m_mode = Mode::OscEscape;
            endOsc();
        } else if (++m_sequenceLength > MaxEscapeLength) {
            m_mode = Mode::Text; // garbage, not a sequence: dropped, link state untouched
        } else {
            m_oscPayload.push_back(c);
        }
        return 1;
    case Mode::OscEscape:
        m_mode = Mode::Text; // ESC \ (ST) ends an OSC; anything else ends it too
        return 1;
    }
    return 0;
}

void TerminalLineParser::endOsc()
{
    // OSC 8 ; params ; URL - an empty URL ends the link.
    if (m_oscPayload.size() < 2 || m_oscPayload[0] != u'8' || m_oscPayload[1] != u';')
        return;
    const size_t urlStart = m_oscPayload.find(u';', 2);
    if (urlStart == std::u16string::npos)
        return;
    m_linkUrl = QString::fromStdU16String(m_oscPayload.substr(urlStart + 1));
}

void TerminalLineParser::addSpan(int start, int length)
{
    if (!m_spans.empty() && m_spans.back().start + m_spans.back().length == start
        && m_spans.back().style == m_style)
        m_spans.back().length += length;
    else
        m_spans.push_back({start, length, m_style});
}

void TerminalLineParser::addLink(int start, int length)
{
    if (!m_links.isEmpty() && m_links.last().start + m_links.last().length == start
        && m_links.last().url == m_linkUrl)
        m_links.last().length += length;
    else
        m_links.append({start, length, m_linkUrl});
}

void TerminalLineParser::enterCellMode()
{
    if (m_cellMode)
        return;
    m_cells.assign(m_line.size(), TextStyle());
    for (const StyleSpan &span : m_spans)
        std::fill_n(m_cells.begin() + span.start, span.length, span.style);
    m_spans.clear();
    m_cellMode = true;
}

void TerminalLineParser::putRun(const char16_t *run, qsizetype length)
{
    if (m_column > qsizetype(m_line.size())) { // defensive: pad up to the cursor
        const size_t pad = size_t(m_column) - m_line.size();
        m_line.append(pad, u' ');
        if (m_cellMode)
            m_cells.resize(m_line.size());
    }
    if (m_column < qsizetype(m_line.size())) {
        // Overwriting (after \r or \b): replace what is under the cursor, then append the rest.
        if (!m_style.isDefault() || !m_spans.empty())
            enterCellMode();
        const qsizetype over = std::min<qsizetype>(length, qsizetype(m_line.size()) - m_column);
        std::copy(run, run + over, m_line.begin() + m_column);
        if (m_cellMode)
            std::fill_n(m_cells.begin() + m_column, over, m_style);
        m_column += int(over);
        run += over;
        length -= over;
        if (length == 0)
            return;
    }
    // Appending at the end (the common case: text, and a span only for styled text).
    const qsizetype room = m_maxLineLength - qsizetype(m_line.size());
    if (length > room) {
        m_truncated = true; // the rest of this line goes only to the log file
        length = std::max<qsizetype>(0, room);
        if (length == 0)
            return;
    }
    const int start = int(m_line.size());
    m_line.append(run, size_t(length));
    if (!m_linkUrl.isEmpty())
        addLink(start, int(length));
    if (m_cellMode)
        m_cells.insert(m_cells.end(), size_t(length), m_style);
    else if (!m_style.isDefault())
        addSpan(start, int(length));
    m_column = int(m_line.size());
}

void TerminalLineParser::eraseInLine(int mode)
{
    const int size = int(m_line.size());
    if (mode == 0) { // cursor to end
        if (m_column < size) {
            m_line.resize(size_t(m_column));
            while (!m_links.isEmpty() && m_links.last().start >= m_column)
                m_links.removeLast();
            if (!m_links.isEmpty())
                m_links.last().length
                    = std::min(m_links.last().length, m_column - m_links.last().start);
            if (m_cellMode) {
                m_cells.resize(size_t(m_column));
            } else {
                while (!m_spans.empty() && m_spans.back().start >= m_column)
                    m_spans.pop_back();
                if (!m_spans.empty())
                    m_spans.back().length
                        = std::min(m_spans.back().length, m_column - m_spans.back().start);
            }
        }
    } else if (mode == 1) { // start to cursor
        const int upTo = std::min(m_column + 1, size);
        if (!m_spans.empty())
            enterCellMode();
        std::fill_n(m_line.begin(), upTo, u' ');
        if (m_cellMode)
            std::fill_n(m_cells.begin(), upTo, TextStyle());
    } else if (mode == 2) { // whole line; the cursor stays
        std::fill(m_line.begin(), m_line.end(), u' ');
        m_spans.clear();
        if (m_cellMode)
            std::fill(m_cells.begin(), m_cells.end(), TextStyle());
    }
}

StyledLineRef TerminalLineParser::currentLineRef() const
{
    // Spans are kept as such while text is only appended; after a rewrite of a styled line
    // they are built again from the per-character cells.
    if (m_cellMode) {
        m_builtSpans.clear();
        const int size = int(m_cells.size());
        int start = 0;
        for (int i = 1; i <= size; ++i) {
            if (i == size || m_cells[size_t(i)] != m_cells[size_t(start)]) {
                if (!m_cells[size_t(start)].isDefault())
                    m_builtSpans.push_back({start, i - start, m_cells[size_t(start)]});
                start = i;
            }
        }
    }
    const std::vector<StyleSpan> &spans = m_cellMode ? m_builtSpans : m_spans;
    return StyledLineRef{QStringView(m_line.data(), qsizetype(m_line.size())),
                         SpanList{spans.data(), int(spans.size())},
                         m_links.isEmpty() ? nullptr : &m_links,
                         m_channel,
                         m_truncated,
                         0};
}

void TerminalLineParser::endLine()
{
    StyledLineRef line = currentLineRef();
    line.timestampMs = m_now;
    m_sink(line);
    m_line.clear(); // keeps its capacity for the next line
    m_spans.clear();
    m_cells.clear();
    m_links.clear();
    m_cellMode = false;
    m_column = 0;
    m_truncated = false;
}

void TerminalLineParser::applySgr()
{
    const int count = std::min(std::max(m_paramCount, 1), int(MaxParameters));
    const int *codes = m_params;

    const auto extendedColor = [codes, count](int &i, TermColor *color) {
        // 38;5;n or 38;2;r;g;b (and 48;…); a truncated one is ignored.
        if (i + 2 < count && codes[i + 1] == 5) {
            *color = TermColor::indexed(std::min(codes[i + 2], 255));
            i += 2;
        } else if (i + 4 < count && codes[i + 1] == 2) {
            *color = TermColor::rgb(std::min(codes[i + 2], 255), std::min(codes[i + 3], 255),
                                    std::min(codes[i + 4], 255));
            i += 4;
        } else {
            i = count; // malformed: stop here
        }
    };

    for (int i = 0; i < count; ++i) {
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
