#include "tasklibrary.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace {

QJsonObject taskToJson(const Task &task)
{
    const TaskSpec &spec = task.spec;
    QJsonObject object;
    object[QLatin1String("name")] = task.name;
    object[QLatin1String("mode")]
        = spec.useShell ? QStringLiteral("shell") : QStringLiteral("program");
    if (spec.useShell) {
        object[QLatin1String("script")] = spec.shellScript;
    } else {
        object[QLatin1String("program")] = spec.program;
        object[QLatin1String("arguments")] = QJsonArray::fromStringList(spec.arguments);
    }
    object[QLatin1String("workingDirectory")] = spec.workingDirectory;
    QJsonObject env;
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        env[it.key()] = it.value();
    object[QLatin1String("environment")] = env;
    object[QLatin1String("timeoutMs")] = double(spec.timeout.count());
    object[QLatin1String("graceMs")] = double(spec.gracePeriod.count());
    object[QLatin1String("leaveLeftovers")] = spec.leaveLeftovers;
    object[QLatin1String("pty")] = task.usePty;
    return object;
}

bool taskFromJson(const QJsonValue &value, int index, Task *task, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("task %1 is not an object").arg(index + 1);
        return false;
    }
    const QJsonObject o = value.toObject();
    task->name = o.value(QLatin1String("name")).toString();
    if (task->name.trimmed().isEmpty()) {
        *error = QStringLiteral("task %1 has no name").arg(index + 1);
        return false;
    }
    const QString mode = o.value(QLatin1String("mode")).toString(QStringLiteral("shell"));
    if (mode != QLatin1String("shell") && mode != QLatin1String("program")) {
        *error = QStringLiteral("task \"%1\": unknown mode \"%2\"").arg(task->name, mode);
        return false;
    }
    TaskSpec &spec = task->spec;
    spec.useShell = mode == QLatin1String("shell");
    spec.shellScript = o.value(QLatin1String("script")).toString();
    spec.program = o.value(QLatin1String("program")).toString();
    spec.arguments.clear();
    for (const QJsonValue &argument : o.value(QLatin1String("arguments")).toArray())
        spec.arguments.append(argument.toString());
    spec.workingDirectory = o.value(QLatin1String("workingDirectory")).toString();
    spec.environment.clear();
    const QJsonObject env = o.value(QLatin1String("environment")).toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        spec.environment.insert(it.key(), it.value().toString());
    const double timeout = o.value(QLatin1String("timeoutMs")).toDouble(0);
    const double grace = o.value(QLatin1String("graceMs")).toDouble(5000);
    if (timeout < 0 || grace < 0 || timeout > 2147483647.0 || grace > 2147483647.0) {
        *error
            = QStringLiteral("task \"%1\": timeout or grace period out of range").arg(task->name);
        return false;
    }
    spec.timeout = std::chrono::milliseconds(qint64(timeout));
    spec.gracePeriod = std::chrono::milliseconds(qint64(grace));
    spec.leaveLeftovers = o.value(QLatin1String("leaveLeftovers")).toBool(false);
    task->usePty = o.value(QLatin1String("pty")).toBool(false);
    return true;
}

} // namespace

QString TaskLibrary::defaultPath()
{
    // ~/.config/taskrunner/tasks.json, whatever the organisation name (AppConfigLocation
    // would add both it and the application name).
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QLatin1String("/taskrunner/tasks.json");
}

QByteArray TaskLibrary::toJson(const QList<Task> &tasks)
{
    QJsonArray array;
    for (const Task &task : tasks)
        array.append(taskToJson(task));
    QJsonObject root;
    root[QLatin1String("format")] = QStringLiteral("taskrunner-library");
    root[QLatin1String("version")] = FormatVersion;
    root[QLatin1String("tasks")] = array;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool TaskLibrary::fromJson(const QByteArray &json, QList<Task> *tasks, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON (%1 at byte %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || !root.value(QLatin1String("tasks")).isArray()) {
        *error = QStringLiteral("no \"tasks\" list in it");
        return false;
    }
    const int version = root.value(QLatin1String("version")).toInt(0);
    if (version < 1 || version > FormatVersion) {
        *error = QStringLiteral("format version %1 is not one this program reads (1 to %2)")
                     .arg(version)
                     .arg(FormatVersion);
        return false;
    }
    QList<Task> loaded;
    const QJsonArray array = root.value(QLatin1String("tasks")).toArray();
    for (int i = 0; i < array.size(); ++i) {
        Task task;
        if (!taskFromJson(array.at(i), i, &task, error))
            return false;
        loaded.append(task);
    }
    *tasks = loaded;
    return true;
}

TaskLibrary::LoadResult TaskLibrary::load(const QString &path, bool keepBackup)
{
    LoadResult result;
    m_tasks.clear();
    QFile file(path);
    if (!file.exists())
        return result;
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot be read: %1").arg(file.errorString());
    } else {
        const QByteArray data = file.readAll();
        file.close();
        QList<Task> tasks;
        if (fromJson(data, &tasks, &error)) {
            m_tasks = tasks;
            return result;
        }
    }
    result.ok = false;
    result.error = file.isOpen() || error.startsWith(QLatin1String("cannot"))
                       ? QStringLiteral("The task library %1 %2.").arg(path, error)
                       : QStringLiteral("The task library %1 is damaged: %2.").arg(path, error);
    if (!keepBackup)
        return result;
    // Keep the bad file for the user: never overwrite it on the next save.
    const QString backup
        = path + QLatin1String(".corrupt-")
          + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    if (QFile::rename(path, backup))
        result.backupPath = backup;
    return result;
}

bool TaskLibrary::save(const QString &path, QString *error) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(toJson(m_tasks));
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QStringList TaskLibrary::names() const
{
    QStringList names;
    for (const Task &task : m_tasks)
        names.append(task.name);
    return names;
}

const Task *TaskLibrary::find(const QString &name) const
{
    const int index = indexOf(name);
    return index < 0 ? nullptr : &m_tasks[index];
}

int TaskLibrary::indexOf(const QString &name) const
{
    for (int i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks[i].name == name)
            return i;
    }
    return -1;
}

QString TaskLibrary::uniqueName(const QString &wanted) const
{
    if (indexOf(wanted) < 0)
        return wanted;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(wanted).arg(n);
        if (indexOf(candidate) < 0)
            return candidate;
    }
}
