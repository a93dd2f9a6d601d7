#include "execplan.h"

#include "bytetext.h"
#include "environmentname.h"

#include <QSet>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

extern char **environ;

namespace {

QByteArray nameOf(const QByteArray &entry)
{
    const qsizetype eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.left(eq);
}

char *pointerTo(const QByteArray &bytes)
{
    // execve() takes char *const[] but never writes through it.
    return const_cast<char *>(bytes.constData());
}

} // namespace

ExecPlan::~ExecPlan()
{
    release();
}

void ExecPlan::release()
{
    if (m_directoryFd >= 0) {
        ::close(m_directoryFd);
        m_directoryFd = -1;
    }
}

bool ExecPlan::fail(StartFailure failure, const QString &text)
{
    m_failure = failure;
    m_errorText = text;
    release();
    return false;
}

bool ExecPlan::openWorkingDirectory(const QByteArray &directory)
{
    const QString shown = ByteText::displayable(directory);
    // O_PATH: a directory we may search but not read is still a fine working directory.
    m_directoryFd = ::open(directory.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (m_directoryFd < 0) {
        const int error = errno;
        switch (error) {
        case ENOENT:
            return fail(StartFailure::BadWorkingDirectory,
                        QStringLiteral("working directory %1 does not exist").arg(shown));
        case ENOTDIR:
            return fail(StartFailure::BadWorkingDirectory,
                        QStringLiteral("working directory %1 is not a directory").arg(shown));
        case ELOOP:
            return fail(
                StartFailure::BadWorkingDirectory,
                QStringLiteral("working directory %1 is a loop of symbolic links").arg(shown));
        default:
            return fail(StartFailure::BadWorkingDirectory,
                        QStringLiteral("working directory %1 is not accessible: %2")
                            .arg(shown, QString::fromLocal8Bit(std::strerror(error))));
        }
    }
    // fchdir() needs search permission, which O_PATH did not check.
    if (::access(directory.constData(), X_OK) != 0) {
        const int error = errno;
        return fail(StartFailure::BadWorkingDirectory,
                    QStringLiteral("working directory %1 is not accessible: %2")
                        .arg(shown, QString::fromLocal8Bit(std::strerror(error))));
    }
    return true;
}

bool ExecPlan::prepare(const TaskSpec &spec, const QByteArray &markerEntry)
{
    QByteArray directory = ByteText::encode(spec.workingDirectory);
    if (!directory.isEmpty() && !directory.startsWith('/')) {
        // Absolute, so that a program path anchored on it means the same in the child, which
        // will have changed directory by then.
        char here[4096];
        if (::getcwd(here, sizeof here))
            directory = QByteArray(here) + '/' + directory;
    }
    if (!directory.isEmpty() && !openWorkingDirectory(directory))
        return false;
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it) {
        if (!isValidEnvironmentName(it.key()))
            return fail(StartFailure::Other,
                        QStringLiteral("\"%1\" is not a valid environment variable name")
                            .arg(ByteText::displayable(ByteText::encode(it.key()))));
    }

    // The environment: ours, as bytes, less what the spec overrides, plus the spec's and the
    // run's marker.
    QSet<QByteArray> overridden{nameOf(markerEntry)};
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        overridden.insert(ByteText::encode(it.key()));
    QByteArray pathVariable;
    bool pathSet = false;
    for (char **entry = environ; entry && *entry; ++entry) {
        const QByteArray bytes(*entry);
        const QByteArray name = nameOf(bytes);
        if (overridden.contains(name))
            continue;
        if (name == "PATH") {
            pathVariable = bytes.mid(5);
            pathSet = true;
        }
        m_envStorage.push_back(bytes);
    }
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it) {
        const QByteArray name = ByteText::encode(it.key());
        const QByteArray value = ByteText::encode(it.value());
        if (name == "PATH") {
            pathVariable = value;
            pathSet = true;
        }
        m_envStorage.push_back(name + '=' + value);
    }
    m_envStorage.push_back(markerEntry);
    if (!pathSet)
        pathVariable = "/usr/local/bin:/usr/bin:/bin"; // what shells search without a PATH

    QByteArray program;
    if (spec.useShell) {
        program = "/bin/bash";
        m_argStorage = {program, "-c", ByteText::encode(spec.shellScript)};
    } else {
        program = ByteText::encode(spec.program);
        m_argStorage.push_back(program); // argv[0] as given, as execvp() does
        for (const QString &argument : spec.arguments)
            m_argStorage.push_back(ByteText::encode(argument));
    }
    const ProgramResolution resolved = resolveProgram(program, pathVariable, directory);
    if (resolved.failure != StartFailure::None)
        return fail(resolved.failure, resolved.errorText);
    m_path = resolved.path;

    for (const QByteArray &argument : m_argStorage)
        m_argv.push_back(pointerTo(argument));
    m_argv.push_back(nullptr);
    for (const QByteArray &entry : m_envStorage)
        m_envp.push_back(pointerTo(entry));
    m_envp.push_back(nullptr);
    return true;
}
