#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

// Arguments, environment values and paths are bytes on Linux, not text: `caf\xe9.sh` is a valid
// file name in any locale. Qt's own conversions (QFile::decodeName, fromLocal8Bit) turn such a
// byte into U+FFFD and lose it. This codec keeps every byte sequence through a QString and back,
// the way Python's "surrogateescape" does: valid UTF-8 decodes as usual, and each byte of an
// invalid sequence becomes the lone surrogate U+DC80 + (byte - 0x80), which valid UTF-8 can never
// produce, so encode(decode(b)) == b for every b. Text typed by a user is valid Unicode and
// encodes to plain UTF-8.
namespace ByteText {

QString decode(QByteArrayView bytes);
QByteArray encode(QStringView text);
// For messages: valid UTF-8 as it is, each invalid byte as \xNN (as `ls -b` shows a name).
QString displayable(QByteArrayView bytes);

} // namespace ByteText
