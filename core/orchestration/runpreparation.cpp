#include "runpreparation.h"

#include "dotenvfile.h"
#include "placeholders.h"

#include <QDir>
#include <QFileInfo>

std::optional<QMap<QString, QString>>
RunPreparation::resolveInputs(const Task &task, const QMap<QString, QString> &values,
                              QString *refusal, QString *missing)
{
    const TaskInputs &declared = task.inputs;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!declared.find(it.key())) {
            *refusal
                = declared.inputs.isEmpty()
                      ? QStringLiteral("The task \"%1\" has no parameters, so none named "
                                       "\"%2\".")
                            .arg(task.name, it.key())
                      : QStringLiteral("The task \"%1\" has no parameter \"%2\" (it has: "
                                       "%3).")
                            .arg(task.name, it.key(), declared.names().join(QLatin1String(", ")));
            return std::nullopt;
        }
    }
    QMap<QString, QString> resolved;
    for (const TaskInput &input : declared.inputs) {
        const auto given = values.constFind(input.name);
        const std::optional<QString> value
            = given != values.cend() ? std::optional<QString>(*given) : input.defaultValue;
        if (!value) {
            *refusal = QStringLiteral("Parameter '%1' has no value.").arg(input.name);
            if (missing)
                *missing = input.name;
            return std::nullopt;
        }
        if (!input.choices.isEmpty() && !input.choices.contains(*value)) {
            *refusal = QStringLiteral("Parameter '%1' is \"%2\", not one of: %3.")
                           .arg(input.name, *value, input.choices.join(QLatin1String(", ")));
            return std::nullopt;
        }
        resolved.insert(input.name, *value);
    }
    return resolved;
}

RunPreparation::Result RunPreparation::prepare(const Task &task,
                                               const QMap<QString, QString> &values)
{
    return prepare(task, values, Context());
}

RunPreparation::Result RunPreparation::prepare(const Task &task,
                                               const QMap<QString, QString> &values,
                                               const Context &context)
{
    Result result;
    const auto refuse = [&result](const QString &why) {
        result.refusal = why;
        return result;
    };
    const std::optional<QMap<QString, QString>> inputs
        = resolveInputs(task, values, &result.refusal, &result.missingInput);
    if (!inputs)
        return result;

    const QString home = context.home.isEmpty() ? QDir::homePath() : context.home;
    const QString ownDirectory
        = context.ownDirectory.isEmpty() ? QDir::currentPath() : context.ownDirectory;
    QString taskDir; // known once the working directory is
    const auto lookup = [&](const Placeholder &placeholder) -> std::optional<QString> {
        switch (placeholder.kind) {
        case Placeholder::Kind::Input:
            return inputs->contains(placeholder.name)
                       ? std::optional<QString>(inputs->value(placeholder.name))
                       : std::nullopt;
        case Placeholder::Kind::Environment:
            if (context.environment)
                return context.environment(placeholder.name);
            if (qEnvironmentVariableIsSet(qPrintable(placeholder.name)))
                return qEnvironmentVariable(qPrintable(placeholder.name));
            return std::nullopt;
        case Placeholder::Kind::BuiltIn:
            break;
        }
        const QString &name = placeholder.name;
        if (name == QLatin1String("taskDir"))
            return taskDir.isEmpty() ? std::nullopt : std::optional<QString>(taskDir);
        if (name == QLatin1String("home"))
            return home;
        if (name == QLatin1String("date"))
            return context.now.toString(QStringLiteral("yyyy-MM-dd"));
        if (name == QLatin1String("time"))
            return context.now.toString(QStringLiteral("HH:mm:ss"));
        if (name == QLatin1String("datetime"))
            return context.now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
        return std::nullopt;
    };
    // "the working directory: ${input:x} has no value"
    QString why;
    const auto expand = [&](const QString &text, const QString &field) -> std::optional<QString> {
        std::optional<QString> expanded = Placeholders::expand(text, lookup, &why);
        if (!expanded) {
            why = QStringLiteral("%1: %2.").arg(field, why);
            if (why.contains(QLatin1String("${env:")))
                why += QStringLiteral(" (the variable is not set in taskrunner's environment)");
        }
        return expanded;
    };

    TaskSpec spec = task.spec;
    const std::optional<QString> directory
        = expand(spec.workingDirectory, QStringLiteral("The working directory"));
    if (!directory)
        return refuse(why);
    spec.workingDirectory = *directory;
    taskDir = QDir::cleanPath(QDir(ownDirectory).absoluteFilePath(spec.workingDirectory));

    const auto expandInPlace = [&](QString *text, const QString &field) {
        const std::optional<QString> expanded = expand(*text, field);
        if (expanded)
            *text = *expanded;
        return expanded.has_value();
    };
    if (spec.useShell) {
        if (!expandInPlace(&spec.shellScript, QStringLiteral("The script")))
            return refuse(why);
    } else {
        if (!expandInPlace(&spec.program, QStringLiteral("The program")))
            return refuse(why);
        for (QString &argument : spec.arguments) {
            if (!expandInPlace(&argument, QStringLiteral("The arguments")))
                return refuse(why);
        }
    }
    for (auto it = spec.environment.begin(); it != spec.environment.end(); ++it) {
        if (!expandInPlace(&it.value(), QStringLiteral("The variable %1").arg(it.key())))
            return refuse(why);
    }
    QString envFile = task.inputs.envFile;
    if (!expandInPlace(&envFile, QStringLiteral("The .env file")))
        return refuse(why);
    if (!envFile.isEmpty()) {
        const QString path = QDir(taskDir).absoluteFilePath(envFile);
        const DotEnvFile::Result dotenv = DotEnvFile::read(path);
        if (!dotenv.ok())
            return refuse(QStringLiteral("The .env file %1.").arg(dotenv.error));
        QMap<QString, QString> environment = dotenv.variables; // under the task's own
        for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
            environment.insert(it.key(), it.value());
        spec.environment = environment;
    }
    result.spec = spec;
    return result;
}
