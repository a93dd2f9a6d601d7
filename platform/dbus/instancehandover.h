#pragma once

#include <QDBusConnection>
#include <QString>
#include <QStringList>
#include <QVariantMap>

class QObject;

// One desktop app per session: the first launch owns BusNames::service(); a later one hands its
// command line to it over org.freedesktop.Application and ends. Each call has a deadline, so an
// owner that hangs costs a second launch a few seconds, never forever.
namespace InstanceHandover {

// What a launch asks for: its --run names, --new-task, --quick-run, and the token its
// launcher gave it (XDG_ACTIVATION_TOKEN or DESKTOP_STARTUP_ID) to pass on.
struct Launch
{
    QStringList runNames;
    bool newTask = false;
    bool quickRun = false;
    QString token;

    // From this process's environment: the token a launcher set for us.
    static QString tokenFromEnvironment();
};

struct Result
{
    enum class Kind {
        NoInstance, // nobody owns the name: this launch is the first
        HandedOver, // done by the running instance, save `errors` (unknown task names)
        NoAnswer,   // the owner did not answer (hung or going): `errors` says so
    };
    Kind kind = Kind::NoInstance;
    QStringList errors; // sentences for stderr, one per failed request
};

constexpr int DefaultTimeoutMs = 8000;
// DefaultTimeoutMs, or TASKRUNNER_HANDOVER_TIMEOUT_MS when set (for the tests: a hung owner
// need not cost them 8 s).
int timeoutMs();

// The key in platform_data of Activate and ActivateAction for the caller's deadline: the
// wall-clock time (ms since the epoch, an int64) after which it no longer waits for the answer.
// A call that arrives later - the owner was stopped, and the caller told the user that nothing
// was done - is dropped by the owner, not carried out behind the user's back.
QString deadlineKey();
// Whether platformData carries a deadline that has passed at now (ms since the epoch).
bool isPastDeadline(const QVariantMap &platformData, qint64 nowMs);

// Hands launch to the instance owning the name on bus, if there is one. Blocks (each call at
// most timeoutMs, which is also its deadline); never starts an instance by D-Bus activation.
Result handOver(const QDBusConnection &bus, const Launch &launch, int timeoutMs = DefaultTimeoutMs);

enum class Claim { Claimed, Taken, Failed };
// Exports service (its adaptors) at BusNames::objectPath() and then takes the name, in that
// order, so that no call can arrive before there is something to answer it. Taken when another
// instance was quicker; Failed, with *error, when the bus refused.
Claim claim(QDBusConnection bus, QObject *service, QString *error);

} // namespace InstanceHandover
