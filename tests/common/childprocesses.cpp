#include "childprocesses.h"

#include <QElapsedTimer>

#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace ChildProcesses {

pid_t spawn(const QByteArrayList &argv, const Options &options)
{
    QByteArrayList environment;
    if (!options.clearEnvironment) {
        for (char **entry = environ; *entry; ++entry)
            environment.append(QByteArray(*entry));
    }
    environment += options.environment;
    std::vector<char *> args;
    for (const QByteArray &argument : argv)
        args.push_back(const_cast<char *>(argument.constData()));
    args.push_back(nullptr);
    std::vector<char *> envp;
    for (const QByteArray &entry : environment)
        envp.push_back(const_cast<char *>(entry.constData()));
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid != 0)
        return pid;
    if (options.cgroupProcsFd >= 0 && ::write(options.cgroupProcsFd, "0", 1) != 1)
        ::_exit(99);
    if (options.newSession)
        ::setsid();
    else if (options.newGroup)
        ::setpgid(0, 0);
    if (options.stdinFd >= 0)
        ::dup2(options.stdinFd, STDIN_FILENO);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
}

pid_t spawnShell(const QByteArray &script, const Options &options)
{
    return spawn({"/bin/bash", "-c", script}, options);
}

quint64 startTimeOf(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    FILE *file = std::fopen(path, "re");
    if (!file)
        return 0;
    char text[1024] = {};
    const size_t n = std::fread(text, 1, sizeof text - 1, file);
    std::fclose(file);
    const QByteArray stat(text, qsizetype(n));
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    // After ") ": state is field 3; starttime is field 22, so the 20th after the state.
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    return fields.size() > 19 ? fields.at(19).toULongLong() : 0;
}

QVector<int> pidfdsOf(const QVector<pid_t> &pids)
{
    QVector<int> pidfds;
    for (const pid_t pid : pids) {
        const int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
        if (pidfd >= 0)
            pidfds.append(pidfd);
    }
    return pidfds;
}

qint64 waitForExits(const QVector<int> &pidfds, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    std::vector<pollfd> waiting;
    for (const int fd : pidfds)
        waiting.push_back(pollfd{fd, POLLIN, 0});
    qint64 last = 0;
    while (!waiting.empty() && clock.elapsed() < timeoutMs) {
        ::poll(waiting.data(), waiting.size(), int(timeoutMs - clock.elapsed()));
        for (size_t i = waiting.size(); i-- > 0;) {
            if (waiting[i].revents != 0) {
                last = clock.elapsed();
                waiting.erase(waiting.begin() + qsizetype(i));
            }
        }
    }
    for (const int fd : pidfds)
        ::close(fd);
    return waiting.empty() ? last : -1;
}

int waitForChild(pid_t pid, int timeoutMs)
{
    const int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        pollfd exit{pidfd, POLLIN, 0};
        ::poll(&exit, 1, timeoutMs);
        ::close(pidfd);
    }
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) == pid ? status : -1;
}

void killAndReap(const QVector<pid_t> &pids)
{
    for (const pid_t pid : pids) {
        // Our unreaped child: the number cannot have been reused.
        if (::waitpid(pid, nullptr, WNOHANG) == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
}

} // namespace ChildProcesses
