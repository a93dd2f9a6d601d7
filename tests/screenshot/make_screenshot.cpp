// Fills a throw-away library with a few tasks, runs some of them in the real main window and
// saves a picture of it. The config lives in a temporary directory: the user's is untouched.
//   make_screenshot [--dark] [OUT.png]
// --dark: the app's dark palette (AppPalette, as `taskrunner --palette dark` has it) - to see
// that everything stays readable there.

#include "apppalette.h"
#include "logview.h"
#include "mainwindow.h"
#include "outputlog.h"
#include "runpane.h"

#include <QApplication>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

int main(int argc, char *argv[])
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    qputenv("XDG_DATA_HOME", QFile::encodeName(config.path())); // run logs too
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner"));
    QApplication::setApplicationName(QStringLiteral("taskrunner"));
    QString out = QStringLiteral("screenshot.png");
    for (const QString &argument : QApplication::arguments().mid(1)) {
        if (argument == QLatin1String("--dark")) {
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
