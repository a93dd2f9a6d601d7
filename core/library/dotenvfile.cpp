#include "dotenvfile.h"

#include "environmentname.h"

#include <QFile>
#include <QFileInfo>

namespace {

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

// The rest of a line after a closing quote may hold blanks and a comment only.
bool onlyCommentFrom(const QString &line, qsizetype from)
{
    for (qsizetype i = from; i < line.size(); ++i) {
        if (line.at(i) == QLatin1Char('#'))
            return i > from && isBlank(line.at(i - 1));
        if (!isBlank(line.at(i)))
            return false;
    }
    return true;
}

// One line's value (what follows '='); empty why when fine.
QString parseValue(const QString &text, QString *why)
{
    qsizetype i = 0;
    while (i < text.size() && isBlank(text.at(i)))
        ++i;
    if (i == text.size())
        return QString();
    const QChar quote = text.at(i);
    if (quote == QLatin1Char('\'')) {
        const qsizetype close = text.indexOf(QLatin1Char('\''), i + 1);
        if (close < 0) {
            *why = QStringLiteral("the ' is not closed on this line");
            return QString();
        }
        if (!onlyCommentFrom(text, close + 1))
            *why = QStringLiteral("text after the closing ' (quote all of the value)");
        return text.mid(i + 1, close - i - 1);
    }
    if (quote == QLatin1Char('"')) {
        QString value;
        for (qsizetype j = i + 1; j < text.size(); ++j) {
            const QChar c = text.at(j);
            if (c == QLatin1Char('"')) {
                if (!onlyCommentFrom(text, j + 1))
                    *why = QStringLiteral("text after the closing \" (quote all of the value)");
                return value;
            }
            if (c == QLatin1Char('\\') && j + 1 < text.size()) {
                const QChar e = text.at(++j);
                if (e == QLatin1Char('n'))
                    value += QLatin1Char('\n');
                else if (e == QLatin1Char('t'))
                    value += QLatin1Char('\t');
                else if (e == QLatin1Char('r'))
                    value += QLatin1Char('\r');
                else if (e == QLatin1Char('"') || e == QLatin1Char('\\') || e == QLatin1Char('$'))
                    value += e;
                else // not an escape: both characters, as written
                    value += QLatin1Char('\\') + QString(e);
                continue;
            }
            value += c;
        }
        *why = QStringLiteral("the \" is not closed on this line");
        return QString();
    }
    // Unquoted: up to a comment (a '#' after a blank), trimmed.
    qsizetype end = text.size();
    for (qsizetype j = i + 1; j < text.size(); ++j) {
        if (text.at(j) == QLatin1Char('#') && isBlank(text.at(j - 1))) {
            end = j;
            break;
        }
    }
    if (text.at(i) == QLatin1Char('#') && i > 0) // "NAME= # a comment": empty
        return QString();
    return text.mid(i, end - i).trimmed();
}

} // namespace

DotEnvFile::Result DotEnvFile::parse(const QByteArray &bytes)
{
    Result result;
    const QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        QString line = lines.at(n);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        const auto fail = [&](const QString &why) {
            result.variables.clear();
            result.errorLine = n + 1;
            result.error = QStringLiteral("%1: %2").arg(n + 1).arg(why);
            return result;
        };
        QString rest = trimmed;
        if (rest.startsWith(QLatin1String("export")) && rest.size() > 6 && isBlank(rest.at(6)))
            rest = rest.mid(7).trimmed();
        const qsizetype eq = rest.indexOf(QLatin1Char('='));
        if (eq < 0)
            return fail(QStringLiteral("no '=' in it (a line is NAME=value)"));
        const QString name = rest.left(eq).trimmed();
        if (name.isEmpty())
            return fail(QStringLiteral("no name before '='"));
        if (!isValidEnvironmentName(name))
            return fail(QStringLiteral("\"%1\" is not a valid variable name (letters, digits "
                                       "and _, not starting with a digit)")
                            .arg(name));
        QString why;
        const QString value = parseValue(rest.mid(eq + 1), &why);
        if (!why.isEmpty())
            return fail(why);
        result.variables.insert(name, value);
    }
    return result;
}

DotEnvFile::Result DotEnvFile::read(const QString &path)
{
    Result result;
    QFile file(path);
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        result.error = QStringLiteral("%1: not a regular file").arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("%1: cannot be read: %2").arg(path, file.errorString());
        return result;
    }
    if (file.size() > MaxBytes) {
        result.error = QStringLiteral("%1: %2 bytes, more than a .env file can be (%3)")
                           .arg(path)
                           .arg(file.size())
                           .arg(MaxBytes);
        return result;
    }
    result = parse(file.read(MaxBytes + 1));
    if (!result.ok())
        result.error = path + QLatin1Char(':') + result.error;
    return result;
}
