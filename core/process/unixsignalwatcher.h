#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <initializer_list>
#include <memory>

// Turns Unix signals into a Qt signal on the event loop, through a self-pipe: the handler
// only write()s the signal number, everything else happens in received().
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(std::initializer_list<int> signals, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    // Does what signal's default action does, now - for SIGTSTP, stops this process until it is
    // continued (SIGCONT: the shell's fg or bg) - and watches it again. Returns once that action
    // is over. (A stop signal to a process group without a parent to resume it, an orphaned
    // one, is discarded by the kernel: then it returns at once.)
    static void raiseDefault(int signal);

Q_SIGNALS:
    void received(int signal);

private:
    void readPipe();

    std::unique_ptr<QSocketNotifier> m_notifier;
};
