// A runner that adopts the cgroup it was started in (RunnerCgroup::adopt), for tst_cgroups:
//   cgroupadopter DIRECTORY PATH
// moves itself into DIRECTORY/runner, starts `sleep 300` in a run leaf, prints one line
//   "adopted <its cgroup path now> <the run leaf's directory> <sleep's pid>"
// (or "failed <why>") and waits for its stdin to close; the RunnerCgroup then ends, killing
// the sleep and removing the run leaf.
#include "cgroupfiles.h"
#include "runcgroup.h"
#include "runnercgroup.h"

#include <QCoreApplication>

#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::puts("failed usage: cgroupadopter DIRECTORY PATH");
        return 2;
    }
    QString error;
    std::unique_ptr<RunnerCgroup> runner = RunnerCgroup::adopt(
        QString::fromLocal8Bit(argv[1]), QString::fromLocal8Bit(argv[2]), &error);
    RunCgroup *run = runner ? runner->createRun(&error) : nullptr;
    if (!run) {
        std::printf("failed %s\n", qPrintable(error));
        return 1;
    }
    const int fd = run->procsFd();
    const pid_t child = ::fork();
    if (child == 0) {
        if (::write(fd, "0", 1) != 1)
            ::_exit(99);
        ::execlp("sleep", "sleep", "300", static_cast<char *>(nullptr));
        ::_exit(127);
    }
    run->closeProcsFd();
    const QString self = CgroupFiles::cgroupPathOf(::getpid()).value_or(QString());
    std::printf("adopted %s %s %d\n", qPrintable(self), qPrintable(run->directory()), int(child));
    std::fflush(stdout);
    char buffer[64];
    while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    runner.reset(); // kills the sleep, removes the run leaf
    ::waitpid(child, nullptr, 0);
    return 0;
}
