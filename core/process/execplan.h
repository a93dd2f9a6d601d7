#pragma once

#include "programresolver.h"
#include "taskspec.h"

#include <QByteArray>

#include <vector>

// Everything execve() needs for a task, prepared in the parent as bytes: the resolved program,
// argv and envp (our environment as the kernel gave it, with the spec's variables and the run's
// marker on top) and the working directory opened as a descriptor. The child only calls
// fchdir() and execve() on it - no allocation, no conversion, nothing lossy: names, arguments
// and values that are not UTF-8 reach the task byte for byte (see ByteText).
//
// Why we exec ourselves instead of letting QProcess do it: QProcess 6.4 leaks a descriptor
// each time its own execve() fails (a missing #! interpreter, an exec format error), and it
// encodes names through QFile::encodeName, which loses bytes that are not UTF-8.
class ExecPlan
{
public:
    ExecPlan() = default;
    ExecPlan(const ExecPlan &) = delete;
    ExecPlan &operator=(const ExecPlan &) = delete;
    ~ExecPlan();

    // false when the task cannot start: failure() and errorText() say why.
    bool prepare(const TaskSpec &spec, const QByteArray &markerEntry);
    StartFailure failure() const { return m_failure; }
    const QString &errorText() const { return m_errorText; }

    const char *path() const { return m_path.constData(); }
    const QByteArray &pathBytes() const { return m_path; }
    char *const *argv() const { return m_argv.data(); }
    char *const *envp() const { return m_envp.data(); }
    int directoryFd() const { return m_directoryFd; } // -1: stay where we are
    // Closes the directory descriptor once the child has it (after spawning).
    void release();

private:
    bool fail(StartFailure failure, const QString &text);
    bool openWorkingDirectory(const QByteArray &directory);

    StartFailure m_failure = StartFailure::None;
    QString m_errorText;
    QByteArray m_path;
    std::vector<QByteArray> m_argStorage;
    std::vector<QByteArray> m_envStorage;
    std::vector<char *> m_argv;
    std::vector<char *> m_envp;
    int m_directoryFd = -1;
};
