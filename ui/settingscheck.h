#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>

class QSettings;

// Every value of taskrunner.conf a user may edit, in one table: its key, the label of its field
// in Preferences, what it takes, and what is used while it is wrong. Preferences checks its
// fields here and names them by their labels; at start the window reports every bad value of
// the file here, naming both the label and the key, with what is used meanwhile. The readers
// (LogSettings, the memory budget, the notifier, AppPalette, the containment) fall back as
// fallback() says; the log settings' rule is LogSettings', asked rather than repeated.
class SettingsCheck
{
    Q_DECLARE_TR_FUNCTIONS(SettingsCheck)
public:
    struct Setting
    {
        QString key;
        QString label;  // as the field's label shows it, with its mnemonic '&'
        qint64 min = 0; // a whole number's range (choices empty)
        qint64 max = 0;
        QStringList choices; // the words it takes (empty: a whole number)
        QString fallback;    // what is used while the value is wrong: "…; <fallback>."
        // A free text's rule instead (a command template): its problem, empty when good.
        QString (*textRule)(const QString &value) = nullptr;
    };

    // notifications/minSeconds: the notifier's default, and the longest wait Preferences takes.
    static constexpr int DefaultNotifyMinSeconds = 10;
    static constexpr int MaxNotifySeconds = 24 * 60 * 60;

    // runs/maxConcurrent: the most runs live at once (more wait in the queue); 0 is no limit.
    static constexpr int MaxConcurrentRuns = 1000;
    // Its value as the window uses it: 0 (no limit) while it is missing or wrong.
    static int maxConcurrentRuns(const QSettings &settings);

    // trends/runs: how many of a task's last runs its trends show (the task list's tooltip, the
    // Trends dialog).
    static constexpr int DefaultTrendRuns = 20;
    static constexpr int MaxTrendRuns = 200;
    // Its value as the window uses it: the default while it is missing or wrong.
    static int trendRuns(const QSettings &settings);

    static const QVector<Setting> &all();
    static const Setting *find(const QString &key);
    // The field's label without its mnemonic or colon: "Delete logs older than (days)".
    static QString label(const QString &key);

    enum class Naming {
        Label,      // in Preferences: the field the user sees
        LabelAndKey // at start: the field, and the key in the file
    };
    // Empty when value is good for key (an empty string too: the default), else a sentence.
    static QString problemWith(const QString &key, const QVariant &value, Naming naming);
    // Every bad value in settings, a sentence each naming label and key, ending with what is
    // used instead.
    static QStringList problems(const QSettings &settings);
};
