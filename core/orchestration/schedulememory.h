#pragma once

#include <QDateTime>
#include <QString>

// When each task's schedule last fired, kept across runs of the app, so that at start a fire
// time that passed while the app was closed can be run once ("run at start if missed").
//
// In the settings rather than found in the run history: a fire that started no run (the
// instance policy skipped it, the app was quitting) still counts as fired; the history can be
// switched off, damaged or cleared by the user, which must not make old fire times look missed.
// With each time the schedule it was for: a schedule changed while the app was closed starts
// afresh instead of catching up on times it never had.
class ScheduleMemory
{
public:
    // The app's settings (QSettings()); a file of its own for tests.
    explicit ScheduleMemory(const QString &file = QString());

    // When taskId's schedule ruleKey last fired, or was first armed (then nothing before that
    // counts as missed); invalid when ruleKey is not what it was remembered for.
    QDateTime lastFire(const QString &taskId, const QString &ruleKey) const;
    void remember(const QString &taskId, const QString &ruleKey, const QDateTime &fired);
    void forget(const QString &taskId);

private:
    QString m_file;
};
