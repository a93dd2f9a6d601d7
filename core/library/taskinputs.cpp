#include "taskinputs.h"

#include "jsonwords.h"

#include "placeholders.h"
#include "task.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

const TaskInput *TaskInputs::find(const QString &name) const
{
    for (const TaskInput &input : inputs) {
        if (input.name == name)
            return &input;
    }
    return nullptr;
}

QStringList TaskInputs::names() const
{
    QStringList names;
    for (const TaskInput &input : inputs)
        names.append(input.name);
    return names;
}

void writeTaskInputs(const TaskInputs &inputs, QJsonObject *object)
{
    if (!inputs.inputs.isEmpty()) {
        QJsonArray list;
        for (const TaskInput &input : inputs.inputs) {
            QJsonObject item;
            item[QLatin1String("name")] = input.name;
            if (!input.prompt.isEmpty())
                item[QLatin1String("prompt")] = input.prompt;
            if (input.defaultValue)
                item[QLatin1String("default")] = *input.defaultValue;
            if (!input.choices.isEmpty())
                item[QLatin1String("choices")] = QJsonArray::fromStringList(input.choices);
            list.append(item);
        }
        (*object)[QLatin1String("inputs")] = list;
    }
    if (!inputs.envFile.isEmpty())
        (*object)[QLatin1String("envFile")] = inputs.envFile;
}

namespace {

// One item of "inputs"; empty when fine, else what is wrong with it (after "item N").
QString readInput(const QJsonValue &value, TaskInput *input)
{
    if (!value.isObject())
        return QStringLiteral("is %1, not an object").arg(JsonWords::typeName(value));
    const QJsonObject item = value.toObject();
    const QJsonValue name = item.value(QLatin1String("name"));
    if (!name.isString())
        return QStringLiteral("\"name\" is %1, not a string").arg(JsonWords::typeName(name));
    input->name = name.toString();
    if (!Placeholders::isValidInputName(input->name))
        return QStringLiteral("\"name\": \"%1\" is not a valid parameter name (letters, digits, "
                              "_ and -, starting with a letter or _)")
            .arg(input->name);
    for (const char *key : {"prompt", "default"}) {
        const QJsonValue text = item.value(QLatin1String(key));
        if (!text.isUndefined() && !text.isString())
            return QStringLiteral("\"%1\" is %2, not a string")
                .arg(QLatin1String(key), JsonWords::typeName(text));
    }
    input->prompt = item.value(QLatin1String("prompt")).toString();
    if (item.contains(QLatin1String("default")))
        input->defaultValue = item.value(QLatin1String("default")).toString();
    const QJsonValue choices = item.value(QLatin1String("choices"));
    if (choices.isUndefined())
        return QString();
    if (!choices.isArray())
        return QStringLiteral("\"choices\" is %1, not a list of strings")
            .arg(JsonWords::typeName(choices));
    const QJsonArray array = choices.toArray();
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return QStringLiteral("\"choices\" item %1 is %2, not a string")
                .arg(i + 1)
                .arg(JsonWords::typeName(array.at(i)));
        input->choices.append(array.at(i).toString());
    }
    return QString();
}

} // namespace

QString readTaskInputs(const QJsonObject &object, TaskInputs *inputs)
{
    const QJsonValue envFile = object.value(QLatin1String("envFile"));
    if (!envFile.isUndefined() && !envFile.isString())
        return QStringLiteral("\"envFile\" is %1, not a string").arg(JsonWords::typeName(envFile));
    inputs->envFile = envFile.toString();
    const QJsonValue list = object.value(QLatin1String("inputs"));
    if (list.isUndefined())
        return QString();
    if (!list.isArray())
        return QStringLiteral("\"inputs\" is %1, not a list of parameters")
            .arg(JsonWords::typeName(list));
    const QJsonArray array = list.toArray();
    QSet<QString> seen;
    for (int i = 0; i < array.size(); ++i) {
        TaskInput input;
        const QString problem = readInput(array.at(i), &input);
        if (!problem.isEmpty())
            return QStringLiteral("\"inputs\" item %1%2%3")
                .arg(i + 1)
                .arg(problem.startsWith(QLatin1String("is ")) ? QStringLiteral(" ")
                                                              : QStringLiteral(": "),
                     problem);
        if (seen.contains(input.name))
            return QStringLiteral("\"inputs\" item %1: the parameter \"%2\" is declared twice")
                .arg(i + 1)
                .arg(input.name);
        seen.insert(input.name);
        inputs->inputs.append(input);
    }
    return QString();
}

QStringList taskInputsProblems(const Task &task)
{
    QStringList problems;
    const TaskInputs &declared = task.inputs;
    QSet<QString> seen;
    for (int i = 0; i < declared.inputs.size(); ++i) {
        const TaskInput &input = declared.inputs.at(i);
        if (input.name.isEmpty()) {
            problems.append(QStringLiteral("Parameter %1 has no name.").arg(i + 1));
            continue;
        }
        if (!Placeholders::isValidInputName(input.name))
            problems.append(QStringLiteral("Parameter \"%1\": the name may hold letters, digits, "
                                           "_ and -, and starts with a letter or _.")
                                .arg(input.name));
        else if (seen.contains(input.name))
            problems.append(
                QStringLiteral("Parameter \"%1\" is declared twice: remove one.").arg(input.name));
        seen.insert(input.name);
        if (input.defaultValue && !input.choices.isEmpty()
            && !input.choices.contains(*input.defaultValue))
            problems.append(QStringLiteral("Parameter \"%1\": the default \"%2\" is not one of "
                                           "its choices.")
                                .arg(input.name, *input.defaultValue));
    }

    const TaskSpec &spec = task.spec;
    QList<QPair<QString, QString>> fields; // (field, text)
    if (spec.useShell) {
        fields.append({QStringLiteral("Script"), spec.shellScript});
    } else {
        fields.append({QStringLiteral("Program"), spec.program});
        for (const QString &argument : spec.arguments)
            fields.append({QStringLiteral("Arguments"), argument});
    }
    fields.append({QStringLiteral("Working directory"), spec.workingDirectory});
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        fields.append({QStringLiteral("Variable %1").arg(it.key()), it.value()});
    fields.append({QStringLiteral(".env file"), declared.envFile});
    QSet<QString> said; // one sentence per problem, however often it is written
    const auto say = [&](const QString &text) {
        if (!said.contains(text)) {
            said.insert(text);
            problems.append(text);
        }
    };
    for (const auto &[field, text] : std::as_const(fields)) {
        const Placeholders::Scan scan = Placeholders::scan(text);
        for (const QString &problem : scan.problems)
            say(QStringLiteral("%1: %2.").arg(field, problem));
        for (const Placeholder &used : scan.used) {
            if (used.kind == Placeholder::Kind::Input && !declared.find(used.name))
                say(QStringLiteral("%1: %2 names no parameter of this task (add it under "
                                   "Parameters).")
                        .arg(field, used.text()));
            if (used.kind == Placeholder::Kind::BuiltIn && used.name == QLatin1String("taskDir")
                && field == QLatin1String("Working directory"))
                say(QStringLiteral("Working directory: ${taskDir} is the working directory "
                                   "itself, so it cannot be used in it."));
        }
    }
    return problems;
}

QString joinChoices(const QStringList &choices)
{
    QStringList escaped;
    for (QString choice : choices)
        escaped.append(choice.replace(QLatin1String("\\"), QLatin1String("\\\\"))
                           .replace(QLatin1String(","), QLatin1String("\\,")));
    return escaped.join(QLatin1String(", "));
}

QStringList splitChoices(const QString &text)
{
    QStringList choices;
    QString current;
    const auto finish = [&] {
        const QString choice = current.trimmed();
        if (!choice.isEmpty())
            choices.append(choice);
        current.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            current += text.at(++i);
        } else if (c == QLatin1Char(',')) {
            finish();
        } else {
            current += c;
        }
    }
    finish();
    return choices;
}
