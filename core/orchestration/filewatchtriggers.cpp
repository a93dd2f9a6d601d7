#include "filewatchtriggers.h"

#include "filewatchtrigger.h"
#include "runrequest.h"

#include <QSet>

FileWatchTriggers::FileWatchTriggers(QObject *parent)
    : TriggerSource(parent)
{}

FileWatchTriggers::~FileWatchTriggers() = default;

void FileWatchTriggers::arm(const QList<Task> &tasks)
{
    QSet<QString> wanted;
    for (const Task &task : tasks) {
        if (task.id.isEmpty() || !task.watch.isOn())
            continue;
        wanted.insert(task.id);
        const QString base = task.spec.workingDirectory;
        const auto found = m_armed.constFind(task.id);
        if (found != m_armed.cend() && (*found)->watch == task.watch
            && (*found)->baseDirectory == base)
            continue; // the same watch: its inotify watches stay as they are
        auto armed = std::make_shared<Armed>();
        armed->watch = task.watch;
        armed->baseDirectory = base;
        armed->trigger = std::make_unique<FileWatchTrigger>(task.watch, base);
        const QString id = task.id;
        connect(armed->trigger.get(), &FileWatchTrigger::fired, this,
                [this, id] { Q_EMIT fired(id, RunTriggers::fileChange()); });
        connect(armed->trigger.get(), &FileWatchTrigger::problemChanged, this,
                &TriggerSource::statusChanged);
        armed->trigger->arm();
        m_armed.insert(task.id, armed);
    }
    for (auto it = m_armed.begin(); it != m_armed.end();) {
        if (wanted.contains(it.key()))
            ++it;
        else
            it = m_armed.erase(it); // its watches go with it
    }
    Q_EMIT statusChanged();
}

TriggerSource::Status FileWatchTriggers::status(const QString &taskId) const
{
    Status status;
    const auto found = m_armed.constFind(taskId);
    if (found == m_armed.cend())
        return status;
    const Armed &armed = **found;
    status.summary = describe(armed.watch);
    status.problem = armed.trigger->problem();
    // ↻, in the fonts the task list uses; ⚠ as a schedule's when not all of it can be watched.
    status.mark = status.problem.isEmpty() ? QStringLiteral("\u21bb") : QStringLiteral("\u26a0");
    return status;
}

QString FileWatchTriggers::describe(const TaskWatch &watch)
{
    QStringList paths = watch.paths.mid(0, 3);
    QString text = tr("on change in %1").arg(paths.join(QLatin1String(", ")));
    if (watch.paths.size() > 3)
        text += tr(" and %n more", nullptr, int(watch.paths.size() - 3));
    return text + (watch.restartOnChange ? tr(" (restarts the run)") : QString());
}
