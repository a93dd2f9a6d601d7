#include "task.h"

#include <QFileInfo>
#include <QRegularExpression>

QString Task::commandLine() const
{
    if (spec.useShell)
        return spec.shellScript;
    QStringList parts{spec.program};
    for (const QString &argument : spec.arguments) {
        const bool plain
            = !argument.isEmpty()
              && !argument.contains(QRegularExpression(QStringLiteral("[\\s'\"\\\\$`]")));
        parts.append(
            plain ? argument
                  : QLatin1Char('\'')
                        + QString(argument).replace(QLatin1String("'"), QLatin1String("'\\''"))
                        + QLatin1Char('\''));
    }
    return parts.join(QLatin1Char(' '));
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
    return problems;
}
