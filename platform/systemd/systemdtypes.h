#pragma once

#include <QDBusArgument>
#include <QDBusVariant>
#include <QList>
#include <QMetaType>
#include <QString>

// The argument types of org.freedesktop.systemd1.Manager.StartTransientUnit that QtDBus has no
// built-in type for, with their exact D-Bus signatures:
//   SystemdProperty      (sv)         a unit property: its name and a variant value
//   SystemdProperties    a(sv)        the unit's properties
//   SystemdAuxUnit       (sa(sv))     an auxiliary unit and its properties (unused by systemd
//   today, SystemdAuxUnits      a(sa(sv))    but part of the method's signature: sent empty)
// A variant's value keeps its own D-Bus type: bool is "b", QString "s", QList<uint> "au".
struct SystemdProperty
{
    QString name;
    QDBusVariant value;
};
using SystemdProperties = QList<SystemdProperty>;

struct SystemdAuxUnit
{
    QString name;
    SystemdProperties properties;
};
using SystemdAuxUnits = QList<SystemdAuxUnit>;

Q_DECLARE_METATYPE(SystemdProperty)
Q_DECLARE_METATYPE(SystemdAuxUnit)

QDBusArgument &operator<<(QDBusArgument &argument, const SystemdProperty &property);
const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdProperty &property);
QDBusArgument &operator<<(QDBusArgument &argument, const SystemdAuxUnit &unit);
const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdAuxUnit &unit);

namespace SystemdTypes {
// Registers the four with QtDBus (qDBusRegisterMetaType), and QDBusObjectPath for the slot
// JobRemoved is connected to; idempotent, thread-safe. Before any message carrying them is built
// or received, and before connecting to JobRemoved.
void registerTypes();
} // namespace SystemdTypes
