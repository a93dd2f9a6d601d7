#include "safefilename.h"

QString safeFileName(const QString &text, const QString &extension, const QString &fallback)
{
    static const QString forbidden = QStringLiteral("/\\:*?\"<>|");
    QString name;
    name.reserve(text.size());
    for (const QChar c : text)
        name += (c.unicode() < 0x20 || c.unicode() == 0x7f || forbidden.contains(c))
                    ? QLatin1Char('_')
                    : c;
    name = name.simplified();
    // Leading dots would hide the file ("..": the folder above); trailing dots and blanks are
    // dropped by some file systems.
    while (name.startsWith(QLatin1Char('.')) || name.startsWith(QLatin1Char(' ')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char(' ')))
        name.chop(1);
    if (name.isEmpty())
        name = fallback;
    const qsizetype room = 255 - extension.toUtf8().size();
    while (name.toUtf8().size() > room)
        name.chop(1);
    if (name.size() > 0 && name.back().isHighSurrogate())
        name.chop(1); // never half a character
    return name + extension;
}
