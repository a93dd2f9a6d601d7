// Start-up of the desktop app as its user sees it: from starting the program to its window's
// first frame on screen, with an empty home and with a home holding 100,000 runs of 1,000 saved
// tasks, beside a baseline in the same run - a bare QMainWindow with a QPlainTextEdit, started
// the same way. Uses the display of the environment (run it under Xvfb, or offscreen). Prints
// the median, fastest and slowest of several launches each, interleaved. Figures, not
// assertions.
#include "firstframereport.h"
#include "runhistory.h"
#include "task.h"
#include "tasklibrary.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

constexpr int Launches = 7;

// The baseline: what any Qt Widgets program of this shape costs to show on this machine.
int showBaselineWindow(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QPlainTextEdit);
    window.resize(1100, 700);
    FirstFrameReport::watch(&window);
    window.show();
    return app.exec();
}

// A home with tasks tasks in its library and runs runs of them in its history.
void fillHome(const QString &home, int tasks, int runs)
{
    QList<Task> library;
    for (int i = 0; i < tasks; ++i) {
        Task task;
        task.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        task.name = QStringLiteral("task %1").arg(i, 4, 10, QLatin1Char('0'));
        task.spec = TaskSpec::forShell(QStringLiteral("echo %1").arg(i));
        library.append(task);
    }
    QDir().mkpath(home + QStringLiteral("/config/taskrunner"));
    QSaveFile file(home + QStringLiteral("/config/taskrunner/tasks.json"));
    file.open(QIODevice::WriteOnly);
    file.write(TaskLibrary::toJson(library));
    file.commit();
    QFile::setPermissions(file.fileName(), QFile::ReadOwner | QFile::WriteOwner);

    const QString path = home + QStringLiteral("/data/taskrunner/history.sqlite");
    QDir().mkpath(home + QStringLiteral("/data/taskrunner"));
    {
        RunHistory history; // the schema, as the app makes it
        history.open(path);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fill"));
    db.setDatabaseName(path);
    db.open();
    {
        QSqlQuery q(db);
        q.exec(QStringLiteral("BEGIN"));
        q.prepare(QStringLiteral(
            "INSERT INTO runs (task_id, task_name, trigger, started_ms, ended_ms, state, outcome,"
            " exit_code, duration_ms, owner_pid, owner_start) VALUES (?, ?, 'manual', ?, ?,"
            " 'finished', 'exited', 0, 1000, 1, 1)"));
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(runs) * 60'000;
        for (int i = 0; i < runs; ++i) {
            const Task &task = library.at(i % tasks);
            q.addBindValue(task.id);
            q.addBindValue(task.name);
            q.addBindValue(start + qint64(i) * 60'000);
            q.addBindValue(start + qint64(i) * 60'000 + 1000);
            q.exec();
        }
        q.exec(QStringLiteral("COMMIT"));
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("fill"));
}

// Milliseconds from starting program to its "first-frame" line, -1 if it never came.
double launch(const QString &program, const QStringList &arguments, const QString &home)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TASKRUNNER_REPORT_FIRST_FRAME"), QStringLiteral("1"));
    for (const char *name : {"DATA", "CONFIG", "CACHE", "STATE"}) {
        env.insert(QStringLiteral("XDG_%1_HOME").arg(QLatin1String(name)),
                   home + u'/' + QString::fromLatin1(name).toLower());
    }
    process.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    // The line comes on stderr: wait on that channel, or each wait lasts its whole timeout.
    process.setReadChannel(QProcess::StandardError);
    double ms = -1;
    QByteArray err;
    while (clock.elapsed() < 30'000 && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        err += process.readAllStandardError();
        if (err.contains("first-frame\n")) {
            ms = double(clock.nsecsElapsed()) / 1e6;
            break;
        }
    }
    process.terminate(); // SIGTERM: the app's own quit path
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished();
    }
    if (ms < 0)
        std::fprintf(stderr, "no first frame from %s: %s\n", qPrintable(program), err.constData());
    return ms;
}

struct Series
{
    const char *name;
    QString program;
    QStringList arguments;
    QString home;
    std::vector<double> ms;
};

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], "--baseline-window") == 0)
        return showBaselineWindow(argc, argv);
    QCoreApplication app(argc, argv);
    const QString gui = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(TASKRUNNER_GUI);
    QTemporaryDir dir;
    const QString empty = dir.filePath(QStringLiteral("empty"));
    const QString big = dir.filePath(QStringLiteral("big"));
    QDir().mkpath(empty);
    QElapsedTimer fill;
    fill.start();
    fillHome(big, 1000, 100'000);
    std::printf("home filled (1,000 tasks, 100,000 runs) in %.0f ms; platform %s\n",
                double(fill.elapsed()),
                qEnvironmentVariableIsSet("DISPLAY") ? "xcb (DISPLAY set)" : "default");

    std::vector<Series> series = {
        {"baseline: QMainWindow + QPlainTextEdit",
         QCoreApplication::applicationFilePath(),
         {QStringLiteral("--baseline-window")},
         empty,
         {}},
        {"taskrunner, empty home", gui, {}, empty, {}},
        {"taskrunner, 1,000 tasks + 100,000 runs", gui, {}, big, {}},
    };
    for (Series &each : series) // once each unmeasured: caches warm, settings written
        launch(each.program, each.arguments, each.home);
    for (int round = 0; round < Launches; ++round) {
        for (Series &each : series)
            each.ms.push_back(launch(each.program, each.arguments, each.home));
    }
    std::printf("launch -> first frame, %d launches each (ms):\n", Launches);
    for (Series &each : series) {
        std::sort(each.ms.begin(), each.ms.end());
        std::printf("  %-42s median %7.1f   fastest %7.1f   slowest %7.1f\n", each.name,
                    each.ms[each.ms.size() / 2], each.ms.front(), each.ms.back());
    }
    return 0;
}
