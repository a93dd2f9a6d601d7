#include "programresolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace {

bool isExecutableFile(const QFileInfo &info)
{
    return info.isFile()
           && ::access(QFile::encodeName(info.absoluteFilePath()).constData(), X_OK) == 0;
}

} // namespace

ProgramResolution resolveProgram(const QString &program, const QString &pathVariable,
                                 const QString &workingDirectory)
{
    ProgramResolution result;
    if (program.contains(QLatin1Char('/'))) {
        QFileInfo info(program);
        if (info.isRelative())
            info = QFileInfo(
                QDir(workingDirectory.isEmpty() ? QDir::currentPath() : workingDirectory), program);
        if (!info.exists()) {
            result.failure = StartFailure::ProgramNotFound;
            result.errorText = QStringLiteral("%1: program not found").arg(program);
        } else if (!isExecutableFile(info)) {
            result.failure = StartFailure::NotExecutable;
            result.errorText
                = info.isDir()
                      ? QStringLiteral("%1: is a directory").arg(program)
                      : QStringLiteral("%1: not executable (permission denied)").arg(program);
        } else {
            result.path = info.absoluteFilePath();
        }
        return result;
    }

    // As execvp: an empty PATH entry means the current directory; the first executable wins,
    // and a match without execute permission is remembered for the error message.
    QString notExecutable;
    const QStringList dirs = pathVariable.split(QLatin1Char(':'));
    for (const QString &dir : dirs) {
        QString base = dir.isEmpty() ? QStringLiteral(".") : dir;
        if (QFileInfo(base).isRelative() && !workingDirectory.isEmpty())
            base = QDir(workingDirectory).filePath(base);
        const QFileInfo candidate(QDir(base), program);
        if (isExecutableFile(candidate)) {
            result.path = candidate.absoluteFilePath();
            return result;
        }
        if (candidate.isFile() && notExecutable.isEmpty())
            notExecutable = candidate.absoluteFilePath();
    }
    if (!notExecutable.isEmpty()) {
        result.failure = StartFailure::NotExecutable;
        result.errorText
            = QStringLiteral("%1: not executable (permission denied)").arg(notExecutable);
    } else {
        result.failure = StartFailure::ProgramNotFound;
        result.errorText = QStringLiteral("%1: program not found in PATH").arg(program);
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
