#include "utf8decoder.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

qsizetype Utf8Decoder::decode(QByteArrayView bytes, std::vector<char16_t> *out)
{
    // Every byte yields at most one UTF-16 unit (a 4-byte character yields two).
    const size_t needed = size_t(bytes.size() + m_pendingSize);
    if (out->size() < needed) // grown only: resizing down and up again would zero it each time
        out->resize(needed);
    char16_t *const begin = out->data();
    char16_t *at = begin;
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *const end = p + bytes.size();
    if (m_pendingSize > 0) {
        // Finish the split character with the first bytes of this chunk (at most 3 more).
        unsigned char joined[8];
        const int pending = m_pendingSize;
        const qsizetype taken = std::min<qsizetype>(4 - pending, bytes.size());
        std::copy(m_pending, m_pending + pending, joined);
        std::copy(p, p + taken, joined + pending);
        const unsigned char *next = decodeOne(joined, joined + pending + taken, &at);
        if (!next) { // still incomplete: this chunk was too short to finish it
            m_pendingSize = int(pending + taken);
            std::copy(joined, joined + m_pendingSize, m_pending);
            return at - begin;
        }
        m_pendingSize = 0;
        p += (next - joined) - pending;
    }
    while (p < end) {
#if defined(__SSE2__)
        if (end - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            if (_mm_movemask_epi8(v) == 0) { // 16 ASCII bytes: widen and store
                const __m128i zero = _mm_setzero_si128();
                _mm_storeu_si128(reinterpret_cast<__m128i *>(at), _mm_unpacklo_epi8(v, zero));
                _mm_storeu_si128(reinterpret_cast<__m128i *>(at + 8), _mm_unpackhi_epi8(v, zero));
                p += 16;
                at += 16;
                continue;
            }
        }
#endif
        if (*p < 0x80) {
            *at++ = *p++;
            continue;
        }
        const unsigned char *next = decodeOne(p, end, &at);
        if (!next) { // cut off by the chunk's end: keep it for the next chunk
            m_pendingSize = int(end - p);
            std::copy(p, end, m_pending);
            break;
        }
        p = next;
    }
    return at - begin;
}

qsizetype Utf8Decoder::finish(std::vector<char16_t> *out)
{
    if (m_pendingSize == 0)
        return 0;
    m_pendingSize = 0;
    out->resize(std::max<size_t>(out->size(), 1));
    (*out)[0] = u'\uFFFD';
    return 1;
}

const unsigned char *Utf8Decoder::decodeOne(const unsigned char *p, const unsigned char *end,
                                            char16_t **out)
{
    const unsigned char lead = *p;
    if (lead < 0x80) {
        *(*out)++ = lead;
        return p + 1;
    }
    int need;
    char32_t cp;
    unsigned char low = 0x80, high = 0xbf; // the valid range of the next byte
    if (lead >= 0xc2 && lead <= 0xdf) {
        need = 1;
        cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        cp = lead & 0x0f;
        low = lead == 0xe0 ? 0xa0 : 0x80;  // no overlongs
        high = lead == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        cp = lead & 0x07;
        low = lead == 0xf0 ? 0x90 : 0x80;  // no overlongs
        high = lead == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    } else {
        *(*out)++ = u'\uFFFD'; // a stray continuation byte, C0, C1 or F5..FF
        return p + 1;
    }
    const unsigned char *q = p + 1;
    for (int got = 0; got < need; ++got, ++q) {
        if (q == end)
            return nullptr; // incomplete: the rest may come in the next chunk
        if (*q < low || *q > high) {
            *(*out)++ = u'\uFFFD'; // the maximal invalid subpart [p, q) becomes one replacement
            return q;
        }
        low = 0x80;
        high = 0xbf;
        cp = (cp << 6) | (*q & 0x3f);
    }
    if (cp >= 0x10000) {
        *(*out)++ = char16_t(0xd800 + ((cp - 0x10000) >> 10));
        *(*out)++ = char16_t(0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
        *(*out)++ = char16_t(cp);
    }
    return q;
}
