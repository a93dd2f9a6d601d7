#pragma once

#include "runrecord.h"

#include <QCoreApplication>
#include <QString>
#include <QVector>

#include <chrono>

// What the tray shows, apart from showing it: the badge's count, the tooltip's lines and the
// menu's entries, made from the live runs and the recent tasks. No QSystemTrayIcon, no QObject:
// tests read it without a tray, and TrayIcon only draws what it says.
class TrayModel
{
    Q_DECLARE_TR_FUNCTIONS(TrayModel)
public:
    // A live run as the tooltip lists it.
    struct LiveRun
    {
        QString task;  // its name
        QString state; // "running", "paused", "stopping", "starting"
        std::chrono::milliseconds elapsed{0};
    };
    // A task run lately, to run again: a library task (taskId set) runs as the library has it
    // now; a quick run, or a task since deleted, runs again from its recorded run.
    struct RecentTask
    {
        QString name;
        QString taskId;
        qint64 recordId = 0;
    };
    struct MenuEntry
    {
        enum class Kind { RecentHeading, Recent, NoRecent, Separator, StopAll, Show, Quit };
        Kind kind;
        QString text; // with its mnemonic; an '&' of a task name doubled
        bool enabled = true;
        int recentIndex = -1; // Recent: which of recentTasks()
    };

    static constexpr int MaxRecent = 5;
    // The tooltip lists this many runs, then says how many more.
    static constexpr int MaxListed = 8;

    void setLiveRuns(const QVector<LiveRun> &runs) { m_live = runs; }
    void setRecentTasks(const QVector<RecentTask> &tasks) { m_recent = tasks; }
    // While the app quits, no new run starts: the recent tasks are shown but not offered.
    void setRunsAllowed(bool allowed) { m_runsAllowed = allowed; }
    const QVector<LiveRun> &liveRuns() const { return m_live; }
    const QVector<RecentTask> &recentTasks() const { return m_recent; }

    // The number drawn over the icon; 0: the plain icon.
    int badgeCount() const { return int(m_live.size()); }
    // "taskrunner — 2 live runs" and a line per run: "build — running, 12 s".
    QString toolTip() const;
    QVector<MenuEntry> menu() const;

    // The last few distinct tasks among recorded runs, newest first: a task is one by its
    // library id, a run without one (a quick run) by its name.
    static QVector<RecentTask> recentFrom(const QVector<RunRecord> &newestFirst,
                                          int max = MaxRecent);

private:
    QVector<LiveRun> m_live;
    QVector<RecentTask> m_recent;
    bool m_runsAllowed = true;
};
