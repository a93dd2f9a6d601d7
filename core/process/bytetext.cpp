#include "bytetext.h"

namespace ByteText {

namespace {

constexpr char16_t EscapeBase = 0xDC00; // + the byte (0x80..0xFF): U+DC80..U+DCFF

// Length of the valid UTF-8 sequence at p (1..4), or 0 when the byte there starts none
// (Unicode's table 3-7: no overlongs, no surrogates, nothing beyond U+10FFFF).
int validSequenceLength(const unsigned char *p, qsizetype left)
{
    const unsigned char b = p[0];
    if (b < 0x80)
        return 1;
    auto continuation = [&](qsizetype i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < left && p[i] >= lo && p[i] <= hi;
    };
    if (b >= 0xC2 && b <= 0xDF)
        return continuation(1) ? 2 : 0;
    if (b == 0xE0)
        return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
        return continuation(1) && continuation(2) ? 3 : 0;
    if (b == 0xED) // U+D800..U+DFFF are not characters
        return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
    if (b == 0xF0)
        return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
    if (b >= 0xF1 && b <= 0xF3)
        return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
    if (b == 0xF4)
        return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
    return 0;
}

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

} // namespace

QString decode(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype size = bytes.size();
    QString text;
    text.reserve(size);
    qsizetype i = 0;
    while (i < size) {
        const int length = validSequenceLength(p + i, size - i);
        if (length == 0) {
            text.append(QChar(char16_t(EscapeBase + p[i])));
            ++i;
            continue;
        }
        // Valid: let Qt decode the run of valid sequences in one go.
        qsizetype end = i + length;
        while (end < size) {
            const int next = validSequenceLength(p + end, size - end);
            if (next == 0)
                break;
            end += next;
        }
        text.append(QString::fromUtf8(bytes.data() + i, end - i));
        i = end;
    }
    return text;
}

QByteArray encode(QStringView text)
{
    QByteArray out;
    out.reserve(text.size());
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t u = text[i].unicode();
        if (u >= EscapeBase + 0x80 && u <= EscapeBase + 0xFF) {
            out.append(char(u - EscapeBase)); // an escaped byte
        } else if (QChar::isHighSurrogate(u) && i + 1 < size
                   && QChar::isLowSurrogate(text[i + 1].unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(u, text[i + 1].unicode()));
            ++i;
        } else if (QChar::isSurrogate(u)) {
            appendUtf8(out, 0xFFFD); // a lone surrogate no decode() made: not encodable
        } else {
            appendUtf8(out, u);
        }
    }
    return out;
}

QString displayable(QByteArrayView bytes)
{
    const QString text = decode(bytes);
    QString shown;
    shown.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= EscapeBase + 0x80 && u <= EscapeBase + 0xFF)
            shown += QStringLiteral("\\x%1").arg(unsigned(u - EscapeBase), 2, 16, QLatin1Char('0'));
        else
            shown += c;
    }
    return shown;
}

} // namespace ByteText
