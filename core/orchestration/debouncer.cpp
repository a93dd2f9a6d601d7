#include "debouncer.h"

#include <QDeadlineTimer>

#include <algorithm>

Debouncer::Debouncer(int quietMs, QObject *parent)
    : QObject(parent)
    , m_quietMs(std::max(0, quietMs))
    , m_clock([] { return QDeadlineTimer::current().deadline(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Debouncer::check);
}

qint64 Debouncer::dueAt() const
{
    return std::min(m_last + m_quietMs, m_first + qint64(m_quietMs) * MaxWaitFactor);
}

void Debouncer::poke()
{
    const qint64 now = m_clock();
    if (!m_pending)
        m_first = now;
    m_last = now;
    m_pending = true;
    if (!m_timer.isActive())
        m_timer.start(int(std::max<qint64>(0, dueAt() - now)));
}

void Debouncer::cancel()
{
    m_pending = false;
    m_timer.stop();
}

void Debouncer::check()
{
    if (!m_pending)
        return;
    const qint64 now = m_clock();
    const qint64 due = dueAt();
    if (now < due) {
        m_timer.start(int(due - now)); // changes came meanwhile: the quiet starts again
        return;
    }
    m_pending = false;
    m_timer.stop();
    Q_EMIT fired();
}
