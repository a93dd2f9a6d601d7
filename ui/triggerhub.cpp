#include "triggerhub.h"

#include "filewatchtriggers.h"
#include "scheduletriggers.h"
#include "tasklibrary.h"

TriggerHub::TriggerHub(const TaskLibrary *library, QObject *parent)
    : QObject(parent)
    , m_library(library)
{
    connect(m_library, &TaskLibrary::changed, this, &TriggerHub::armAll);
    m_statusSettle.setSingleShot(true);
    m_statusSettle.setInterval(0); // after the fires of one check, all of them
    connect(&m_statusSettle, &QTimer::timeout, this, &TriggerHub::statusChanged);
    m_schedules = new ScheduleTriggers(ScheduleMemory(), this);
    addSource(m_schedules);
    addSource(new FileWatchTriggers(this));
}

void TriggerHub::addSource(TriggerSource *source)
{
    source->setParent(this);
    m_sources.append(source);
    connect(source, &TriggerSource::fired, this,
            [this](const QString &taskId, const QString &trigger) {
                // The task as it is now; one deleted meanwhile has nothing to run.
                if (const Task *task = m_library->findById(taskId))
                    Q_EMIT launchRequested(*task, trigger);
            });
    connect(source, &TriggerSource::statusChanged, &m_statusSettle, qOverload<>(&QTimer::start));
    connect(source, &TriggerSource::note, this, &TriggerHub::note);
    source->arm(m_library->tasks());
}

QList<TriggerSource::Status> TriggerHub::statuses(const QString &taskId) const
{
    QList<TriggerSource::Status> list;
    for (const TriggerSource *source : m_sources) {
        const TriggerSource::Status status = source->status(taskId);
        if (status.isSet())
            list.append(status);
    }
    return list;
}

void TriggerHub::armAll()
{
    for (TriggerSource *source : m_sources)
        source->arm(m_library->tasks());
}
