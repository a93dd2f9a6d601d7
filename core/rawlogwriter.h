#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

// Writes a run's raw output, byte for byte, to a file (mode 0600) on a thread of its own, so a
// slow or full disk never stalls the window. queuedBytes() lets the caller apply back-pressure
// (stop reading the task's pipe) instead of buffering without bound; a write error is reported
// once through failed() and later data is dropped - the in-memory view goes on.
class RawLogWriter : public QObject
{
    Q_OBJECT
public:
    explicit RawLogWriter(QObject *parent = nullptr);
    ~RawLogWriter() override; // finishes the queued writes, then closes

    // Creates the file; false with *error set if it cannot.
    bool open(const QString &path, QString *error);
    QString path() const { return m_path; }
    void write(const QByteArray &data);
    qint64 queuedBytes() const { return m_queued.load(); }
    // Blocks until every queued byte is on its way to the disk; for tests and shutdown only.
    void flushForTesting();

    // Where a run's log goes: $XDG_DATA_HOME/taskrunner/logs/<time>-<name>.log
    static QString defaultPath(const QString &taskName);

Q_SIGNALS:
    void failed(const QString &error);
    void drained(); // the queue went empty

private:
    class Worker;
    QString m_path;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives in m_thread, deleted when it finishes
    std::atomic<qint64> m_queued{0};
};
