#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

class ManagedRun;
class QLabel;
class RunManager;
class RunPane;

// A run's group in its pane, under the header (hidden for a run on its own): the task's run
// lists its dependencies' runs, a line each with its state ("build ✓ 1.2 s", "test — running",
// "lint — waiting", "gen ✗ failed (exit 2)"); a dependency's run says which task it runs for.
// Each name is a link to that run's tab (showRunRequested). It follows the run its pane shows
// and the group's runs as they change; it only shows them (RunManager owns them).
class RunGroupView : public QWidget
{
    Q_OBJECT
public:
    // Placed in pane's header; runs (not owned) outlives it.
    RunGroupView(const RunManager *runs, RunPane *pane);

    // The lines as they read, without the links (what a test compares).
    QString plainText() const;
    // A tab's title for run: "build (for deploy)" for a dependency's run, else the task's name.
    static QString tabTitle(const ManagedRun &run);
    // "build ✓ 1.2 s", "test — running", ...
    static QString memberState(const ManagedRun &run);

Q_SIGNALS:
    void showRunRequested(quint64 runId);

private:
    void refresh();

    const RunManager *m_runs;
    QPointer<RunPane> m_pane;
    QLabel *m_label;
};
