#include "editorlauncher.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

const QString EditorLauncher::SettingKey = QStringLiteral("editor/command");

namespace {

// {word}: a placeholder, known or not (an unknown one is the template's problem).
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{(\\w+)\\}"));
    return pattern;
}

} // namespace

QStringList EditorLauncher::placeholders()
{
    return {QStringLiteral("{file}"), QStringLiteral("{line}"), QStringLiteral("{column}")};
}

EditorLauncher::Command EditorLauncher::command(const QString &commandTemplate, const QString &file,
                                                int line, int column)
{
    const QString lineText = QString::number(qMax(1, line));
    const QString columnText = QString::number(qMax(1, column));
    QStringList words = QProcess::splitCommand(commandTemplate);
    // Per word, in one pass: a file named "{line}.c" stays that name.
    for (QString &word : words) {
        QString replaced;
        qsizetype last = 0;
        auto matches = placeholderPattern().globalMatch(word);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            const QString name = match.captured(1);
            const QString value = name == QLatin1String("file")     ? file
                                  : name == QLatin1String("line")   ? lineText
                                  : name == QLatin1String("column") ? columnText
                                                                    : match.captured();
            replaced += QStringView(word).mid(last, match.capturedStart() - last) + value;
            last = match.capturedEnd();
        }
        replaced += QStringView(word).mid(last);
        word = replaced;
    }
    Command result;
    if (!words.isEmpty())
        result.program = words.takeFirst();
    result.arguments = words;
    return result;
}

QString EditorLauncher::problemWith(const QString &commandTemplate)
{
    if (commandTemplate.trimmed().isEmpty())
        return QString(); // the desktop's handler
    const QStringList words = QProcess::splitCommand(commandTemplate);
    if (words.isEmpty())
        return tr("it names no program");
    if (placeholderPattern().match(words.first()).hasMatch())
        return tr("the program, \"%1\", cannot be a placeholder").arg(words.first());
    bool hasFile = false;
    for (const QString &word : words) {
        auto matches = placeholderPattern().globalMatch(word);
        while (matches.hasNext()) {
            const QString placeholder = matches.next().captured();
            if (!placeholders().contains(placeholder))
                return tr("%1 is not a placeholder (%2 are)")
                    .arg(placeholder, placeholders().join(QStringLiteral(", ")));
            hasFile = hasFile || placeholder == QLatin1String("{file}");
        }
    }
    if (!hasFile)
        return tr("it has no {file}, so the editor would not know what to open");
    return QString();
}

QString EditorLauncher::open(const QString &commandTemplate, const QString &file, int line,
                             int column)
{
    if (commandTemplate.trimmed().isEmpty()) {
        if (QDesktopServices::openUrl(QUrl::fromLocalFile(file)))
            return QString();
        return tr("No application opens %1; choose an editor command in Preferences.").arg(file);
    }
    if (const QString problem = problemWith(commandTemplate); !problem.isEmpty())
        return tr("The editor command \"%1\" cannot be used: %2. Fix it in Preferences.")
            .arg(commandTemplate, problem);
    const Command editor = command(commandTemplate, file, line, column);
    // Said before starting: startDetached's own error does not tell "not found" from others.
    const QString found = editor.program.contains(u'/')
                              ? editor.program
                              : QStandardPaths::findExecutable(editor.program);
    if (found.isEmpty())
        return tr("The editor \"%1\" was not found on the PATH; install it or change the editor "
                  "command in Preferences.")
            .arg(editor.program);
    const QFileInfo program(found);
    if (!program.exists())
        return tr("The editor \"%1\" does not exist; change the editor command in Preferences.")
            .arg(found);
    if (!program.isFile() || !program.isExecutable())
        return tr("The editor \"%1\" is not a program that can be run; change the editor command "
                  "in Preferences.")
            .arg(found);
    QProcess process;
    process.setProgram(found);
    process.setArguments(editor.arguments);
    // From the file's folder (an editor's relative paths, a project found upwards), if it is.
    if (const QString folder = QFileInfo(file).absolutePath(); QFileInfo(folder).isDir())
        process.setWorkingDirectory(folder);
    // Detached: the editor is the user's, not a run's - it stays when taskrunner quits.
    if (!process.startDetached())
        return tr("The editor \"%1\" could not be started: %2.").arg(found, process.errorString());
    return QString();
}

QString EditorLauncher::openFromSettings(const QString &file, int line, int column)
{
    const QSettings settings;
    const QVariant value = settings.value(SettingKey);
    // A hand-written template with a comma, unquoted, reads as a list: the commas were its own.
    const QString commandTemplate = value.typeId() == QMetaType::QStringList
                                        ? value.toStringList().join(QLatin1Char(','))
                                        : value.toString();
    return open(commandTemplate, file, line, column);
}

QVector<EditorLauncher::Preset> EditorLauncher::presets()
{
    return {
        {tr("The desktop's application for the file"), QString()},
        {QStringLiteral("Visual Studio Code"),
         QStringLiteral("code --goto {file}:{line}:{column}")},
        {QStringLiteral("Emacs (emacsclient)"),
         QStringLiteral("emacsclient -n +{line}:{column} {file}")},
        {QStringLiteral("gVim"), QStringLiteral("gvim +{line} {file}")},
        {QStringLiteral("Kate"), QStringLiteral("kate --line {line} --column {column} {file}")},
        {QStringLiteral("gedit"), QStringLiteral("gedit +{line}:{column} {file}")},
        {QStringLiteral("Sublime Text"), QStringLiteral("subl {file}:{line}:{column}")},
        {QStringLiteral("Qt Creator"), QStringLiteral("qtcreator -client {file}:{line}:{column}")},
    };
}
