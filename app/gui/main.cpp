#include "apppalette.h"
#include "firstframereport.h"
#include "mainwindow.h"
#include "platformdelegation.h"
#include "processhygiene.h"
#include "taskrun.h"
#include "unixsignalwatcher.h"

#if TASKRUNNER_WITH_DBUS
#include "desktopbus.h"

#include <QDBusError>
#endif

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

// The options of the GUI's command line, added to a parser.
struct Options
{
    QCommandLineOption run{QStringLiteral("run"),
                           QStringLiteral("Run the saved task NAME (may be given more than "
                                          "once) - in the taskrunner already running, if "
                                          "there is one."),
                           QStringLiteral("NAME")};
    QCommandLineOption palette{QStringLiteral("palette"),
                               QStringLiteral("Colours: system (the desktop's), light or dark; "
                                              "for this session, over the Preferences' choice."),
                               QStringLiteral("SCHEME")};
    QCommandLineOption quickRun{QStringLiteral("quick-run"),
                                QStringLiteral("Focus the quick-run box.")};
    QCommandLineOption newTask{QStringLiteral("new-task"),
                               QStringLiteral("Open the editor for a new task.")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QStringLiteral("A desktop task runner."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({run, palette, quickRun, newTask});
    }
};

// Whether the command line asks only for the help or the version: those need no display,
// and QApplication aborts without one, so they are answered before it is made.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--")
            return false; // what follows is not an option
        if (argument == "--run" || argument == "--palette") {
            ++i; // their value, whatever it looks like
            continue;
        }
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-v"
            || argument == "--version")
            return true;
    }
    return false;
}

void nameTheApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("taskrunner"));
    QCoreApplication::setApplicationName(QStringLiteral("taskrunner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKRUNNER_VERSION));
}

// Whether Qt has somewhere to show a window: QApplication aborts ("could not connect to
// display") where it has none, so such a launch only hands over to a running taskrunner.
bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")
           || !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

#if TASKRUNNER_WITH_DBUS
InstanceHandover::Launch launchFrom(const QCommandLineParser &parser, const Options &options)
{
    InstanceHandover::Launch launch;
    launch.runNames = parser.values(options.run);
    launch.quickRun = parser.isSet(options.quickRun);
    launch.newTask = parser.isSet(options.newTask);
    launch.token = InstanceHandover::Launch::tokenFromEnvironment();
    return launch;
}

// The exit status once handed over to the running taskrunner; none if there is none.
std::optional<int> handOverToRunning(const QDBusConnection &bus,
                                     const InstanceHandover::Launch &launch)
{
    const InstanceHandover::Result result
        = InstanceHandover::handOver(bus, launch, InstanceHandover::timeoutMs());
    if (result.kind == InstanceHandover::Result::Kind::NoInstance)
        return std::nullopt;
    for (const QString &error : result.errors)
        std::fprintf(stderr, "taskrunner: %s\n", qPrintable(error));
    return result.errors.isEmpty() ? 0 : 1;
}
#endif

// No display: the running taskrunner may still take the request over the session bus.
int launchWithoutDisplay(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    nameTheApplication();
    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    parser.process(app); // an unknown option: said, and exit 1
#if TASKRUNNER_WITH_DBUS
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        if (const std::optional<int> status = handOverToRunning(bus, launchFrom(parser, options)))
            return *status;
    }
#endif
    std::fprintf(stderr, "taskrunner: no display (neither DISPLAY nor WAYLAND_DISPLAY is set) "
                         "and no taskrunner running on the session bus to hand over to; "
                         "taskrunner-cli runs tasks without one\n");
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything opens a descriptor or creates a file.
    ProcessHygiene::ensureStandardDescriptors();
    ProcessHygiene::usePrivateUmask();
    // A write to a terminal that has gone away must fail, not end the app and orphan its runs.
    ::signal(SIGPIPE, SIG_IGN);

    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        nameTheApplication();
        QCommandLineParser parser;
        Options().addTo(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    if (!hasDisplay())
        return launchWithoutDisplay(argc, argv);

    QApplication app(argc, argv);
    nameTheApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("taskrunner"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.taskrunner.TaskRunner"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/taskrunner.svg")));
    ProcessHygiene::tightenExistingFiles();
    // Where our own cgroup is not writable, the first run asks the user's systemd for one.
    PlatformDelegation::install();

    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    parser.process(app);

    std::optional<AppPalette::Scheme> scheme = AppPalette::fromSettings();
    if (parser.isSet(options.palette)) {
        scheme = AppPalette::fromName(parser.value(options.palette));
        if (!scheme) {
            std::fprintf(stderr, "taskrunner: --palette takes system, light or dark, not '%s'\n",
                         qPrintable(parser.value(options.palette)));
            return 2;
        }
    }
    AppPalette::apply(*scheme);

#if TASKRUNNER_WITH_DBUS
    // One instance per session: a later launch hands its arguments to the running one and ends.
    const InstanceHandover::Launch launch = launchFrom(parser, options);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        std::fprintf(stderr,
                     "taskrunner: no session bus (%s): running without the single instance, "
                     "the D-Bus interface and notifications\n",
                     qPrintable(bus.lastError().message()));
    } else if (const std::optional<int> status = handOverToRunning(bus, launch)) {
        return *status;
    }
#endif

    // exit() called by a library - Qt's xcb plugin does when the display connection is lost -
    // skips the event loop and every destructor of ours: stop the runs there too.
    TaskRun::stopAllAtExit();

    MainWindow window(std::make_unique<UserPrompts>());
    // Every signal that would end us goes through the same careful path as Quit: stop all
    // runs, then exit with 128 + the signal; a second one kills at once.
    UnixSignalWatcher signals({SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM});
    QObject::connect(&signals, &UnixSignalWatcher::received, &window, &MainWindow::quitOnSignal);
    FirstFrameReport::watch(&window); // start-up benchmarks only
#if TASKRUNNER_WITH_DBUS
    std::unique_ptr<DesktopBus> desktopBus;
    if (bus.isConnected()) {
        desktopBus = std::make_unique<DesktopBus>(&window, bus);
        QString error;
        switch (desktopBus->claim(&error)) {
        case InstanceHandover::Claim::Claimed:
            break;
        case InstanceHandover::Claim::Taken: // another launch was quicker
            if (const std::optional<int> status = handOverToRunning(bus, launch))
                return *status;
            desktopBus.reset();
            break;
        case InstanceHandover::Claim::Failed:
            std::fprintf(stderr, "taskrunner: not on the session bus: %s\n", qPrintable(error));
            desktopBus.reset();
            break;
        }
    }
#endif
    window.show();
    for (const QString &name : parser.values(options.run)) {
        if (!window.runTaskNamed(name, RunTriggers::commandLine()))
            std::fprintf(stderr, "taskrunner: %s\n",
                         qPrintable(TaskLibrary::noSuchTaskMessage(name)));
    }
    if (parser.isSet(options.newTask))
        window.newTask();
    if (parser.isSet(options.quickRun)) {
        if (auto *action = window.findChild<QAction *>(QStringLiteral("quickRunAction")))
            action->trigger();
    }
    const int status = app.exec();
    return window.exitCode() != 0 ? window.exitCode() : status;
}
