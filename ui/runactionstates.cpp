#include "runactionstates.h"

#include "managedrun.h"

#include <QAction>

void RunActionStates::applyTo(QObject *window) const
{
    const auto enable = [window](const char *name, bool on) {
        if (auto *action = window->findChild<QAction *>(QLatin1String(name)))
            action->setEnabled(on);
    };
    const bool ahead = run && !run->isFinished(); // queued or live
    enable("runAction", taskSelected);
    enable("stopAction", ahead && run->state() != ManagedRun::State::Stopping);
    enable("killAction", ahead);
    enable("rerunAction", run && run->isFinished());
    enable("clearAction", run != nullptr);
    enable("saveOutputAction", run != nullptr);
    // A library task has an id; a quick run's task has none (nor has its rerun from the history).
    enable("saveQuickRunAction", run && run->task().id.isEmpty());
}
