// Another program writing to the run history at the same time as others:
//   historywriter DB COUNT finish       records COUNT runs, start and finish each
//   historywriter DB COUNT start-only   records COUNT starts and exits without finishing
//                                       (a program that died mid-run)
// Exit 0 when every write succeeded; prints what failed otherwise.
#include "runhistory.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 4)
        return 2;
    RunHistory history;
    const RunHistory::OpenResult opened = history.open(QString::fromLocal8Bit(argv[1]));
    if (!opened.ok) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error));
        return 1;
    }
    const int count = QByteArray(argv[2]).toInt();
    const bool finish = QByteArray(argv[3]) == "finish";
    for (int i = 0; i < count; ++i) {
        RunRecord record;
        record.taskName = QStringLiteral("writer-%1").arg(QCoreApplication::applicationPid());
        record.trigger = QStringLiteral("test");
        record.id = history.recordStart(record);
        if (record.id == 0) {
            std::fprintf(stderr, "start %d: %s\n", i, qPrintable(history.lastError()));
            return 1;
        }
        record.result.outcome = RunOutcome::Exited;
        record.result.exitCode = i % 256;
        if (finish && !history.recordFinish(record)) {
            std::fprintf(stderr, "finish %d: %s\n", i, qPrintable(history.lastError()));
            return 1;
        }
    }
    return 0;
}
