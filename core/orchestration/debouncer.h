#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

// Turns a burst of changes into one fire: fired() once no change came for quietMs - or, under
// changes that never stop (a log written in the tree), once the burst is MaxWaitFactor times
// quietMs old, so that a watch still fires now and then. quietMs 0 fires on the next turn of the
// event loop, still once per burst of events read together.
//
// The clock is injectable: tests set one, poke(), move it and call check() - no sleeping.
class Debouncer : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxWaitFactor = 10;
    using Clock = std::function<qint64()>; // milliseconds, never going back

    explicit Debouncer(int quietMs, QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    int quietMs() const { return m_quietMs; }

    // A change, now.
    void poke();
    // Forgets a burst that has not fired yet.
    void cancel();
    bool isPending() const { return m_pending; }
    // Fires if the burst is due by the clock, else waits for the rest (the timer calls it).
    void check();

Q_SIGNALS:
    void fired();

private:
    qint64 dueAt() const;

    int m_quietMs;
    Clock m_clock;
    QTimer m_timer;
    qint64 m_first = 0;
    qint64 m_last = 0;
    bool m_pending = false;
};
