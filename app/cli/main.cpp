#include "runarguments.h"
#include "runsession.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

QString generalUsage()
{
    return QStringLiteral("Usage: taskrunner-cli run [OPTIONS] (--shell SCRIPT | [--] PROGRAM "
                          "[ARGS...])\n"
                          "       taskrunner-cli --help | run --help\n\n")
           + runUsage();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("taskrunner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKRUNNER_VERSION));

    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        std::fputs(qPrintable(generalUsage()), args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 125 : 0;
    }
    if (args.first() == QLatin1String("--version")) {
        std::printf("taskrunner-cli %s\n", TASKRUNNER_VERSION);
        return 0;
    }
    if (args.first() != QLatin1String("run")) {
        std::fprintf(stderr, "taskrunner-cli: unknown command '%s' (see --help)\n",
                     qPrintable(args.first()));
        return 125;
    }

    const RunArguments parsed = parseRunArguments(args.mid(1));
    if (parsed.helpRequested) {
        std::fputs(qPrintable(runUsage()), stdout);
        return 0;
    }
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "taskrunner-cli: %s\n", qPrintable(parsed.error));
        return 125;
    }
    if (!parsed.taskName.isEmpty()) {
        std::fprintf(stderr, "taskrunner-cli: --task needs the task library, which this build "
                             "does not have yet\n");
        return 125;
    }

    RunSession session(parsed.spec);
    QObject::connect(&session, &RunSession::done, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    session.start();
    return app.exec();
}
