#include "privatebus.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>

namespace {
constexpr int StartMs = 30'000;
}

PrivateBus::~PrivateBus()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    m_daemon.terminate();
    if (!m_daemon.waitForFinished(10'000)) {
        m_daemon.kill(); // our own child, by its pid
        m_daemon.waitForFinished(StartMs);
    }
}

QString PrivateBus::unavailableReason()
{
    if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
        return QStringLiteral("dbus-daemon is not installed (Debian: apt-get install dbus-daemon)");
    return QString();
}

bool PrivateBus::start(QString *error)
{
    if (!m_directory.isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    const QString config = m_directory.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    // No <servicedir>: nothing is started on demand (a desktop's notification daemon would be).
    file.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus "
                              "Configuration 1.0//EN\" \"http://www.freedesktop.org/standards/"
                              "dbus/1.0/busconfig.dtd\">\n"
                              "<busconfig>\n"
                              "  <type>session</type>\n"
                              "  <listen>unix:path=%1/bus</listen>\n"
                              "  <auth>EXTERNAL</auth>\n"
                              "  <policy context=\"default\">\n"
                              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                              "    <allow eavesdrop=\"true\"/>\n"
                              "    <allow own=\"*\"/>\n"
                              "  </policy>\n"
                              "</busconfig>\n")
                   .arg(m_directory.path())
                   .toUtf8());
    file.close();
    m_daemon.start(QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")),
                   {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                    QStringLiteral("--print-address")});
    QDeadlineTimer deadline(StartMs);
    while (!m_daemon.canReadLine() && m_daemon.state() != QProcess::NotRunning
           && !deadline.hasExpired())
        m_daemon.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    const QString line = QString::fromLocal8Bit(m_daemon.readLine()).trimmed();
    if (!line.startsWith(QLatin1String("unix:"))) {
        *error = QStringLiteral("dbus-daemon did not start: %1 %2")
                     .arg(line, QString::fromLocal8Bit(m_daemon.readAllStandardError()));
        return false;
    }
    m_address = line;
    return true;
}
