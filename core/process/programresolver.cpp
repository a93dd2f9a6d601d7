#include "programresolver.h"

#include "bytetext.h"

#include <QList>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString errorWords(int errorNumber)
{
    return QString::fromLocal8Bit(std::strerror(errorNumber));
}

QByteArray joinPath(const QByteArray &directory, const QByteArray &name)
{
    if (directory.isEmpty())
        return name;
    if (directory.endsWith('/'))
        return QByteArray(directory + name);
    return QByteArray(directory + '/' + name);
}

// The file a path names, relative to the working directory when it is relative.
QByteArray anchored(const QByteArray &path, const QByteArray &workingDirectory)
{
    return path.startsWith('/') || workingDirectory.isEmpty() ? path
                                                              : joinPath(workingDirectory, path);
}

// The #! line's interpreter, if the file starts with one.
QByteArray interpreterOf(const QByteArray &path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return {};
    char head[256];
    const ssize_t n = ::read(fd, head, sizeof head);
    ::close(fd);
    if (n < 3 || head[0] != '#' || head[1] != '!')
        return {};
    QByteArray line(head + 2, int(n - 2));
    const qsizetype end = line.indexOf('\n');
    if (end >= 0)
        line.truncate(end);
    line = line.trimmed();
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? line : line.left(space);
}

} // namespace

ProgramResolution describeExecFailure(const QByteArray &path, int errorNumber)
{
    ProgramResolution result;
    const QString shown = ByteText::displayable(path);
    result.failure = StartFailure::NotExecutable;
    switch (errorNumber) {
    case ENOENT: {
        struct stat st;
        if (::stat(path.constData(), &st) != 0) { // gone since we looked
            result.failure = StartFailure::ProgramNotFound;
            result.errorText = QStringLiteral("%1: program not found").arg(shown);
            break;
        }
        const QByteArray interpreter = interpreterOf(path);
        result.errorText = interpreter.isEmpty()
                               ? QStringLiteral("%1: bad interpreter (no such file)").arg(shown)
                               : QStringLiteral("%1: bad interpreter %2: no such file")
                                     .arg(shown, ByteText::displayable(interpreter));
        break;
    }
    case ENOEXEC:
        result.errorText
            = QStringLiteral("%1: exec format error (not a program, and no #! line)").arg(shown);
        break;
    case EACCES:
    case EPERM:
        result.errorText = QStringLiteral("%1: not executable (permission denied)").arg(shown);
        break;
    case ENOMEM:
    case EAGAIN:
    case EMFILE:
    case ENFILE:
        result.failure = StartFailure::Other;
        result.errorText = QStringLiteral("%1: %2").arg(shown, errorWords(errorNumber));
        break;
    default: // ELOOP, ENOTDIR, ETXTBSY, E2BIG, ...: there, but cannot run, as shells say
        result.errorText = QStringLiteral("%1: %2").arg(shown, errorWords(errorNumber));
        break;
    }
    return result;
}

ProgramResolution resolveProgram(const QByteArray &program, const QByteArray &pathVariable,
                                 const QByteArray &workingDirectory)
{
    ProgramResolution result;
    const QString shown = ByteText::displayable(program);
    if (program.isEmpty()) {
        result.failure = StartFailure::ProgramNotFound;
        result.errorText = QStringLiteral("no program given");
        return result;
    }
    if (program.contains('/')) {
        const QByteArray path = anchored(program, workingDirectory);
        struct stat st;
        if (::stat(path.constData(), &st) != 0) {
            const int error = errno;
            result.failure
                = error == ENOENT ? StartFailure::ProgramNotFound : StartFailure::NotExecutable;
            result.errorText = error == ENOENT
                                   ? QStringLiteral("%1: program not found").arg(shown)
                                   : QStringLiteral("%1: %2").arg(shown, errorWords(error));
        } else if (S_ISDIR(st.st_mode)) {
            result.failure = StartFailure::NotExecutable;
            result.errorText = QStringLiteral("%1: is a directory").arg(shown);
        } else if (::access(path.constData(), X_OK) != 0) {
            result.failure = StartFailure::NotExecutable;
            result.errorText = QStringLiteral("%1: not executable (permission denied)").arg(shown);
        } else {
            result.path = path;
        }
        return result;
    }

    // As execvp: an empty PATH entry means the current directory; the first executable wins;
    // a match we may not execute, or a directory we may not search, is remembered for the
    // error message (execvp reports EACCES then, and shells 126).
    QByteArray notExecutable;
    int blockedError = 0;
    for (const QByteArray &entry : pathVariable.split(':')) {
        const QByteArray directory
            = anchored(entry.isEmpty() ? QByteArray(".") : entry, workingDirectory);
        const QByteArray candidate = joinPath(directory, program);
        struct stat st;
        if (::stat(candidate.constData(), &st) != 0) {
            if (errno == EACCES && !blockedError)
                blockedError = EACCES;
            continue;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        if (::access(candidate.constData(), X_OK) == 0) {
            result.path = candidate;
            return result;
        }
        if (notExecutable.isEmpty())
            notExecutable = candidate;
    }
    if (!notExecutable.isEmpty()) {
        result.failure = StartFailure::NotExecutable;
        result.errorText = QStringLiteral("%1: not executable (permission denied)")
                               .arg(ByteText::displayable(notExecutable));
    } else if (blockedError) {
        result.failure = StartFailure::NotExecutable;
        result.errorText
            = QStringLiteral("%1: permission denied (a directory in PATH cannot be searched)")
                  .arg(shown);
    } else {
        result.failure = StartFailure::ProgramNotFound;
        result.errorText = QStringLiteral("%1: program not found in PATH").arg(shown);
    }
    return result;
}

StartFailure classifyExecFailure(const QString &errorString)
{
    if (errorString.contains(QLatin1String("No such file")))
        return StartFailure::ProgramNotFound;
    if (errorString.contains(QLatin1String("Permission denied"))
        || errorString.contains(QLatin1String("Exec format error")))
        return StartFailure::NotExecutable;
    if (errorString.contains(QLatin1String("chdir")))
        return StartFailure::BadWorkingDirectory;
    return StartFailure::Other;
}
