// libFuzzer target for the terminal line parser: any bytes, cut into chunks anywhere, must
// neither crash nor hang, and every line it produces must be well-formed. The UTF-8 decoder is
// checked against Qt's: valid input must decode to exactly what QString::fromUtf8 gives, and
// any input to no more units than bytes.
//   CXX=clang++ cmake -B build-fuzz -DTASKRUNNER_FUZZ=ON && cmake --build build-fuzz \
//     --target fuzz_terminallineparser && build-fuzz/tests/fuzz/fuzz_terminallineparser

#include "terminallineparser.h"
#include "utf8decoder.h"

#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first two bytes choose the chunk size and a small line cap, so that chunk
    // boundaries and truncation land everywhere.
    const size_t chunk = 1 + data[0] % 64;
    const int maxLine = 1 + data[1] * 4;
    data += 2;
    size -= 2;

    size_t lines = 0;
    TerminalLineParser parser(OutputChannel::Stdout, [&lines, maxLine](const StyledLineRef &line) {
        ++lines;
        if (line.text.size() > maxLine || line.text.contains(u'\n'))
            std::abort();
        for (const StyleSpan &span : line.spans) {
            if (span.start < 0 || span.length <= 0 || span.start + span.length > line.text.size())
                std::abort();
        }
        if (line.links) {
            for (const LinkSpan &link : *line.links) {
                if (link.start < 0 || link.length <= 0
                    || link.start + link.length > line.text.size() || link.url.isEmpty())
                    std::abort();
            }
        }
    });
    parser.setMaxLineLength(maxLine);
    for (size_t at = 0; at < size; at += chunk)
        parser.feed(QByteArray(reinterpret_cast<const char *>(data + at),
                               qsizetype(std::min(chunk, size - at))));
    const StyledLine partial = parser.currentLine();
    if (partial.text.size() > maxLine)
        std::abort();
    parser.finish();

    Utf8Decoder decoder;
    std::vector<char16_t> buffer;
    std::u16string decoded;
    for (size_t at = 0; at < size; at += chunk) {
        const qsizetype n = decoder.decode(
            QByteArrayView(data + at, qsizetype(std::min(chunk, size - at))), &buffer);
        decoded.append(buffer.data(), size_t(n));
    }
    const qsizetype n = decoder.finish(&buffer);
    decoded.append(buffer.data(), size_t(n));
    if (decoded.size() > size)
        std::abort();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString reference = QString::fromUtf8(bytes);
    if (reference.toUtf8() == bytes
        && QStringView(decoded.data(), qsizetype(decoded.size())) != reference)
        std::abort();
    return 0;
}
