#include "systemdtypes.h"

#include <QDBusMetaType>
#include <QDBusObjectPath>

QDBusArgument &operator<<(QDBusArgument &argument, const SystemdProperty &property)
{
    argument.beginStructure();
    argument << property.name << property.value;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdProperty &property)
{
    argument.beginStructure();
    argument >> property.name >> property.value;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const SystemdAuxUnit &unit)
{
    argument.beginStructure();
    argument << unit.name << unit.properties;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdAuxUnit &unit)
{
    argument.beginStructure();
    argument >> unit.name >> unit.properties;
    argument.endStructure();
    return argument;
}

void SystemdTypes::registerTypes()
{
    // A function-local static: registered once, whichever thread asks first.
    static const bool registered = [] {
        qDBusRegisterMetaType<SystemdProperty>();
        qDBusRegisterMetaType<SystemdProperties>();
        qDBusRegisterMetaType<SystemdAuxUnit>();
        qDBusRegisterMetaType<SystemdAuxUnits>();
        // QtDBus 6.4 finds a slot's parameter types by the names moc recorded - when connecting
        // a signal to it, or routing a call to an exported slot - and knows a name only once it
        // is registered: QDBusObjectPath (JobRemoved's "o") not until then, and the aliases
        // under their own names only. Unknown, QDBusConnection::connect() just returns false
        // and a call is answered UnknownMethod.
        qRegisterMetaType<QDBusObjectPath>();
        qRegisterMetaType<SystemdProperties>("SystemdProperties");
        qRegisterMetaType<SystemdAuxUnits>("SystemdAuxUnits");
        return true;
    }();
    Q_UNUSED(registered);
}
