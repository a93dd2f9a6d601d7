#pragma once

#include <QByteArrayView>

#include <vector>

// UTF-8 to UTF-16, chunk by chunk, for output that may be anything: valid text comes out as
// itself, each maximal invalid subsequence as one U+FFFD (the Unicode-recommended practice), and
// a character split across chunks is completed by the next chunk. ASCII goes 16 bytes at a time.
// Ours rather than QStringDecoder because that one takes a slow path per invalid byte, which
// made random binary output ten times slower than text.
class Utf8Decoder
{
public:
    // Decodes into out (resized to fit); returns the number of UTF-16 units written.
    qsizetype decode(QByteArrayView bytes, std::vector<char16_t> *out);
    // The stream ended: an incomplete character left over becomes U+FFFD (0 or 1 unit).
    qsizetype finish(std::vector<char16_t> *out);

private:
    // One character from p, written at *out (advanced); returns where the next one starts, or
    // nullptr when [p, end) ends before the character does.
    static const unsigned char *decodeOne(const unsigned char *p, const unsigned char *end,
                                          char16_t **out);

    unsigned char m_pending[4] = {};
    int m_pendingSize = 0;
};
