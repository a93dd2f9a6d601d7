#include "containmentbackend.h"

#include "cgroupcontainment.h"
#include "cgrouphierarchy.h"
#include "logging.h"
#include "proccontainment.h"
#include "processsignaller.h"
#include "runcgroup.h"
#include "runguardian.h"
#include "runnercgroup.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSettings>

namespace {

struct Decision
{
    bool made = false;
    RunContainment::Kind kind = RunContainment::Kind::ProcScan;
    bool insisted = false; // cgroup asked for explicitly
    QString why;           // why this one
    CgroupHierarchy hierarchy;
    QPointer<RunnerCgroup> runner; // a child of the application object
    QString delegation;            // what the delegation provider answered, when it was asked
};

Decision &decision()
{
    static Decision d;
    return d;
}

ContainmentBackend::DelegationProvider &delegationProvider()
{
    static ContainmentBackend::DelegationProvider provider;
    return provider;
}

// Our cgroup is not writable: ask for one delegated to us, and take it as the instance. The
// provider moves this whole process; adopt() then moves it on into the leaf runner/, so that
// the delegated cgroup itself holds no process (no internal processes: controllers can still be
// enabled for the runs' leaves).
std::unique_ptr<RunnerCgroup> adoptDelegated(Decision &d, const QString notOurs, QString *error)
{
    const CgroupDelegation delegated = delegationProvider()();
    if (!delegated.ok()) {
        d.delegation = QStringLiteral("none: %1").arg(delegated.error);
        *error = QStringLiteral("%1; and no cgroup was delegated to us: %2")
                     .arg(notOurs, delegated.error);
        return nullptr;
    }
    QString adoptError;
    std::unique_ptr<RunnerCgroup> runner = RunnerCgroup::adopt(
        delegated.directory, delegated.path, &adoptError, d.hierarchy.v1Controllers);
    d.hierarchy = CgroupHierarchy::detect(); // where we are now, for the report
    if (!runner) {
        d.delegation = QStringLiteral("%1, but it cannot be used: %2")
                           .arg(delegated.description, adoptError);
        *error = QStringLiteral("%1; %2 was delegated to us but cannot be used: %3")
                     .arg(notOurs, delegated.directory, adoptError);
        return nullptr;
    }
    d.delegation = delegated.description;
    return runner;
}

void decide()
{
    Decision &d = decision();
    if (d.made)
        return;
    d.made = true;
    QString source;
    const QString asked = ContainmentBackend::requested(&source);
    d.hierarchy = CgroupHierarchy::detect(); // also for the report when not used
    if (asked == QLatin1String("proc")) {
        d.why = QStringLiteral("asked for by %1").arg(source);
        return;
    }
    d.insisted = asked == QLatin1String("cgroup");
    QString error;
    std::unique_ptr<RunnerCgroup> runner;
    if (d.hierarchy.usable()) {
        runner = RunnerCgroup::create(d.hierarchy, &error);
    } else {
        error
            = !d.hierarchy.problem.isEmpty() ? d.hierarchy.problem : d.hierarchy.notWritableReason;
        // Only where cgroup v2 is mounted: a delegated v1 hierarchy is of no use to us.
        if (delegationProvider() && !d.hierarchy.mountPoint.isEmpty())
            runner = adoptDelegated(d, error, &error);
    }
    if (!runner) {
        d.why = QStringLiteral("no cgroup v2 of ours to use: %1").arg(error);
        qCInfo(lcRun).noquote() << "containment: /proc supervisor;" << d.why;
        return;
    }
    // Removed with the application object: its destructor kills what is left of any run and
    // removes the cgroups.
    runner->setParent(QCoreApplication::instance());
    d.runner = runner.release();
    // Should we die, the guardian kills the whole instance with one write.
    RunGuardian::instance()->setInstanceCgroup(d.runner->directory());
    d.kind = RunContainment::Kind::Cgroup;
    d.why = d.delegation.isEmpty() ? QStringLiteral("%1 is writable").arg(d.hierarchy.ownDirectory)
                                   : d.delegation;
    qCInfo(lcRun).noquote() << "containment: cgroup v2 at" << d.runner->directory() << "-" << d.why;
}

} // namespace

void ContainmentBackend::setDelegationProvider(DelegationProvider provider)
{
    Q_ASSERT(!decision().made); // asked once, at the first run: too late to change it
    delegationProvider() = std::move(provider);
}

QString ContainmentBackend::requested(QString *source)
{
    const QByteArray env = qgetenv("TASKRUNNER_CONTAINMENT").trimmed().toLower();
    if (!env.isEmpty()) {
        if (source)
            *source = QStringLiteral("TASKRUNNER_CONTAINMENT=%1").arg(QString::fromLatin1(env));
        return QString::fromLatin1(env);
    }
    const QString setting
        = QSettings().value(QStringLiteral("containment/backend")).toString().trimmed().toLower();
    if (!setting.isEmpty()) {
        if (source)
            *source = QStringLiteral("containment/backend=%1 in the settings").arg(setting);
        return setting;
    }
    if (source)
        *source = QStringLiteral("default");
    return QStringLiteral("auto");
}

std::unique_ptr<RunContainment>
ContainmentBackend::createFor(TaskRun *run, const QByteArray &marker, QString *error)
{
    decide();
    Decision &d = decision();
    if (d.kind == RunContainment::Kind::Cgroup && d.runner) {
        QString leafError;
        if (RunCgroup *leaf = d.runner->createRun(&leafError))
            return std::make_unique<CgroupContainment>(leaf);
        if (d.insisted) {
            if (error)
                *error = QStringLiteral("could not make the run's cgroup: %1").arg(leafError);
            return nullptr;
        }
        qCWarning(lcRun).noquote() << "could not make the run's cgroup, using the /proc "
                                      "supervisor for it:"
                                   << leafError;
    } else if (d.insisted) {
        if (error)
            *error = QStringLiteral("cgroup containment was asked for but cannot be used: %1")
                         .arg(d.why);
        return nullptr;
    }
    return std::make_unique<ProcContainment>(run, marker);
}

bool ContainmentBackend::canApplyLimits(const RunLimits &limits, QString *why)
{
    if (limits.isEmpty())
        return true;
    decide();
    const Decision &d = decision();
    for (const RunLimits::Limit &limit : limits.each()) {
        QString reason;
        if (d.kind != RunContainment::Kind::Cgroup || !d.runner)
            reason = QStringLiteral("taskrunner's runs are held by the /proc supervisor here (%1), "
                                    "which cannot enforce limits; they need cgroup v2")
                         .arg(d.why);
        else
            reason = d.runner->whyUnavailable(limit.controller);
        if (!reason.isEmpty()) {
            if (why)
                *why = QStringLiteral("cannot limit %1: %2").arg(limit.words, reason);
            return false;
        }
    }
    return true;
}

RunContainment::Kind ContainmentBackend::active()
{
    decide();
    return decision().kind;
}

RunnerCgroup *ContainmentBackend::runnerCgroup()
{
    decide();
    return decision().runner;
}

QString ContainmentBackend::activeDescription()
{
    decide();
    const Decision &d = decision();
    if (d.kind == RunContainment::Kind::Cgroup && d.runner)
        return QStringLiteral("cgroup v2 (%1)").arg(d.runner->directory());
    return QStringLiteral("/proc supervisor (%1)").arg(d.why);
}

QString ContainmentBackend::report()
{
    decide();
    const Decision &d = decision();
    QString source;
    const QString asked = requested(&source);
    QString text = QStringLiteral("containment: %1\nasked for: %2 (%3)\n")
                       .arg(activeDescription(), asked, source);
    if (!d.delegation.isEmpty())
        text += QStringLiteral("delegated cgroup: %1\n").arg(d.delegation);
    if (d.runner) {
        text += QStringLiteral("runner cgroup: %1\ncontrollers for runs: %2\n")
                    .arg(d.runner->directory(),
                         d.runner->controllers().isEmpty()
                             ? QStringLiteral("none")
                             : d.runner->controllers().join(QLatin1Char(' ')));
    }
    // Where the figures of `run --stats`, the window's Resources row and the history come from.
    const bool cgroup = d.kind == RunContainment::Kind::Cgroup && d.runner;
    const auto from = [&](const char *controller, const char *file) {
        return cgroup && d.runner->controllers().contains(QLatin1String(controller))
                   ? QString::fromLatin1(file)
                   : QStringLiteral("summed from /proc every second");
    };
    text += QStringLiteral("resource figures: CPU time %1; memory %2; processes %3\n")
                .arg(cgroup ? QStringLiteral("from cpu.stat")
                            : QStringLiteral("summed from /proc every second"),
                     from("memory", "from memory.current and memory.peak"),
                     from("pids", "from pids.current and pids.peak"));
    if (d.hierarchy.layout != CgroupHierarchy::Layout::None || !d.hierarchy.problem.isEmpty()
        || d.hierarchy.probed)
        text += d.hierarchy.describe() + QLatin1Char('\n');
    const ProcessSignaller::KernelFeatures kernel = ProcessSignaller::kernelFeatures();
    text += QStringLiteral("pidfd: %1; process groups signalled through a pidfd: %2\n")
                .arg(kernel.pidfd ? QStringLiteral("yes - a reused pid is never signalled")
                                  : QStringLiteral("no - kill() by pid (Linux < 5.3)"),
                     kernel.groupByPidfd
                         ? QStringLiteral("yes")
                         : QStringLiteral("no - killpg() while the main process is unreaped "
                                          "(Linux < 6.9)"));
    return text;
}
