#include "logging.h"

Q_LOGGING_CATEGORY(lcRun, "taskrunner.core.run", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSupervisor, "taskrunner.core.supervisor", QtWarningMsg)
