#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

class QSettings;

// Opens a file at a line in the user's editor, as the setting editor/command says: a command
// template such as "code --goto {file}:{line}:{column}" or "emacsclient -n +{line}:{column}
// {file}". The template is split into words first (QProcess::splitCommand: quotes group, no
// shell), then the placeholders are replaced in each word - so a path with spaces, quotes or
// "$(x)" is one argument, as it is, and nothing is interpreted by a shell. The editor starts
// detached (it outlives taskrunner). An empty template is the desktop's handler for the file.
class EditorLauncher
{
    Q_DECLARE_TR_FUNCTIONS(EditorLauncher)
public:
    static const QString SettingKey; // "editor/command"

    struct Command
    {
        QString program;
        QStringList arguments;
    };
    // The program and arguments for file at line and column (0: none given, and {column} is
    // 1). An empty program when the template has none (empty, or only spaces).
    static Command command(const QString &commandTemplate, const QString &file, int line,
                           int column);

    // Empty when the template can be used (an empty one too: the desktop's handler), else a
    // sentence without the field's name: an unknown placeholder, or no {file}.
    static QString problemWith(const QString &commandTemplate);

    // Opens file at line and column with the template; empty on success, else a sentence
    // saying what failed and what to do (a program not found or not runnable, a template
    // that is wrong, no application for the file).
    static QString open(const QString &commandTemplate, const QString &file, int line, int column);
    // The same with the template of the settings.
    static QString openFromSettings(const QString &file, int line, int column);

    // Templates for common editors, for Preferences: a name and its template.
    struct Preset
    {
        QString name;
        QString commandTemplate;
    };
    static QVector<Preset> presets();
    static QStringList placeholders(); // "{file}", "{line}", "{column}"
};
