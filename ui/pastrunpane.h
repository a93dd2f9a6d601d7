#pragma once

#include "runrecord.h"

#include <QWidget>

class LogView;
class OutputLog;
class QLabel;

// A recorded run, read-only: what ran, when, how it ended, and its log in the same view as a
// live run (colours, search, links, stderr marked, timestamps as they came). The log is read
// tail first: at most TailBytes of its end are loaded - what the scrollback could hold anyway -
// so a gigabyte log opens as fast as a small one.
class PastRunPane : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 TailBytes = 64 * 1024 * 1024;

    explicit PastRunPane(const RunRecord &record, QWidget *parent = nullptr);

    const RunRecord &record() const { return m_record; }
    LogView *logView() const { return m_view; }
    OutputLog *outputLog() const { return m_log; }
    QString logStatus() const; // what the "Log" line says

private:
    void load();

    RunRecord m_record;
    LogView *m_view = nullptr;
    OutputLog *m_log = nullptr;
    QLabel *m_logLabel = nullptr;
};
