#include "concurrency.h"

#include <QJsonObject>

namespace {

const char *const PolicyKey = "whenRunning";
const char *const GroupKey = "exclusiveGroup";

struct PolicyName
{
    InstancePolicy policy;
    const char *word;
};

constexpr PolicyName PolicyNames[] = {
    {InstancePolicy::Ask, "ask"},         {InstancePolicy::Parallel, "parallel"},
    {InstancePolicy::Queue, "queue"},     {InstancePolicy::Skip, "skip"},
    {InstancePolicy::Restart, "restart"},
};

} // namespace

QString Concurrency::policyWord(InstancePolicy policy)
{
    for (const PolicyName &name : PolicyNames) {
        if (name.policy == policy)
            return QLatin1String(name.word);
    }
    return QString();
}

std::optional<InstancePolicy> Concurrency::policyFromWord(const QString &word)
{
    for (const PolicyName &name : PolicyNames) {
        if (word == QLatin1String(name.word))
            return name.policy;
    }
    return std::nullopt;
}

QStringList Concurrency::policyWords()
{
    QStringList words;
    for (const PolicyName &name : PolicyNames)
        words.append(QLatin1String(name.word));
    return words;
}

void Concurrency::writeTo(QJsonObject *object) const
{
    if (whenRunning != InstancePolicy::Ask)
        (*object)[QLatin1String(PolicyKey)] = policyWord(whenRunning);
    if (!exclusiveGroup.isEmpty())
        (*object)[QLatin1String(GroupKey)] = exclusiveGroup;
}

Concurrency Concurrency::readFrom(const QJsonObject &object, QString *problem)
{
    Concurrency concurrency;
    // The reader's first problem is the one told: an earlier field's stays.
    const auto setProblem = [problem](const QString &text) {
        if (problem->isEmpty())
            *problem = text;
    };
    const QJsonValue policy = object.value(QLatin1String(PolicyKey));
    if (!policy.isUndefined()) {
        const auto read = policyFromWord(policy.toString());
        if (!policy.isString() || !read) {
            const QString found = policy.isString()
                                      ? QStringLiteral("\"%1\"").arg(policy.toString().left(40))
                                      : QStringLiteral("not a string");
            setProblem(QStringLiteral("\"%1\" is %2, not one of %3")
                           .arg(QLatin1String(PolicyKey), found,
                                policyWords().join(QStringLiteral(", "))));
            return concurrency;
        }
        concurrency.whenRunning = *read;
    }
    const QJsonValue group = object.value(QLatin1String(GroupKey));
    if (!group.isUndefined()) {
        if (!group.isString()) {
            setProblem(QStringLiteral("\"%1\" is not a string (a group's name, e.g. \"gpu\")")
                           .arg(QLatin1String(GroupKey)));
            return concurrency;
        }
        concurrency.exclusiveGroup = group.toString().trimmed();
    }
    return concurrency;
}
