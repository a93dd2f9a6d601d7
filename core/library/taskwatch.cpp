#include "taskwatch.h"

#include "jsonwords.h"

#include "watchglob.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

bool TaskWatch::operator==(const TaskWatch &other) const
{
    return paths == other.paths && include == other.include && ignore == other.ignore
           && recursive == other.recursive && debounceMs == other.debounceMs
           && restartOnChange == other.restartOnChange;
}

void writeTaskWatch(const TaskWatch &watch, QJsonObject *task)
{
    if (!watch.isOn())
        return;
    QJsonObject object;
    object[QLatin1String("paths")] = QJsonArray::fromStringList(watch.paths);
    object[QLatin1String("include")] = QJsonArray::fromStringList(watch.include);
    object[QLatin1String("ignore")] = QJsonArray::fromStringList(watch.ignore);
    object[QLatin1String("recursive")] = watch.recursive;
    object[QLatin1String("debounceMs")] = watch.debounceMs;
    object[QLatin1String("restartOnChange")] = watch.restartOnChange;
    (*task)[QLatin1String("watch")] = object;
}

namespace {

QString bad(const char *key, const QJsonValue &value, const char *wanted)
{
    return QStringLiteral("\"watch\".\"%1\" is %2, not %3")
        .arg(QLatin1String(key), JsonWords::typeName(value), QLatin1String(wanted));
}

QString readStrings(const QJsonObject &object, const char *key, QStringList *into)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return {};
    if (!value.isArray())
        return bad(key, value, "a list of strings");
    const QJsonArray array = value.toArray();
    QStringList list;
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return QStringLiteral("\"watch\".\"%1\" item %2 is %3, not a string")
                .arg(QLatin1String(key))
                .arg(i + 1)
                .arg(JsonWords::typeName(array.at(i)));
        list.append(array.at(i).toString());
    }
    *into = list;
    return {};
}

QString readBool(const QJsonObject &object, const char *key, bool *into)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return {};
    if (!value.isBool())
        return bad(key, value, "true or false");
    *into = value.toBool();
    return {};
}

} // namespace

QString readTaskWatch(const QJsonObject &task, TaskWatch *watch)
{
    *watch = TaskWatch();
    const QJsonValue value = task.value(QLatin1String("watch"));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        return QStringLiteral("\"watch\" is %1, not an object").arg(JsonWords::typeName(value));
    const QJsonObject object = value.toObject();
    QString problem = readStrings(object, "paths", &watch->paths);
    if (problem.isEmpty())
        problem = readStrings(object, "include", &watch->include);
    if (problem.isEmpty())
        problem = readStrings(object, "ignore", &watch->ignore);
    if (problem.isEmpty())
        problem = readBool(object, "recursive", &watch->recursive);
    if (problem.isEmpty())
        problem = readBool(object, "restartOnChange", &watch->restartOnChange);
    const QJsonValue debounce = object.value(QLatin1String("debounceMs"));
    if (problem.isEmpty() && !debounce.isUndefined()) {
        const double ms = debounce.toDouble(-1);
        if (!debounce.isDouble() || !(ms >= 0 && ms <= TaskWatch::MaxDebounceMs)
            || std::floor(ms) != ms)
            problem
                = bad("debounceMs", debounce, "a whole number of milliseconds from 0 to 3600000");
        else
            watch->debounceMs = int(ms);
    }
    if (problem.isEmpty()) {
        // The globs are checked here too: a hand-edited file must not arm a watch that cannot
        // filter. (An empty path is kept: the trigger says it cannot be armed.)
        QString why;
        if (!WatchFilter::compile(watch->include, watch->ignore, &why))
            problem = QStringLiteral("\"watch\": ") + why;
    }
    return problem;
}

QStringList validateTaskWatch(const TaskWatch &watch)
{
    QStringList problems;
    for (int i = 0; i < watch.paths.size(); ++i) {
        if (watch.paths.at(i).trimmed().isEmpty())
            problems.append(QStringLiteral("Watch path %1 is empty.").arg(i + 1));
    }
    if (!watch.isOn() && (!watch.include.isEmpty() || !watch.ignore.isEmpty()))
        problems.append(QStringLiteral("The watch has globs but no path to watch."));
    for (const auto &[list, kind] :
         {std::pair{&watch.include, "Include"}, std::pair{&watch.ignore, "Ignore"}}) {
        for (const QString &pattern : *list) {
            QString why;
            if (!WatchGlob::compile(pattern, &why))
                problems.append(
                    QStringLiteral("%1 glob \"%2\": %3.").arg(QLatin1String(kind), pattern, why));
        }
    }
    if (watch.debounceMs < 0 || watch.debounceMs > TaskWatch::MaxDebounceMs)
        problems.append(QStringLiteral("The watch's debounce must be from 0 to 3600000 ms."));
    return problems;
}

QString resolveWatchPath(const QString &path, const QString &baseDirectory)
{
    QString p = path;
    if (p == QLatin1String("~"))
        p = QDir::homePath();
    else if (p.startsWith(QLatin1String("~/")))
        p = QDir::homePath() + p.mid(1);
    else if (QDir::isRelativePath(p))
        p = (baseDirectory.isEmpty() ? QDir::homePath() : baseDirectory) + QLatin1Char('/') + p;
    return QDir::cleanPath(p);
}
