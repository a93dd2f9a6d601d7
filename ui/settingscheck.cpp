#include "settingscheck.h"

#include "editorlauncher.h"

#include "logsettings.h"
#include "runmanager.h"

#include <QRegularExpression>
#include <QSettings>

namespace {

bool isLogKey(const QString &key)
{
    return key.startsWith(QLatin1String("logs/"));
}

// A whole number as a hand-edited file or a field gives it: digits only, spaces around them
// allowed - LogSettings' rule, so that "30x", "1.5", "-1" are refused rather than half-read.
bool isWholeNumberIn(const QVariant &value, qint64 min, qint64 max)
{
    static const QRegularExpression digits(QStringLiteral("^\\s*\\+?\\d+\\s*$"));
    const QString text = value.toString();
    bool ok = false;
    const qint64 n = digits.match(text).hasMatch() ? text.trimmed().toLongLong(&ok) : 0;
    return ok && n >= min && n <= max;
}

QString shown(const QVariant &value)
{
    if (value.typeId() == QMetaType::QStringList) // "1,5" in an INI file
        return value.toStringList().join(QLatin1Char(','));
    return value.toString();
}

} // namespace

const QVector<SettingsCheck::Setting> &SettingsCheck::all()
{
    static const QVector<Setting> settings = [] {
        QVector<Setting> s;
        s.append({QStringLiteral("logs/maxAgeDays"),
                  tr("Delete logs older &than (days):"),
                  1,
                  LogSettings::MaxAgeDaysLimit,
                  {},
                  tr("no log is removed for its age until it is fixed")});
        s.append({QStringLiteral("logs/maxTotalMB"),
                  tr("Keep all logs &within (MB):"),
                  1,
                  LogSettings::MaxTotalMBLimit,
                  {},
                  tr("no log is removed for their size until it is fixed")});
        s.append({QStringLiteral("logs/maxRunMB"),
                  tr("Save at most, &per run (MB):"),
                  1,
                  LogSettings::MaxRunMBLimit,
                  {},
                  tr("the default, %1, is used instead").arg(LogSettings::DefaultMaxRunMB)});
        s.append({QStringLiteral("memory/budgetMB"),
                  tr("Output kept in &memory, all runs (MB):"),
                  1,
                  RunManager::MaxMemoryBudgetMB,
                  {},
                  tr("the default, %1, is used instead")
                      .arg(RunManager::DefaultMemoryBudget / (1024 * 1024))});
        s.append({QStringLiteral("runs/maxConcurrent"),
                  tr("Runs at &once, at most (0: no limit):"),
                  0,
                  MaxConcurrentRuns,
                  {},
                  tr("the default, 0 (no limit), is used instead")});
        s.append({QStringLiteral("trends/runs"),
                  tr("Runs in a task's tren&ds (last N):"),
                  1,
                  MaxTrendRuns,
                  {},
                  tr("the default, %1, is used instead").arg(DefaultTrendRuns)});
        s.append({QStringLiteral("containment/backend"),
                  tr("&Contain runs with:"),
                  0,
                  0,
                  {QStringLiteral("auto"), QStringLiteral("cgroup"), QStringLiteral("proc")},
                  tr("the default, %1, is used instead").arg(QStringLiteral("auto"))});
        s.append({QStringLiteral("notifications/when"),
                  tr("&Notify when a run ends:"),
                  0,
                  0,
                  {QStringLiteral("always"), QStringLiteral("failures"), QStringLiteral("never")},
                  tr("the default, %1, is used instead").arg(QStringLiteral("always"))});
        s.append({QStringLiteral("notifications/minSeconds"),
                  tr("…while the window is active, if it too&k (s):"),
                  0,
                  MaxNotifySeconds,
                  {},
                  tr("the default, %1, is used instead").arg(DefaultNotifyMinSeconds)});
        s.append({QStringLiteral("appearance/palette"),
                  tr("Colo&urs:"),
                  0,
                  0,
                  {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")},
                  tr("the default, %1, is used instead").arg(QStringLiteral("system"))});
        s.append({EditorLauncher::SettingKey,
                  tr("Open source &locations with:"),
                  0,
                  0,
                  {},
                  tr("the desktop's application for the file opens it until it is fixed"),
                  &EditorLauncher::problemWith});
        return s;
    }();
    return settings;
}

int SettingsCheck::maxConcurrentRuns(const QSettings &settings)
{
    const QString key = QStringLiteral("runs/maxConcurrent");
    const QVariant value = settings.value(key);
    if (!problemWith(key, value, Naming::Label).isEmpty())
        return 0;
    return value.toInt();
}

int SettingsCheck::trendRuns(const QSettings &settings)
{
    const QString key = QStringLiteral("trends/runs");
    const QVariant value = settings.value(key);
    if (!settings.contains(key) || !problemWith(key, value, Naming::Label).isEmpty()
        || value.toString().trimmed().isEmpty())
        return DefaultTrendRuns;
    return value.toString().trimmed().toInt();
}

const SettingsCheck::Setting *SettingsCheck::find(const QString &key)
{
    for (const Setting &setting : all())
        if (setting.key == key)
            return &setting;
    return nullptr;
}

QString SettingsCheck::label(const QString &key)
{
    const Setting *setting = find(key);
    Q_ASSERT(setting);
    if (!setting)
        return key;
    QString text = setting->label;
    text.remove(u'&');
    if (text.endsWith(u':'))
        text.chop(1);
    return text;
}

QString SettingsCheck::problemWith(const QString &key, const QVariant &value, Naming naming)
{
    const Setting *setting = find(key);
    Q_ASSERT(setting);
    if (!setting)
        return QString();
    // An empty field is the default; an empty value in the file too, but for the log settings,
    // which LogSettings refuses (and then prunes by no limit of that kind).
    if (shown(value).trimmed().isEmpty() && (naming == Naming::Label || !isLogKey(key)))
        return QString();
    const QString textProblem = setting->textRule ? setting->textRule(shown(value)) : QString();
    const bool good = setting->textRule ? textProblem.isEmpty()
                      : !setting->choices.isEmpty()
                          ? setting->choices.contains(value.toString().trimmed().toLower())
                      : isLogKey(key) ? LogSettings::problemWith(key, value).isEmpty()
                                      : isWholeNumberIn(value, setting->min, setting->max);
    if (good)
        return QString();
    const QString field
        = naming == Naming::Label ? label(key) : tr("%1 (%2 in the file)").arg(label(key), key);
    if (setting->textRule)
        return tr("%1: \"%2\": %3").arg(field, shown(value), textProblem);
    const QString wanted
        = setting->choices.isEmpty()
              ? tr("not a whole number from %1 to %2")
                    .arg(QString::number(setting->min), QString::number(setting->max))
              : tr("not one of %1").arg(setting->choices.join(QStringLiteral(", ")));
    return tr("%1: \"%2\" is %3").arg(field, shown(value), wanted);
}

QStringList SettingsCheck::problems(const QSettings &settings)
{
    QStringList problems;
    for (const Setting &setting : all()) {
        if (!settings.contains(setting.key))
            continue;
        const QString problem
            = problemWith(setting.key, settings.value(setting.key), Naming::LabelAndKey);
        if (!problem.isEmpty())
            problems.append(problem + QStringLiteral("; ") + setting.fallback + u'.');
    }
    return problems;
}
