#include "schedulememory.h"

#include <QSettings>

#include <memory>

namespace {

std::unique_ptr<QSettings> open(const QString &file)
{
    return file.isEmpty() ? std::make_unique<QSettings>()
                          : std::make_unique<QSettings>(file, QSettings::IniFormat);
}

QString key(const QString &taskId, const char *what)
{
    return QStringLiteral("schedules/%1/%2").arg(taskId, QLatin1String(what));
}

} // namespace

ScheduleMemory::ScheduleMemory(const QString &file)
    : m_file(file)
{}

QDateTime ScheduleMemory::lastFire(const QString &taskId, const QString &ruleKey) const
{
    const auto settings = open(m_file);
    if (settings->value(key(taskId, "rule")).toString() != ruleKey)
        return {};
    return QDateTime::fromString(settings->value(key(taskId, "lastFire")).toString(), Qt::ISODate);
}

void ScheduleMemory::remember(const QString &taskId, const QString &ruleKey, const QDateTime &fired)
{
    const auto settings = open(m_file);
    settings->setValue(key(taskId, "rule"), ruleKey);
    settings->setValue(key(taskId, "lastFire"), fired.toUTC().toString(Qt::ISODate));
}

void ScheduleMemory::forget(const QString &taskId)
{
    open(m_file)->remove(QStringLiteral("schedules/%1").arg(taskId));
}
