// A stand-in for the user's systemd on a private session bus, for tst_systemdscope:
//   mocksystemd ROOT MODE
// Owns org.freedesktop.systemd1 and answers org.freedesktop.systemd1.Manager.StartTransientUnit
// at /org/freedesktop/systemd1 as the user manager does for a scope: makes the cgroup
// ROOT/<Slice>/<name> in the real cgroup2 mount, moves the PIDs into it (cgroup.procs), with
// Delegate=true hands it to the caller (chown of the directory and of the files the kernel lists
// in /sys/kernel/cgroup/delegate, as systemd does), replies with a job and emits
// JobRemoved(id, job, name, "done"). ROOT must be a directory named taskrunner-test-*.
// MODE:
//   done           as above
//   signal-first   JobRemoved before the reply
//   exists-once    the first name asked for is taken (org.freedesktop.systemd1.UnitExists)
//   failed         nothing made, JobRemoved says "failed"
//   refuse         an org.freedesktop.DBus.Error.AccessDenied error
//   silent         never replies
//   no-job-signal  makes the scope and replies, never emits JobRemoved
//   no-delegate    as done, but the cgroup stays root's (a systemd that does not delegate)
// Prints "ready" once it owns the name, then a line per call:
//   "call NAME MODE SIGNATURE Slice=s:app.slice Description=s:... Delegate=b:true PIDs=au:1,2
//   aux=0"
// Exits when its stdin closes.
#include "cgroupfiles.h"
#include "systemdtypes.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QFileInfo>
#include <QSet>
#include <QSocketNotifier>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char Service[] = "org.freedesktop.systemd1";
const char Path[] = "/org/freedesktop/systemd1";
const char Interface[] = "org.freedesktop.systemd1.Manager";

// "s:app.slice", "b:true", "au:12,13": a variant's D-Bus type and value, as the test checks them.
QString shown(const QDBusVariant &value)
{
    const QVariant variant = value.variant();
    if (variant.canConvert<QDBusArgument>()) {
        const QDBusArgument argument = variant.value<QDBusArgument>();
        const QString signature = argument.currentSignature();
        QStringList items;
        if (signature == QLatin1String("au")) {
            for (const uint item : qdbus_cast<QList<uint>>(argument))
                items.append(QString::number(item));
        }
        return signature + QLatin1Char(':') + items.join(QLatin1Char(','));
    }
    const char *signature = QDBusMetaType::typeToSignature(variant.metaType());
    return QString::fromLatin1(signature ? signature : "?") + QLatin1Char(':')
           + (variant.metaType().id() == QMetaType::Bool
                  ? QString::fromLatin1(variant.toBool() ? "true" : "false")
                  : variant.toString());
}

class Manager : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.systemd1.Manager")
public:
    Manager(const QString &root, const QString &mode)
        : m_root(root)
        , m_mode(mode)
    {}

public Q_SLOTS:
    // QtDBus routes a call here only if its signature is ssa(sv)a(sa(sv)) exactly.
    void StartTransientUnit(const QString &name, const QString &mode,
                            const SystemdProperties &properties, const SystemdAuxUnits &aux,
                            const QDBusMessage &message)
    {
        message.setDelayedReply(true);
        QStringList line{QStringLiteral("call"), name, mode, message.signature()};
        QString slice;
        bool delegate = false;
        QList<uint> pids;
        for (const SystemdProperty &property : properties) {
            line.append(property.name + QLatin1Char('=') + shown(property.value));
            if (property.name == QLatin1String("Slice"))
                slice = property.value.variant().toString();
            else if (property.name == QLatin1String("Delegate"))
                delegate = property.value.variant().toBool();
            else if (property.name == QLatin1String("PIDs"))
                pids = qdbus_cast<QList<uint>>(property.value.variant());
        }
        line.append(QStringLiteral("aux=%1").arg(aux.size()));
        std::printf("%s\n", qPrintable(line.join(QLatin1Char(' '))));
        std::fflush(stdout);

        QDBusConnection bus = QDBusConnection::sessionBus();
        if (m_mode == QLatin1String("silent"))
            return;
        if (m_mode == QLatin1String("refuse")) {
            bus.send(message.createErrorReply(QStringLiteral("org.freedesktop.DBus.Error."
                                                             "AccessDenied"),
                                              QStringLiteral("Access denied by the mock")));
            return;
        }
        if (m_names.contains(name)
            || (m_mode == QLatin1String("exists-once") && m_names.isEmpty())) {
            m_names.insert(name);
            bus.send(message.createErrorReply(
                QStringLiteral("org.freedesktop.systemd1.UnitExists"),
                QStringLiteral("Unit %1 was already loaded or has a fragment file.").arg(name)));
            return;
        }
        m_names.insert(name);
        if (mode != QLatin1String("fail") || !name.endsWith(QLatin1String(".scope"))
            || pids.isEmpty() || slice.isEmpty()) {
            bus.send(message.createErrorReply(QStringLiteral("org.freedesktop.DBus.Error."
                                                             "InvalidArgs"),
                                              QStringLiteral("mock: want mode fail, a .scope, "
                                                             "PIDs and a Slice")));
            return;
        }

        QString result = QStringLiteral("done");
        if (m_mode == QLatin1String("failed")) {
            result = QStringLiteral("failed");
        } else {
            QString error;
            if (!makeScope(slice, name, pids, delegate && m_mode != QLatin1String("no-delegate"),
                           &error)) {
                std::printf("error %s\n", qPrintable(error));
                std::fflush(stdout);
                result = QStringLiteral("failed");
            }
        }
        const uint id = ++m_jobs;
        const QDBusObjectPath job(QStringLiteral("/org/freedesktop/systemd1/job/%1").arg(id));
        QDBusMessage removed
            = QDBusMessage::createSignal(QString::fromLatin1(Path), QString::fromLatin1(Interface),
                                         QStringLiteral("JobRemoved"));
        removed << id << QVariant::fromValue(job) << name << result;
        const QDBusMessage reply = message.createReply(QVariant::fromValue(job));
        if (m_mode == QLatin1String("signal-first"))
            bus.send(removed);
        bus.send(reply);
        if (m_mode != QLatin1String("signal-first") && m_mode != QLatin1String("no-job-signal"))
            bus.send(removed);
    }

private:
    bool makeScope(const QString &slice, const QString &name, const QList<uint> &pids,
                   bool delegate, QString *error)
    {
        const QString sliceDirectory = m_root + QLatin1Char('/') + slice;
        const QString scope = sliceDirectory + QLatin1Char('/') + name;
        if (!CgroupFiles::exists(sliceDirectory)
            && !CgroupFiles::makeDirectory(sliceDirectory, error))
            return false;
        if (!CgroupFiles::makeDirectory(scope, error))
            return false;
        struct stat owner;
        const QByteArray proc = "/proc/" + QByteArray::number(pids.first());
        if (::stat(proc.constData(), &owner) != 0) {
            *error = QStringLiteral("no process %1").arg(pids.first());
            return false;
        }
        if (delegate) {
            // What Delegate=yes means: the directory and its delegatable files become the user's.
            QStringList files{QString()};
            const QByteArray listed
                = CgroupFiles::read(QStringLiteral("/sys/kernel/cgroup/delegate"))
                      .value_or("cgroup.procs\ncgroup.threads\ncgroup.subtree_control\n");
            for (const QByteArray &file : listed.split('\n')) {
                if (!file.trimmed().isEmpty())
                    files.append(QLatin1Char('/') + QString::fromLatin1(file.trimmed()));
            }
            for (const QString &file : files) {
                const QByteArray path = QFile::encodeName(scope + file);
                if (QFileInfo::exists(QString::fromLocal8Bit(path))
                    && ::chown(path.constData(), owner.st_uid, owner.st_gid) != 0) {
                    *error = QStringLiteral("chown %1: %2")
                                 .arg(scope + file, QString::fromLocal8Bit(std::strerror(errno)));
                    return false;
                }
            }
        }
        for (const uint pid : pids) {
            if (!CgroupFiles::write(scope + QLatin1String("/cgroup.procs"), QByteArray::number(pid),
                                    error))
                return false;
        }
        return true;
    }

    QString m_root;
    QString m_mode;
    QSet<QString> m_names;
    uint m_jobs = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 || !QString::fromLocal8Bit(argv[1]).contains(QLatin1String("taskrunner-test"))) {
        std::puts("failed usage: mocksystemd ROOT(a taskrunner-test-* cgroup) MODE");
        return 2;
    }
    SystemdTypes::registerTypes();
    Manager manager(QString::fromLocal8Bit(argv[1]), QString::fromLocal8Bit(argv[2]));
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        std::printf("failed no session bus: %s\n", qPrintable(bus.lastError().message()));
        return 1;
    }
    if (!bus.registerObject(QString::fromLatin1(Path), &manager, QDBusConnection::ExportAllSlots)
        || !bus.registerService(QString::fromLatin1(Service))) {
        std::printf("failed %s\n", qPrintable(bus.lastError().message()));
        return 1;
    }
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0)
            app.quit();
    });
    std::puts("ready");
    std::fflush(stdout);
    return app.exec();
}

#include "mocksystemd.moc"
