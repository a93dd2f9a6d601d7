#include "restartpolicy.h"

#include "jsonwords.h"

#include <QJsonValue>

#include <cmath>

namespace {

const char *const Key = "restart";

// A whole number from min to max under key, or the problem naming it.
QString readWhole(const QJsonObject &object, const char *key, int min, int max, int *out)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return QString();
    const double number = value.toDouble(-1);
    if (!value.isDouble() || !(number >= min && number <= max) || std::floor(number) != number)
        return QStringLiteral("\"%1.%2\" is %3, not a whole number from %4 to %5")
            .arg(QLatin1String(Key), QLatin1String(key), JsonWords::valueText(value))
            .arg(min)
            .arg(max);
    *out = int(number);
    return QString();
}

} // namespace

QString RestartPolicy::word(When when)
{
    switch (when) {
    case When::Never:
        return QStringLiteral("never");
    case When::OnFailure:
        return QStringLiteral("on-failure");
    case When::Always:
        return QStringLiteral("always");
    }
    return QString();
}

bool RestartPolicy::fromWord(const QString &word, When *when)
{
    for (When each : {When::Never, When::OnFailure, When::Always}) {
        if (word == RestartPolicy::word(each)) {
            *when = each;
            return true;
        }
    }
    return false;
}

QString RestartPolicy::giveUpText() const
{
    return maxRestarts == 1 ? QStringLiteral("Gave up after 1 restart in %1 min").arg(withinMinutes)
                            : QStringLiteral("Gave up after %1 restarts in %2 min")
                                  .arg(maxRestarts)
                                  .arg(withinMinutes);
}

QStringList RestartPolicy::problems() const
{
    QStringList problems;
    if (maxRestarts < MinRestarts || maxRestarts > MaxRestarts)
        problems.append(QStringLiteral("Max restarts is %1, not a whole number from %2 to %3.")
                            .arg(maxRestarts)
                            .arg(MinRestarts)
                            .arg(MaxRestarts));
    if (withinMinutes < MinMinutes || withinMinutes > MaxMinutes)
        problems.append(QStringLiteral("Within minutes is %1, not a whole number from %2 to %3.")
                            .arg(withinMinutes)
                            .arg(MinMinutes)
                            .arg(MaxMinutes));
    return problems;
}

void writeRestartPolicy(const RestartPolicy &policy, QJsonObject *task)
{
    if (!policy.isOn())
        return;
    QJsonObject restart;
    restart[QLatin1String("when")] = RestartPolicy::word(policy.when);
    restart[QLatin1String("maxRestarts")] = policy.maxRestarts;
    restart[QLatin1String("withinMinutes")] = policy.withinMinutes;
    (*task)[QLatin1String(Key)] = restart;
}

QString readRestartPolicy(const QJsonObject &task, RestartPolicy *policy)
{
    *policy = RestartPolicy();
    const QJsonValue value = task.value(QLatin1String(Key));
    if (value.isUndefined())
        return QString();
    if (!value.isObject())
        return QStringLiteral("\"%1\" is %2, not an object like {\"when\": \"on-failure\"}")
            .arg(QLatin1String(Key), JsonWords::valueText(value));
    const QJsonObject object = value.toObject();
    RestartPolicy read;
    const QJsonValue when = object.value(QLatin1String("when"));
    if (!when.isUndefined()
        && !(when.isString() && RestartPolicy::fromWord(when.toString(), &read.when)))
        return QStringLiteral("\"%1.when\" is %2, not \"never\", \"on-failure\" or \"always\"")
            .arg(QLatin1String(Key), JsonWords::valueText(when));
    QString problem = readWhole(object, "maxRestarts", RestartPolicy::MinRestarts,
                                RestartPolicy::MaxRestarts, &read.maxRestarts);
    if (problem.isEmpty())
        problem = readWhole(object, "withinMinutes", RestartPolicy::MinMinutes,
                            RestartPolicy::MaxMinutes, &read.withinMinutes);
    if (!problem.isEmpty())
        return problem;
    *policy = read;
    return QString();
}
