// A runner reduced to what the guardian cares about, for tst_guardian to SIGKILL:
//   guardedrunner proc SCRIPT
//   guardedrunner cgroup PARENT_DIRECTORY PARENT_PATH SCRIPT
// starts `bash -c SCRIPT` in a session of its own with a run marker in its environment - in
// "cgroup", inside a run leaf of an instance cgroup made under PARENT_DIRECTORY - registers it
// with RunGuardian (the guardian is $TASKRUNNER_GUARDIAN), prints one line
//   "ready <bash's pid> <the guardian's pid> <the run leaf's directory, or ->"
// (or "failed <why>") and waits to be killed.
#include "processtable.h"
#include "runcgroup.h"
#include "runguardian.h"
#include "runnercgroup.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <cstdio>
#include <unistd.h>
#include <vector>

extern char **environ;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool cgroupMode = argc == 5 && qstrcmp(argv[1], "cgroup") == 0;
    if (!cgroupMode && !(argc == 3 && qstrcmp(argv[1], "proc") == 0)) {
        std::puts("failed usage: guardedrunner proc SCRIPT | cgroup DIRECTORY PATH SCRIPT");
        return 2;
    }
    const QByteArray script = argv[argc - 1];
    const QByteArray marker = "TASKRUNNER_RUN_ID=" + QByteArray::number(::getpid()) + "-1-"
                              + QByteArray::number(QRandomGenerator::global()->generate64(), 16);

    QString error;
    std::unique_ptr<RunnerCgroup> runner;
    RunCgroup *run = nullptr;
    if (cgroupMode) {
        runner = RunnerCgroup::createUnder(QString::fromLocal8Bit(argv[2]),
                                           QString::fromLocal8Bit(argv[3]), &error);
        run = runner ? runner->createRun(&error) : nullptr;
        if (!run) {
            std::printf("failed %s\n", qPrintable(error));
            return 1;
        }
        RunGuardian::instance()->setInstanceCgroup(runner->directory());
    }
    RunGuardian::instance()->registerRun(marker); // before the spawn, as TaskRun does

    std::vector<QByteArray> environment;
    for (char **entry = environ; *entry; ++entry)
        environment.emplace_back(*entry);
    environment.push_back(marker);
    std::vector<char *> envp;
    for (QByteArray &entry : environment)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    char *const args[] = {const_cast<char *>("/bin/bash"), const_cast<char *>("-c"),
                          const_cast<char *>(script.constData()), nullptr};
    const int procsFd = run ? run->procsFd() : -1;
    const pid_t child = ::fork();
    if (child == 0) {
        if (procsFd >= 0 && ::write(procsFd, "0", 1) != 1)
            ::_exit(99);
        ::setsid();
        ::execve(args[0], args, envp.data());
        ::_exit(127);
    }
    if (run)
        run->closeProcsFd();
    RunGuardian::instance()->registerRun(marker, child);
    std::printf("ready %d %d %s\n", int(child), int(RunGuardian::instance()->processId()),
                run ? qPrintable(run->directory()) : "-");
    std::fflush(stdout);
    return app.exec();
}
