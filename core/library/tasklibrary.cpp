#include "tasklibrary.h"

#include "jsonwords.h"

#include "limitparser.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QJsonObject taskToJson(const Task &task)
{
    const TaskSpec &spec = task.spec;
    QJsonObject object;
    object[QLatin1String("id")] = task.id;
    object[QLatin1String("name")] = task.name;
    object[QLatin1String("mode")]
        = spec.useShell ? QStringLiteral("shell") : QStringLiteral("program");
    if (spec.useShell) {
        object[QLatin1String("script")] = spec.shellScript;
    } else {
        object[QLatin1String("program")] = spec.program;
        object[QLatin1String("arguments")] = QJsonArray::fromStringList(spec.arguments);
    }
    object[QLatin1String("workingDirectory")] = spec.workingDirectory;
    QJsonObject env;
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        env[it.key()] = it.value();
    object[QLatin1String("environment")] = env;
    object[QLatin1String("timeoutMs")] = double(spec.timeout.count());
    object[QLatin1String("graceMs")] = double(spec.gracePeriod.count());
    object[QLatin1String("leaveLeftovers")] = spec.leaveLeftovers;
    object[QLatin1String("pty")] = spec.usePty;
    spec.limits.writeTo(&object); // only those set: a task without limits is written as before
    writeRestartPolicy(task.restart, &object); // only when on
    writeTaskWatch(task.watch, &object);
    writeDependencies(task.dependencies, &object);
    task.concurrency.writeTo(&object);
    writeTaskInputs(task.inputs, &object); // only when set, likewise
    writeSchedule(task.schedule, &object);
    return object;
}

// Reads one task's fields, each checked for its type and range; the first bad one is the
// problem ("\"timeoutMs\" is a string, not ...").
class TaskReader
{
public:
    explicit TaskReader(const QJsonObject &object)
        : m_object(object)
    {}
    QString problem;

    QString string(const char *key, const QString &fallback = QString())
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return fallback;
        if (!value.isString())
            return bad(key, value, QStringLiteral("a string"));
        return value.toString();
    }
    bool boolean(const char *key, bool fallback)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return fallback;
        if (!value.isBool()) {
            bad(key, value, QStringLiteral("true or false"));
            return fallback;
        }
        return value.toBool();
    }
    // Whole milliseconds from 0 to what a QTimer holds.
    std::chrono::milliseconds milliseconds(const char *key, std::chrono::milliseconds fallback)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return fallback;
        const double ms = value.toDouble(-1);
        if (!value.isDouble() || !(ms >= 0 && ms <= 2147483647.0) || std::floor(ms) != ms) {
            bad(key, value, QStringLiteral("a whole number of milliseconds from 0 to 2147483647"));
            return fallback;
        }
        return std::chrono::milliseconds(qint64(ms));
    }
    // A limit (RunLimits): absent is none; else a number from min to max, whole where asked.
    std::optional<double> limit(const char *key, double min, double max, bool whole,
                                const char *unit)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return std::nullopt;
        const double number = value.toDouble(-1);
        if (!value.isDouble() || !(number >= min && number <= max)
            || (whole && std::floor(number) != number)) {
            const auto text
                = [](double n) { return QString::number(n, 'f', QLocale::FloatingPointShortest); };
            bad(key, value,
                QStringLiteral("a %1number of %2 from %3 to %4")
                    .arg(whole ? QStringLiteral("whole ") : QString(), QLatin1String(unit),
                         text(min), text(max)));
            return std::nullopt;
        }
        return number;
    }
    QStringList strings(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        QStringList list;
        if (value.isUndefined())
            return list;
        if (!value.isArray()) {
            bad(key, value, QStringLiteral("a list of strings"));
            return list;
        }
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                setProblem(QStringLiteral("\"%1\" item %2 is %3, not a string")
                               .arg(QLatin1String(key))
                               .arg(i + 1)
                               .arg(describe(array.at(i))));
                return list;
            }
            list.append(array.at(i).toString());
        }
        return list;
    }
    QMap<QString, QString> environment(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        QMap<QString, QString> map;
        if (value.isUndefined())
            return map;
        if (!value.isObject()) {
            bad(key, value, QStringLiteral("an object of NAME: \"value\" strings"));
            return map;
        }
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!isValidEnvironmentName(it.key())) {
                setProblem(QStringLiteral("\"%1\": \"%2\" is not a valid variable name (letters, "
                                          "digits and _, not starting with a digit)")
                               .arg(QLatin1String(key), it.key()));
                return map;
            }
            if (!it.value().isString()) {
                setProblem(QStringLiteral("\"%1\": the value of %2 is %3, not a string")
                               .arg(QLatin1String(key), it.key(), describe(it.value())));
                return map;
            }
            map.insert(it.key(), it.value().toString());
        }
        return map;
    }
    void setProblem(const QString &text)
    {
        if (problem.isEmpty())
            problem = text;
    }

private:
    static QString describe(const QJsonValue &value)
    {
        QString text = JsonWords::typeName(value);
        if (value.isString())
            text += QStringLiteral(" (\"%1\")").arg(value.toString().left(40));
        return text;
    }
    QString bad(const char *key, const QJsonValue &value, const QString &wanted)
    {
        setProblem(QStringLiteral("\"%1\" is %2, not %3")
                       .arg(QLatin1String(key), describe(value), wanted));
        return QString();
    }
    const QJsonObject &m_object;
};

// One task from the file; false with *problem naming the field when it cannot be used as is.
bool taskFromJson(const QJsonValue &value, Task *task, QString *problem)
{
    if (!value.isObject()) {
        *problem = QStringLiteral("it is %1, not an object").arg(JsonWords::typeName(value));
        return false;
    }
    const QJsonObject o = value.toObject();
    TaskReader read(o);
    task->id = read.string("id");
    task->name = read.string("name");
    if (read.problem.isEmpty() && task->name.trimmed().isEmpty())
        read.setProblem(QStringLiteral("\"name\" is missing or empty"));
    const QString mode = read.string("mode", QStringLiteral("shell"));
    if (read.problem.isEmpty() && mode != QLatin1String("shell")
        && mode != QLatin1String("program"))
        read.setProblem(
            QStringLiteral("\"mode\" is \"%1\", not \"shell\" or \"program\"").arg(mode));
    TaskSpec &spec = task->spec;
    spec.useShell = mode != QLatin1String("program");
    spec.shellScript = read.string("script");
    spec.program = read.string("program");
    spec.arguments = read.strings("arguments");
    spec.workingDirectory = read.string("workingDirectory");
    spec.environment = read.environment("environment");
    spec.timeout = read.milliseconds("timeoutMs", std::chrono::milliseconds(0));
    spec.gracePeriod = read.milliseconds("graceMs", std::chrono::milliseconds(5000));
    spec.leaveLeftovers = read.boolean("leaveLeftovers", false);
    spec.usePty = read.boolean("pty", false);
    if (const auto bytes = read.limit("memoryMaxBytes", double(LimitBounds::MinMemoryBytes),
                                      double(LimitBounds::MaxMemoryBytes), true, "bytes"))
        spec.limits.memoryMaxBytes = quint64(*bytes);
    spec.limits.cpuMaxCores
        = read.limit("cpuMaxCores", LimitBounds::MinCores, LimitBounds::MaxCores, false, "CPUs");
    if (const auto count = read.limit("pidsMax", double(LimitBounds::MinPids),
                                      double(LimitBounds::MaxPids), true, "processes"))
        spec.limits.pidsMax = quint64(*count);
    read.setProblem(readRestartPolicy(o, &task->restart));
    read.setProblem(readTaskWatch(o, &task->watch));
    if (QString why; read.problem.isEmpty() && !readDependencies(o, &task->dependencies, &why))
        read.setProblem(why);
    task->concurrency = Concurrency::readFrom(o, &read.problem);
    if (read.problem.isEmpty())
        read.setProblem(readTaskInputs(o, &task->inputs));
    read.setProblem(readSchedule(o, &task->schedule));
    *problem = read.problem;
    return problem->isEmpty();
}

struct ParsedLibrary
{
    QList<Task> tasks;
    QList<TaskLibrary::SetAsideTask> setAside;
};

// "task 3 (\"build\")" or "task 3".
QString taskLabel(int index, const QString &name)
{
    return name.trimmed().isEmpty() ? QStringLiteral("task %1").arg(index + 1)
                                    : QStringLiteral("task %1 (\"%2\")").arg(index + 1).arg(name);
}

// False with *error when the document is not a library at all (corrupt); a bad task is set
// aside, not an error.
bool parseLibrary(const QByteArray &json, ParsedLibrary *parsed, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON (%1 at byte %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || !root.value(QLatin1String("tasks")).isArray()) {
        *error = QStringLiteral("no \"tasks\" list in it");
        return false;
    }
    const int version = root.value(QLatin1String("version")).toInt(0);
    if (version < 1 || version > TaskLibrary::FormatVersion) {
        *error = QStringLiteral("format version %1 is not one this program reads (1 to %2)")
                     .arg(version)
                     .arg(TaskLibrary::FormatVersion);
        return false;
    }
    const QJsonArray array = root.value(QLatin1String("tasks")).toArray();
    for (int i = 0; i < array.size(); ++i) {
        Task task;
        QString problem;
        if (taskFromJson(array.at(i), &task, &problem)) {
            parsed->tasks.append(task);
            continue;
        }
        TaskLibrary::SetAsideTask aside;
        aside.index = i;
        const QJsonValue name = array.at(i).toObject().value(QLatin1String("name"));
        aside.name = name.isString() ? name.toString() : QString();
        aside.problem = taskLabel(i, aside.name) + QLatin1String(": ") + problem;
        aside.json = array.at(i);
        parsed->setAside.append(aside);
    }
    // Every task has an id, and no two share one: a file written before ids existed, or one
    // whose tasks were copied by hand, gets fresh ones (written at the next save).
    // A task without one gets an id made from its name: the same at every load until the next
    // save writes it down, so the history finds the task's runs across restarts meanwhile.
    static const QUuid ns(QStringLiteral("7d4f5a8e-3b1c-4e2a-9f6d-2c8b1a0e5d47"));
    QSet<QString> seen;
    for (Task &task : parsed->tasks) {
        if (task.id.trimmed().isEmpty())
            task.id = QUuid::createUuidV5(ns, task.name).toString(QUuid::WithoutBraces);
        if (seen.contains(task.id))
            task.id = Task::newId();
        seen.insert(task.id);
    }
    return true;
}

// A path as the shell wants it in a command to copy: quoted when it has to be.
QString shellQuoted(const QString &path)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./+:@%-]+$"));
    if (plain.match(path).hasMatch())
        return path;
    return QLatin1Char('\'') + QString(path).replace(QLatin1String("'"), QLatin1String("'\\''"))
           + QLatin1Char('\'');
}

QString fileKind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO (named pipe)");
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

// What is at the library's path, read only when it is safe to trust (see TaskLibrary).
struct FileRead
{
    enum class Kind { Missing, Read, Refused };
    Kind kind = Kind::Missing;
    TaskLibrary::LoadResult::Problem problem = TaskLibrary::LoadResult::Problem::None;
    QString error;    // why it was refused
    QByteArray bytes; // what was read

    // What the watch compares: a file that reads the same has the same state.
    QByteArray state() const
    {
        switch (kind) {
        case Kind::Read:
            return readState(bytes);
        case Kind::Refused:
            return "refused " + error.toUtf8();
        case Kind::Missing:
            break;
        }
        return QByteArrayLiteral("missing");
    }
    static QByteArray readState(const QByteArray &bytes)
    {
        return "read " + QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    }
};

FileRead readLibraryFile(const QString &path)
{
    using Problem = TaskLibrary::LoadResult::Problem;
    FileRead file;
    const auto refuse = [&file](Problem problem, const QString &error) {
        file.kind = FileRead::Kind::Refused;
        file.problem = problem;
        file.error = error;
        return file;
    };
    const QString quoted = shellQuoted(path);

    // O_NONBLOCK: a FIFO put there must not hang us in open() waiting for a writer. A symlink
    // is followed (a library kept in a dotfiles repository is common); the checks below are
    // on the file it leads to, through the descriptor, so nothing can swap it in between.
    const int fd
        = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT)
            return file; // no library yet
        if (error == EACCES || error == EPERM)
            return refuse(Problem::Unreadable,
                          QStringLiteral("The task library %1 cannot be read: permission denied "
                                         "(it was left as it is). Check its owner and mode with "
                                         "ls -l %2 and make it readable by you, e.g. chmod u+r "
                                         "%2.")
                              .arg(path, quoted));
        return refuse(Problem::Unreadable,
                      QStringLiteral("The task library %1 cannot be opened: %2.")
                          .arg(path, QString::fromLocal8Bit(std::strerror(error))));
    }
    struct stat st = {};
    const bool statOk = ::fstat(fd, &st) == 0;
    const int statErrno = errno;
    QString unsafe;
    if (!statOk) {
        ::close(fd);
        return refuse(Problem::Unreadable,
                      QStringLiteral("The task library %1 cannot be read: %2.")
                          .arg(path, QString::fromLocal8Bit(std::strerror(statErrno))));
    }
    if (!S_ISREG(st.st_mode)) {
        unsafe = QStringLiteral("The task library %1 is %2, not a regular file, so it was not "
                                "read. Move it away (e.g. mv %3 %4) and start again.")
                     .arg(path, fileKind(st.st_mode), quoted, shellQuoted(path + u".not-a-file"));
    } else if (st.st_uid != ::geteuid()) {
        unsafe = QStringLiteral("The task library %1 belongs to user %2, not to you (user %3), "
                                "so it is not trusted and was not read. If it is yours, fix it "
                                "with: chown %3 %4")
                     .arg(path, QString::number(st.st_uid), QString::number(::geteuid()), quoted);
    } else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        unsafe
            = QStringLiteral("The task library %1 can be changed by other users (mode %2), "
                             "so it is not trusted and was not read. Fix it with: chmod go-w "
                             "%3")
                  .arg(path, QStringLiteral("%1").arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')),
                       quoted);
    } else if (st.st_size > TaskLibrary::MaxFileBytes) {
        unsafe = QStringLiteral("The task library %1 is %2 bytes, more than a task library can "
                                "be (%3), so it was not read.")
                     .arg(path, QString::number(qint64(st.st_size)),
                          QString::number(TaskLibrary::MaxFileBytes));
    }
    if (!unsafe.isEmpty()) {
        ::close(fd);
        return refuse(Problem::Unsafe, unsafe);
    }
    QByteArray data;
    int readErrno = 0;
    for (;;) {
        char buffer[65536];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            readErrno = errno;
            break;
        }
        if (n == 0)
            break;
        data.append(buffer, n);
        if (data.size() > TaskLibrary::MaxFileBytes) { // it grew while we read
            readErrno = EFBIG;
            break;
        }
    }
    ::close(fd);
    if (readErrno != 0)
        return refuse(Problem::Unreadable,
                      QStringLiteral("The task library %1 cannot be read: %2.")
                          .arg(path, QString::fromLocal8Bit(std::strerror(readErrno))));
    file.kind = FileRead::Kind::Read;
    file.bytes = data;
    return file;
}

} // namespace

QString TaskLibrary::defaultPath()
{
    // ~/.config/taskrunner/tasks.json, whatever the organisation name (AppConfigLocation
    // would add both it and the application name).
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QLatin1String("/taskrunner/tasks.json");
}

QByteArray TaskLibrary::toJson(const QList<Task> &tasks, const QList<SetAsideTask> &setAside)
{
    QJsonArray array;
    for (const Task &task : tasks)
        array.append(taskToJson(task));
    // Set-aside tasks go back where they were in the file (as near as edits since allow),
    // exactly as they were read.
    for (const SetAsideTask &aside : setAside)
        array.insert(std::min(aside.index, int(array.size())), aside.json);
    QJsonObject root;
    root[QLatin1String("format")] = QStringLiteral("taskrunner-library");
    root[QLatin1String("version")] = FormatVersion;
    root[QLatin1String("tasks")] = array;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool TaskLibrary::fromJson(const QByteArray &json, QList<Task> *tasks, QString *error)
{
    ParsedLibrary parsed;
    if (!parseLibrary(json, &parsed, error))
        return false;
    if (!parsed.setAside.isEmpty()) {
        QStringList problems;
        for (const SetAsideTask &aside : std::as_const(parsed.setAside))
            problems.append(aside.problem);
        *error = problems.join(QLatin1String("; "));
        return false;
    }
    const QStringList duplicates = duplicateNames(parsed.tasks);
    if (!duplicates.isEmpty()) {
        *error = QStringLiteral("more than one task is named %1")
                     .arg(QLatin1Char('"') + duplicates.join(QLatin1String("\", \""))
                          + QLatin1Char('"'));
        return false;
    }
    *tasks = parsed.tasks;
    return true;
}

TaskLibrary::TaskLibrary(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_saveRefusal(QStringLiteral("The task library %1 has not been read yet, so nothing is "
                                   "saved over it.")
                        .arg(path))
{
    m_settle.setSingleShot(true);
    connect(&m_settle, &QTimer::timeout, this, [this] { checkFile(true); });
}

TaskLibrary::~TaskLibrary() = default;

TaskLibrary::LoadResult TaskLibrary::load(bool keepBackup)
{
    LoadResult result;
    m_tasks.clear();
    m_setAside.clear();
    m_saveRefusal.clear();
    m_unsaved = false;
    m_badStateSeen.clear();
    const FileRead file = readLibraryFile(m_path);
    m_fileState = file.state();
    ParsedLibrary parsed;
    QString damage;
    if (file.kind == FileRead::Kind::Refused) {
        result.ok = false;
        result.problem = file.problem;
        result.error = file.error;
        m_saveRefusal = QStringLiteral("The task library %1 was not loaded, so it is not saved "
                                       "over. Fix what was wrong with it and start taskrunner "
                                       "again.")
                            .arg(m_path);
    } else if (file.kind == FileRead::Kind::Read && parseLibrary(file.bytes, &parsed, &damage)) {
        m_tasks = parsed.tasks;
        m_setAside = parsed.setAside;
        result.warnings = loadWarnings();
    } else if (file.kind == FileRead::Kind::Read) {
        result.ok = false;
        result.problem = LoadResult::Problem::Corrupt;
        result.error = QStringLiteral("The task library %1 is damaged: %2.").arg(m_path, damage);
        // Keep the bad file for the user: never overwrite it on the next save.
        const QString backup
            = m_path + QLatin1String(".corrupt-")
              + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
        if (keepBackup && QFile::rename(m_path, backup)) {
            result.backupPath = backup;
            m_fileState = FileRead().state(); // nothing there now
        }
    }
    if (m_watcher)
        rearmWatch();
    Q_EMIT changed();
    return result;
}

QStringList TaskLibrary::loadWarnings() const
{
    QStringList warnings;
    for (const SetAsideTask &aside : m_setAside)
        warnings.append(QStringLiteral("The task library %1: %2. That task was set aside: it is "
                                       "not shown or run, and is kept in the file as it is.")
                            .arg(m_path, aside.problem));
    for (const QString &name : duplicateNames(m_tasks))
        warnings.append(
            QStringLiteral("The task library %1 has %2 tasks named \"%3\"; rename all but "
                           "one (taskrunner-cli run --task will not guess between them).")
                .arg(m_path, QString::number(count(name)), name));
    return warnings;
}

bool TaskLibrary::save(QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m_saveRefusal.isEmpty())
        return fail(m_saveRefusal);
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("Cannot write %1: %2").arg(m_path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = toJson(m_tasks, m_setAside);
    file.write(bytes);
    if (!file.commit())
        return fail(QStringLiteral("Cannot write %1: %2").arg(m_path, file.errorString()));
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_fileState = FileRead::readState(bytes); // the watch must not read it back
    m_unsaved = false;
    if (m_watcher)
        rearmWatch(); // a new file took the name: watch it
    return true;
}

void TaskLibrary::watchFile()
{
    if (m_watcher)
        return;
    m_watcher = std::make_unique<QFileSystemWatcher>();
    // A burst of events (an editor's writes, a rename) is one look at the file, once quiet.
    const auto settle = [this] { m_settle.start(SettleMs); };
    connect(m_watcher.get(), &QFileSystemWatcher::fileChanged, this, settle);
    connect(m_watcher.get(), &QFileSystemWatcher::directoryChanged, this, settle);
    rearmWatch();
}

void TaskLibrary::rearmWatch()
{
    // inotify watches an inode, not a name: a file replaced by a rename (QSaveFile, most
    // editors) is a new inode, and a name that does not exist cannot be watched. So the watches
    // are set anew each time: on the file when it exists, and on the nearest existing directory
    // above it (the file created, deleted or renamed over there; the directory created).
    QStringList paths;
    if (QFileInfo::exists(m_path))
        paths.append(m_path);
    QString dir = QFileInfo(m_path).absolutePath();
    while (!QFileInfo(dir).isDir() && dir != QLatin1String("/"))
        dir = QFileInfo(dir).absolutePath();
    paths.append(dir);
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    m_watcher->addPaths(paths);
}

void TaskLibrary::checkFile(bool confirmBad)
{
    m_settle.stop();
    rearmWatch(); // first: whatever changes from now on is another event
    const FileRead file = readLibraryFile(m_path);
    const QByteArray state = file.state();
    if (state == m_fileState) {
        m_badStateSeen.clear();
        return; // as last read or written: our own save, a touch, a neighbour in the directory
    }
    ParsedLibrary parsed; // a missing file is an empty library, as at load()
    QString problem;
    if (file.kind == FileRead::Kind::Refused)
        problem = file.error;
    else if (file.kind == FileRead::Kind::Read && !parseLibrary(file.bytes, &parsed, &problem))
        problem = QStringLiteral("The task library %1 is damaged: %2.").arg(m_path, problem);
    if (!problem.isEmpty() && confirmBad && state != m_badStateSeen) {
        m_badStateSeen = state; // perhaps caught half-written: look again before saying so
        m_settle.start(ConfirmMs);
        return;
    }
    m_badStateSeen.clear();
    m_fileState = state;
    if (m_unsaved) {
        m_saveRefusal = QStringLiteral("The task library %1 was changed outside taskrunner while "
                                       "a change made here could not be saved in it. Neither is "
                                       "lost yet: the file was not read back, and is not saved "
                                       "over. Export the tasks shown here to keep them, then "
                                       "start taskrunner again.")
                            .arg(m_path);
        Q_EMIT fileProblem(m_saveRefusal);
        return;
    }
    if (!problem.isEmpty()) {
        m_saveRefusal = problem
                        + QStringLiteral(" It was changed outside taskrunner: the tasks loaded "
                                         "before are kept, and not saved over it until it can "
                                         "be read again - it is read as soon as it can be.");
        Q_EMIT fileProblem(m_saveRefusal);
        return;
    }
    m_saveRefusal.clear();
    if (toJson(parsed.tasks, parsed.setAside) == toJson(m_tasks, m_setAside))
        return; // readable again (chmod go-w, say), with the tasks shown
    m_tasks = parsed.tasks;
    m_setAside = parsed.setAside;
    const QStringList warnings = loadWarnings();
    Q_EMIT changed();
    if (!warnings.isEmpty())
        Q_EMIT fileProblem(warnings.join(QLatin1String("\n\n")));
}

void TaskLibrary::changeMade()
{
    QString error;
    const bool saved = save(&error);
    m_unsaved = !saved;
    Q_EMIT changed();
    if (!saved)
        Q_EMIT saveFailed(error);
}

bool TaskLibrary::nameFree(const QString &name, const QString &exceptId) const
{
    return !name.trimmed().isEmpty() && !takenNames(exceptId).contains(name);
}

void TaskLibrary::append(Task task)
{
    if (task.id.trimmed().isEmpty() || findById(task.id))
        task.id = Task::newId();
    m_tasks.append(task);
}

int TaskLibrary::indexOfId(const QString &id) const
{
    for (int i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks[i].id == id)
            return i;
    }
    return -1;
}

bool TaskLibrary::add(const Task &task)
{
    if (m_watcher)
        checkFile(false); // a change made outside first, never saved over
    if (!nameFree(task.name, QString()))
        return false;
    append(task);
    changeMade();
    return true;
}

TaskLibrary::ImportResult TaskLibrary::importTasks(const QList<Task> &tasks)
{
    if (m_watcher)
        checkFile(false);
    ImportResult result;
    const bool unnamed = std::any_of(tasks.cbegin(), tasks.cend(), [](const Task &task) {
        return task.name.trimmed().isEmpty();
    });
    if (tasks.isEmpty() || unnamed) {
        result.refused = true;
        return result;
    }
    // "build" or what an earlier import named it when "build" was taken: "build (2)", ...
    const auto importedAs = [](const QString &wanted, const QString &name) {
        if (name == wanted)
            return true;
        static const QRegularExpression suffix(QStringLiteral("^ \\([0-9]+\\)$"));
        return name.startsWith(wanted) && suffix.match(name.mid(wanted.size())).hasMatch();
    };
    for (Task task : tasks) {
        const bool present = std::any_of(m_tasks.cbegin(), m_tasks.cend(), [&](const Task &had) {
            return importedAs(task.name, had.name) && sameTask(had, task);
        });
        if (present) {
            result.skipped.append(task.name);
            continue;
        }
        const QString wanted = task.name;
        task.name = uniqueName(wanted);
        if (task.name != wanted)
            result.renamed.append({wanted, task.name});
        result.added.append(task.name);
        append(task);
    }
    if (!result.added.isEmpty())
        changeMade();
    return result;
}

bool TaskLibrary::sameTask(const Task &a, const Task &b)
{
    QJsonObject left = taskToJson(a);
    QJsonObject right = taskToJson(b);
    for (const char *key : {"id", "name"}) {
        left.remove(QLatin1String(key));
        right.remove(QLatin1String(key));
    }
    return left == right;
}

bool TaskLibrary::replace(const QString &id, const Task &task)
{
    if (m_watcher)
        checkFile(false);
    const int index = indexOfId(id);
    if (id.isEmpty() || index < 0 || !nameFree(task.name, id))
        return false;
    // A rename carries into the tasks that depend on it by name: they still run it first.
    const QString oldName = m_tasks[index].name;
    if (oldName != task.name) {
        for (Task &other : m_tasks) {
            for (QString &name : other.dependencies.names) {
                if (name == oldName)
                    name = task.name;
            }
        }
    }
    m_tasks[index] = task;
    m_tasks[index].id = id;
    changeMade();
    return true;
}

bool TaskLibrary::remove(const QString &id)
{
    if (m_watcher)
        checkFile(false);
    const int index = indexOfId(id);
    if (id.isEmpty() || index < 0)
        return false;
    m_tasks.removeAt(index);
    changeMade();
    return true;
}

const Task *TaskLibrary::findById(const QString &id) const
{
    const int index = indexOfId(id);
    return index < 0 ? nullptr : &m_tasks[index];
}

QStringList TaskLibrary::names() const
{
    QStringList names;
    for (const Task &task : m_tasks)
        names.append(task.name);
    return names;
}

QString TaskLibrary::noSuchTaskMessage(const QString &name)
{
    return QStringLiteral("No saved task named \"%1\".").arg(name);
}

const Task *TaskLibrary::find(const QString &name) const
{
    const int index = indexOf(name);
    return index < 0 ? nullptr : &m_tasks[index];
}

int TaskLibrary::indexOf(const QString &name) const
{
    for (int i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks[i].name == name)
            return i;
    }
    return -1;
}

int TaskLibrary::count(const QString &name) const
{
    return int(std::count_if(m_tasks.cbegin(), m_tasks.cend(),
                             [&name](const Task &task) { return task.name == name; }));
}

QStringList TaskLibrary::duplicateNames(const QList<Task> &tasks)
{
    QStringList seen;
    QStringList duplicates;
    for (const Task &task : tasks) {
        if (seen.contains(task.name)) {
            if (!duplicates.contains(task.name))
                duplicates.append(task.name);
        } else {
            seen.append(task.name);
        }
    }
    return duplicates;
}

QStringList TaskLibrary::takenNames(const QString &exceptId) const
{
    QStringList names;
    for (const Task &task : m_tasks) {
        if (exceptId.isEmpty() || task.id != exceptId)
            names.append(task.name);
    }
    // Set-aside tasks keep their names too: no other task may take one before it is fixed.
    for (const SetAsideTask &aside : m_setAside) {
        if (!aside.name.isEmpty())
            names.append(aside.name);
    }
    return names;
}

QString TaskLibrary::uniqueName(const QString &wanted) const
{
    const QStringList taken = takenNames();
    if (!taken.contains(wanted))
        return wanted;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(wanted, QString::number(n));
        if (!taken.contains(candidate))
            return candidate;
    }
}
