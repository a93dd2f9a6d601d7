#include "shellwords.h"

#include <QList>
#include <QStringDecoder>
#include <QStringList>

namespace ShellWords {

namespace {

bool isPlain(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || QByteArrayView("_@%+=:,./-").contains(c);
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

QString ansiC(const QByteArray &argument)
{
    // Valid UTF-8 sequences stay as they are; control characters and stray bytes are escaped.
    QString out = QStringLiteral("$'");
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    qsizetype i = 0;
    while (i < argument.size()) {
        const unsigned char c = static_cast<unsigned char>(argument[i]);
        if (c >= 0x80) {
            // The longest valid UTF-8 sequence starting here, else one escaped byte.
            const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            const QByteArray sequence = argument.mid(i, length);
            if (length > 1 && sequence.size() == length && isValidUtf8(sequence)) {
                out += decoder.decode(sequence);
                i += length;
                continue;
            }
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        } else if (c == '\n') {
            out += QStringLiteral("\\n");
        } else if (c == '\t') {
            out += QStringLiteral("\\t");
        } else if (c == '\\' || c == '\'') {
            out += QLatin1Char('\\') + QLatin1Char(char(c));
        } else if (c < 0x20 || c == 0x7F) {
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        } else {
            out += QLatin1Char(char(c));
        }
        ++i;
    }
    return out + QLatin1Char('\'');
}

} // namespace

QString quote(const QByteArray &argument)
{
    if (argument.isEmpty())
        return QStringLiteral("''");
    bool plain = true;
    bool control = false;
    for (const char c : argument) {
        plain = plain && isPlain(c);
        const unsigned char u = static_cast<unsigned char>(c);
        control = control || u < 0x20 || u == 0x7F;
    }
    if (plain)
        return QString::fromLatin1(argument);
    if (control || !isValidUtf8(argument))
        return ansiC(argument);
    QString text = QString::fromUtf8(argument);
    text.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

QString fromCommandLine(const QByteArray &nulSeparated)
{
    QByteArray arguments = nulSeparated;
    if (arguments.endsWith('\0'))
        arguments.chop(1);
    if (arguments.isEmpty())
        return QString();
    QStringList words;
    for (const QByteArray &argument : arguments.split('\0'))
        words.append(quote(argument));
    return words.join(QLatin1Char(' '));
}

} // namespace ShellWords
