#include "task.h"

#include <QUuid>

#include <QFileInfo>
#include <QRegularExpression>

#include <utility>

QString joinShellWords(const QStringList &words)
{
    static const QRegularExpression special(QStringLiteral("[\\s'\"\\\\$`]"));
    QStringList quoted;
    quoted.reserve(words.size());
    for (const QString &word : words) {
        if (!word.isEmpty() && !word.contains(special))
            quoted.append(word);
        else
            quoted.append(QLatin1Char('\'')
                          + QString(word).replace(QLatin1String("'"), QLatin1String("'\\''"))
                          + QLatin1Char('\''));
    }
    return quoted.join(QLatin1Char(' '));
}

std::optional<QStringList> splitShellWords(const QString &text, QString *why)
{
    QStringList words;
    QString word;
    bool inWord = false; // a word has begun (also by '' or "", which make an empty word)
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n')) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
            continue;
        }
        if (c == QLatin1Char('\\')) {
            if (++i >= n) {
                if (why)
                    *why = QStringLiteral("a backslash at the end escapes nothing");
                return std::nullopt;
            }
            if (text.at(i) != QLatin1Char('\n')) { // backslash-newline joins lines
                word += text.at(i);
                inWord = true;
            }
            continue;
        }
        if (c == QLatin1Char('\'')) {
            const qsizetype close = text.indexOf(QLatin1Char('\''), i + 1);
            if (close < 0) {
                if (why)
                    *why = QStringLiteral("a ' is not closed");
                return std::nullopt;
            }
            word += QStringView(text).mid(i + 1, close - i - 1);
            inWord = true;
            i = close;
            continue;
        }
        if (c == QLatin1Char('"')) {
            inWord = true;
            for (++i;; ++i) {
                if (i >= n) {
                    if (why)
                        *why = QStringLiteral("a \" is not closed");
                    return std::nullopt;
                }
                const QChar d = text.at(i);
                if (d == QLatin1Char('"'))
                    break;
                if (d == QLatin1Char('\\') && i + 1 < n) {
                    const QChar e = text.at(i + 1);
                    if (e == QLatin1Char('$') || e == QLatin1Char('`') || e == QLatin1Char('"')
                        || e == QLatin1Char('\\') || e == QLatin1Char('\n')) {
                        ++i;
                        if (e != QLatin1Char('\n'))
                            word += e;
                        continue;
                    }
                }
                word += d;
            }
            continue;
        }
        word += c;
        inWord = true;
    }
    if (inWord)
        words.append(word);
    return words;
}

QString Task::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString Task::commandLine() const
{
    if (spec.useShell)
        return spec.shellScript;
    if (spec.arguments.isEmpty())
        return spec.program;
    return spec.program + QLatin1Char(' ') + joinShellWords(spec.arguments);
}

QStringList validateTask(const Task &task, const QStringList &otherNames)
{
    QStringList problems;
    const QString name = task.name.trimmed();
    if (name.isEmpty())
        problems.append(QStringLiteral("The task needs a name."));
    else if (otherNames.contains(name))
        problems.append(QStringLiteral("A task named \"%1\" exists already.").arg(name));

    if (task.spec.useShell && task.spec.shellScript.trimmed().isEmpty())
        problems.append(QStringLiteral("The script is empty."));
    if (!task.spec.useShell && task.spec.program.trimmed().isEmpty())
        problems.append(QStringLiteral("The program is empty."));

    const QString cwd = task.spec.workingDirectory;
    if (!cwd.isEmpty()) {
        const QFileInfo dir(cwd);
        if (!dir.exists())
            problems.append(QStringLiteral("The working directory %1 does not exist.").arg(cwd));
        else if (!dir.isDir())
            problems.append(
                QStringLiteral("The working directory %1 is not a directory.").arg(cwd));
    }
    for (auto it = task.spec.environment.cbegin(); it != task.spec.environment.cend(); ++it) {
        if (!isValidEnvironmentName(it.key()))
            problems.append(
                QStringLiteral("\"%1\" is not a valid variable name (letters, digits and _, not "
                               "starting with a digit).")
                    .arg(it.key()));
    }
    problems += task.restart.problems(); // the editor's section names bad text before this
    return problems;
}
