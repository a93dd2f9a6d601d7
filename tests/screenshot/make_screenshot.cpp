// Fills a throw-away library with a few tasks, runs some of them in the real main window and
// saves a picture of it. The config lives in a temporary directory: the user's is untouched.
//   make_screenshot [--dark] [--insight] [OUT.png]
// --dark: the app's dark palette (AppPalette, as `taskrunner --palette dark` has it) - to see
// that everything stays readable there.
// --insight: one run of a busy tree, with the Processes panel and the run's CPU and memory
// chart (it waits 12 s for the chart to have a curve).

#include "apppalette.h"
#include "logview.h"
#include "mainwindow.h"
#include "outputlog.h"
#include "runpane.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

namespace {

// A build-like tree: three busy compilers, a linker holding memory, and a daemon that left the
// session; the Processes panel beside it, the run's details with its chart.
int showInsight(TaskLibrary &library, const QString &configDir, const QString &out)
{
    Task task;
    task.name = QStringLiteral("Build (parallel)");
    task.spec = TaskSpec::forShell(QStringLiteral(
        "echo 'building 3 modules'\n"
        "for m in parser lexer codegen; do bash -c \"echo compiling $m; while :; do :; done\" & "
        "done\n"
        "python3 -c 'import time; b=[]; [(b.append(bytearray(8*2**20)), time.sleep(0.25)) for _ "
        "in range(40)]; time.sleep(300)' &\n"
        "setsid sleep 300 &\n"
        "wait"));
    library.add(task);
    MainWindow window(std::make_unique<UserPrompts>(), configDir + QStringLiteral("/tasks.json"));
    window.resize(1600, 940);
    window.show();
    window.selectTask(task.name);
    window.runSelectedTask();
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("processTreeDock"));
    dock->show();
    window.resizeDocks({dock}, {700}, Qt::Horizontal); // the figures beside the commands
    QTimer::singleShot(200, &window, [&window] {
        if (RunPane *pane = window.currentPane())
            pane->setDetailsShown(true);
    });
    QTimer::singleShot(12000, &window, [&] {
        window.grab().save(out);
        for (RunPane *pane : window.panes())
            pane->kill();
        QTimer::singleShot(1000, qApp, &QApplication::quit);
    });
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    qputenv("XDG_DATA_HOME", QFile::encodeName(config.path())); // run logs too
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner"));
    QApplication::setApplicationName(QStringLiteral("taskrunner"));
    QString out = QStringLiteral("screenshot.png");
    bool insight = false;
    for (const QString &argument : QApplication::arguments().mid(1)) {
        if (argument == QLatin1String("--insight")) {
            insight = true;
        } else if (argument == QLatin1String("--dark")) {
            AppPalette::apply(AppPalette::Scheme::Dark); // what `taskrunner --palette dark` gets
        } else {
            out = argument;
        }
    }

    TaskLibrary library(config.path() + QStringLiteral("/tasks.json"));
    library.load(); // a new, empty one; each add() saves it
    const auto add = [&library](const QString &name, const QString &script, int timeoutMs = 0) {
        Task task;
        task.name = name;
        task.spec = TaskSpec::forShell(script);
        task.spec.timeout = std::chrono::milliseconds(timeoutMs);
        library.add(task);
    };
    add(QStringLiteral("Build"), QStringLiteral("for i in $(seq 1 40); do echo \"[$i/40] compiling "
                                                "module_$i.cpp\"; done; echo 'error: link failed' "
                                                ">&2; exit 2"));
    add(QStringLiteral("Dev server"), QStringLiteral("echo 'listening on :8080'; sleep 300"));
    add(QStringLiteral("Backup"), QStringLiteral("sleep 120; echo done"), 1000);
    add(QStringLiteral("Test suite"), QStringLiteral("echo 'running 128 tests'; echo ok"));

    if (insight)
        return showInsight(library, config.path(), out);

    MainWindow window(std::make_unique<UserPrompts>(),
                      config.path() + QStringLiteral("/tasks.json"));
    window.resize(1100, 640);
    window.show();
    for (const Task &task : library.tasks()) {
        window.selectTask(task.name);
        window.runSelectedTask();
    }
    // Pick the build's tab to show, once everything has settled.
    QTimer::singleShot(2500, &app, [&] {
        window.selectTask(QStringLiteral("Build"));
        window.findChild<QTabWidget *>(QStringLiteral("runTabs"))->setCurrentIndex(0);
        window.grab().save(out);
        for (RunPane *pane : window.panes())
            pane->kill();
        QTimer::singleShot(500, &app, &QApplication::quit);
    });
    return app.exec();
}
