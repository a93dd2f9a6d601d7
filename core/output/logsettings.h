#pragma once

#include "logpruner.h"

#include <QString>
#include <QStringList>
#include <QVariant>

class QSettings;

// The log settings of taskrunner.conf, read and checked in one place. A value that is not a
// whole number within its range - "abc", "30x", "-1", "0", "", "1.5", far too big - is
// reported in problems, and a bad retention value switches that kind of pruning off (0 in
// retention) until it is fixed: a typo must never delete a log, neither by reading as "keep
// nothing" nor by a default limit the user did not choose. A bad maxRunMB uses its default.
//
//   logs/maxAgeDays   default 30      range 1 .. 36500 (a hundred years)
//   logs/maxTotalMB   default 2048    range 1 .. 16777216 (16 TiB)
//   logs/maxRunMB     default 512     range 1 .. 1048576 (1 TiB) - one run's raw log; beyond it
//                                     the rest of the run's output is not saved (the view goes on)
//
// 0 is out of range everywhere: for an age or a total it would delete every log, and no
// setting here means "unlimited". MB are MiB (1048576 bytes). No QObject, no state.
struct LogSettings
{
    static constexpr int DefaultMaxAgeDays = 30;
    static constexpr qint64 DefaultMaxTotalMB = 2048;
    static constexpr qint64 DefaultMaxRunMB = 512;
    static constexpr int MaxAgeDaysLimit = 36500;
    static constexpr qint64 MaxTotalMBLimit = qint64(16) * 1024 * 1024;
    static constexpr qint64 MaxRunMBLimit = qint64(1024) * 1024;

    LogRetention retention;                             // logs/maxAgeDays, logs/maxTotalMB
    qint64 maxRunBytes = DefaultMaxRunMB * 1024 * 1024; // logs/maxRunMB
    // One sentence per bad setting, naming it, its value and the default used instead.
    QStringList problems;

    static LogSettings read(const QSettings &settings);

    // Whether value is one the setting key (logs/maxAgeDays, logs/maxTotalMB, logs/maxRunMB)
    // takes - the check read() makes, for the Preferences dialog: empty if so, else a sentence
    // naming what is wrong ("... is \"abc\", not a whole number of days from 1 to 36500").
    static QString problemWith(const QString &key, const QVariant &value);
};
