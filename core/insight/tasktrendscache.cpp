#include "tasktrendscache.h"

#include "managedrun.h"
#include "runmanager.h"

TaskTrendsCache::TaskTrendsCache(QObject *parent)
    : QObject(parent)
{}

void TaskTrendsCache::setHistory(const RunHistory *history)
{
    m_history = history;
    invalidateAll();
}

void TaskTrendsCache::setRuns(const RunManager *runs)
{
    if (m_runs)
        disconnect(m_runs, nullptr, this, nullptr);
    m_runs = runs;
    if (!runs)
        return;
    // runChanged: started (a new row, "running"), and ended (its outcome recorded before the
    // state changes); runFinished once more for a run that ends, harmless.
    connect(runs, &RunManager::runChanged, this, &TaskTrendsCache::onRun);
    connect(runs, &RunManager::runFinished, this, &TaskTrendsCache::onRun);
}

void TaskTrendsCache::setRunCount(int count)
{
    m_count = qMax(1, count);
    invalidateAll();
}

void TaskTrendsCache::onRun(ManagedRun *run)
{
    if (run && !run->task().id.isEmpty())
        invalidate(run->task().id);
}

void TaskTrendsCache::invalidate(const QString &taskId)
{
    if (m_trends.remove(taskId) > 0)
        Q_EMIT changed(taskId);
}

void TaskTrendsCache::invalidateAll()
{
    m_trends.clear();
    m_othersStamp = -1;
    Q_EMIT changed(QString());
}

const TaskTrends &TaskTrendsCache::trends(const QString &taskId)
{
    if (m_history && m_history->isOpen()) {
        // Another connection committed (the CLI recorded a run): any task's runs may be others.
        const qint64 others = m_history->changeStamp().others;
        // Not said through changed(): this is called from a model's data(), where a signal
        // that makes views ask again would re-enter it.
        if (others != m_othersStamp) {
            m_trends.clear();
            m_othersStamp = others;
        }
    }
    auto found = m_trends.find(taskId);
    if (found == m_trends.end()) {
        ++m_reads;
        TaskTrends read = m_history ? TaskTrends::ofTask(*m_history, taskId, m_count)
                                    : TaskTrends::fromRecords(taskId, {}, m_count);
        found = m_trends.insert(taskId, std::move(read));
    }
    return *found;
}
