#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;
struct Task;

// A parameter of a task: asked for when the task is run by hand, given with --param on the
// command line, its default for a trigger. Used in the task as ${input:NAME}.
struct TaskInput
{
    QString name;
    QString prompt; // what the dialog asks; the name when empty
    // What it is when no value is given; none: a value must be given. "" is a default too.
    std::optional<QString> defaultValue;
    QStringList choices; // when not empty, the only values it may take

    QString label() const { return prompt.isEmpty() ? name : prompt; }
    bool operator==(const TaskInput &other) const
    {
        return name == other.name && prompt == other.prompt && defaultValue == other.defaultValue
               && choices == other.choices;
    }
};

// What a task takes from outside when it starts: its parameters and a .env file.
struct TaskInputs
{
    QList<TaskInput> inputs;
    // A dotenv file whose variables the run gets under the task's own ones; relative to the
    // working directory; may use placeholders. Empty: none.
    QString envFile;

    bool isEmpty() const { return inputs.isEmpty() && envFile.isEmpty(); }
    const TaskInput *find(const QString &name) const;
    QStringList names() const;
    bool operator==(const TaskInputs &other) const
    {
        return inputs == other.inputs && envFile == other.envFile;
    }
};

// The task file's keys: "inputs" (a list of {"name", "prompt", "default", "choices"}) and
// "envFile", written only when set, so a task without them is written as before.
void writeTaskInputs(const TaskInputs &inputs, QJsonObject *object);
// Reads them; empty when fine, else the problem, naming the key ("\"inputs\" item 2: ...").
QString readTaskInputs(const QJsonObject &object, TaskInputs *inputs);

// Why the task's parameters and placeholders cannot be saved as they are, one sentence each:
// a bad or repeated name, a default that is not one of the choices, a placeholder that is
// malformed or names a parameter the task does not declare, ${taskDir} in the working
// directory itself.
QStringList taskInputsProblems(const Task &task);

// Choices as the editor shows them, "debug, release", and back: a ',' or '\' inside a choice
// is written with a '\' before it. splitChoices(joinChoices(c)) == c for every list of
// non-empty choices without leading or trailing blanks.
QString joinChoices(const QStringList &choices);
QStringList splitChoices(const QString &text);
