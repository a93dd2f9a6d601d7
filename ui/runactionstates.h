#pragma once

class ManagedRun;
class QObject;

// Which of the window's run actions can act now, each enabled only then: Run with a task
// selected; Stop while the current tab's run is queued or live and not already stopping; Kill
// while it is queued or live; Rerun, Clear and Save output with a run in the current tab (Rerun
// once it has ended); Save quick run to library when that run is a quick run (its task is in no
// library); Close tab with a tab open (a run's or a past run's); Find next and previous with a
// tab open and something typed to find. While quitting, nothing that starts a run: Run, Rerun,
// Quick run (the action, the box and the history's Rerun) - each would only be refused. Pause is
// the window's own (it also reads Resume). The actions and widgets are found by their
// objectName among window's children.
struct RunActionStates
{
    bool taskSelected = false;
    const ManagedRun *run = nullptr; // the current tab's, if it shows one
    bool tabOpen = false;            // any tab: a run's or a past run's
    bool findTextTyped = false;      // the find bar's text is not empty
    bool quitting = false;           // MainWindow::isQuitting()

    void applyTo(QObject *window) const;
};
