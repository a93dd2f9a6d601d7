#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

// A .env file (dotenv syntax) read into variables:
//   # a comment, and blank lines
//   NAME=value            unquoted: trimmed; " #" (a '#' after a blank) starts a comment
//   export NAME=value     the shell's "export " is allowed and ignored
//   NAME='it is $literal' single quotes: exactly what is between them
//   NAME="a\nb \"q\" \\"  double quotes: \n \t \r \" \\ and \$ are escapes
//   NAME=                 empty
// A quoted value is on one line, with nothing but a comment after it. Nothing is expanded:
// "$HOME" and "${home}" stay as written. A name given twice: the last one counts.
namespace DotEnvFile {
struct Result
{
    QMap<QString, QString> variables;
    int errorLine = 0; // 1-based line of the first problem, 0 when none (or not readable)
    QString error;     // "3: no '=' in it (NAME=value)", or why the file could not be read
    bool ok() const { return error.isEmpty(); }
};

// Parses the text of a .env file; error: "LINE: why".
Result parse(const QByteArray &text);
// Reads and parses the file; error: "PATH:LINE: why", or "PATH: why" when it cannot be read.
Result read(const QString &path);
// Bigger files are refused, not read into memory.
constexpr qint64 MaxBytes = 1024 * 1024;
} // namespace DotEnvFile
