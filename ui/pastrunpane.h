#pragma once

#include "runrecord.h"

#include <QWidget>

class LogView;
class OutputLog;
class QLabel;

// A recorded run, read-only: what ran, when, how it ended, and its log in the same view as a
// live run (colours, search, links, stderr marked, timestamps as they came). The log is read
// tail first: at most TailBytes of its end are loaded, so a gigabyte log opens as fast as a
// small one; the rest is in the file, as the first line says.
class PastRunPane : public QWidget
{
    Q_OBJECT
public:
    // Well inside the scrollback's budget, so nothing loaded is trimmed again and the first
    // line can say where the earlier output is.
    static constexpr qint64 TailBytes = 16 * 1024 * 1024;

    explicit PastRunPane(const RunRecord &record, QWidget *parent = nullptr);

    const RunRecord &record() const { return m_record; }
    LogView *logView() const { return m_view; }
    OutputLog *outputLog() const { return m_log; }
    QString logStatus() const; // what the "Log" line says

Q_SIGNALS:
    // A source location Ctrl+clicked in the output could not be opened: why, in a sentence.
    void editorFailed(const QString &message);

private:
    void load();

    RunRecord m_record;
    LogView *m_view = nullptr;
    OutputLog *m_log = nullptr;
    QLabel *m_logLabel = nullptr;
};
