#include "runactionstates.h"

#include "managedrun.h"

#include <QAction>
#include <QWidget>

void RunActionStates::applyTo(QObject *window) const
{
    const auto enable = [window](const char *name, bool on) {
        if (auto *action = window->findChild<QAction *>(QLatin1String(name)))
            action->setEnabled(on);
    };
    const auto enableWidget = [window](const char *name, bool on) {
        if (auto *widget = window->findChild<QWidget *>(QLatin1String(name)))
            widget->setEnabled(on);
    };
    const bool ahead = run && !run->isFinished(); // queued or live
    enable("runAction", taskSelected && !quitting);
    enable("trendsAction", taskSelected);
    enable("stopAction", ahead && run->state() != ManagedRun::State::Stopping);
    enable("killAction", ahead);
    enable("rerunAction", run && run->isFinished() && !quitting);
    enable("clearAction", run != nullptr);
    enable("saveOutputAction", run != nullptr);
    // A library task has an id; a quick run's task has none (nor has its rerun from the history).
    enable("saveQuickRunAction", run && run->task().id.isEmpty());
    enable("closeTabAction", tabOpen);
    enable("findNextAction", tabOpen && findTextTyped);
    enable("findPreviousAction", tabOpen && findTextTyped);
    // What is typed in the box stays while it is off.
    enable("quickRunAction", !quitting);
    enableWidget("quickRunEdit", !quitting);
    enableWidget("historyRerunButton", !quitting);
}
