#include "preferencesdialog.h"

#include "apppalette.h"
#include "containmentbackend.h"
#include "contrast.h"
#include "editorlauncher.h"
#include "logsettings.h"
#include "namedwidget.h"
#include "runmanager.h"
#include "settingscheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace {

const QString MaxAgeDays = QStringLiteral("logs/maxAgeDays");
const QString MaxTotalMB = QStringLiteral("logs/maxTotalMB");
const QString MaxRunMB = QStringLiteral("logs/maxRunMB");
const QString MemoryBudgetMB = QStringLiteral("memory/budgetMB");
const QString MaxConcurrent = QStringLiteral("runs/maxConcurrent");
const QString TrendRuns = QStringLiteral("trends/runs");
const QString Containment = QStringLiteral("containment/backend");
const QString NotifyWhen = QStringLiteral("notifications/when");
const QString NotifyMinSeconds = QStringLiteral("notifications/minSeconds");
const QString TrayEnabled = QStringLiteral("tray/enabled");
const QString CloseToTray = QStringLiteral("tray/closeToTray");
const QString Palette = QStringLiteral("appearance/palette");

// A field's label, with its mnemonic, as SettingsCheck names the setting in its problems.
QString fieldLabel(const QString &key)
{
    return SettingsCheck::find(key)->label;
}

QLineEdit *numberEdit(const char *name, const QString &accessibleName, const QString &placeholder)
{
    auto *edit = named(new QLineEdit, name, accessibleName);
    edit->setPlaceholderText(placeholder);
    edit->setMaximumWidth(160);
    return edit;
}

// A combo box of setting words, each shown in words of its own.
QComboBox *choiceBox(const char *name, const QString &accessibleName,
                     const QList<QPair<QString, QString>> &choices)
{
    auto *box = named(new QComboBox, name, accessibleName);
    for (const auto &[value, text] : choices)
        box->addItem(text, value);
    return box;
}

void select(QComboBox *box, const QString &value, const QString &fallback)
{
    int index = box->findData(value.trimmed().toLower());
    if (index < 0)
        index = box->findData(fallback);
    box->setCurrentIndex(index);
}

QLabel *note(const char *name, const QString &accessibleName)
{
    auto *label = named(new QLabel, name, accessibleName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PreferencesDialog::PreferencesDialog(bool trayAvailable, QWidget *parent)
    : QDialog(parent)
    , m_trayAvailable(trayAvailable)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    auto *logs = new QGroupBox(tr("Run logs"));
    auto *logsForm = new QFormLayout(logs);
    m_maxAgeDays = numberEdit("maxAgeDaysEdit", tr("Delete logs older than, in days"),
                              QString::number(LogSettings::DefaultMaxAgeDays));
    m_maxTotalMB = numberEdit("maxTotalMBEdit", tr("Keep all logs within, in MB"),
                              QString::number(LogSettings::DefaultMaxTotalMB));
    m_maxRunMB = numberEdit("maxRunMBEdit", tr("Save at most, per run, in MB"),
                            QString::number(LogSettings::DefaultMaxRunMB));
    logsForm->addRow(fieldLabel(MaxAgeDays), m_maxAgeDays);
    logsForm->addRow(fieldLabel(MaxTotalMB), m_maxTotalMB);
    logsForm->addRow(fieldLabel(MaxRunMB), m_maxRunMB);
    QLabel *logsNote = note("logsNoteLabel", tr("When the log settings apply"));
    logsNote->setText(tr("Old logs are removed after each run; the per-run limit applies to "
                         "runs started from now. The logs of runs still shown are kept."));
    logsForm->addRow(logsNote);

    auto *memory = new QGroupBox(tr("Memory"));
    auto *memoryForm = new QFormLayout(memory);
    m_memoryBudgetMB = numberEdit("memoryBudgetEdit", tr("Output kept in memory, all runs, in MB"),
                                  QString::number(RunManager::DefaultMemoryBudget / (1024 * 1024)));
    memoryForm->addRow(fieldLabel(MemoryBudgetMB), m_memoryBudgetMB);

    // The global limit: runs beyond it wait in the queue, oldest first.
    auto *runs = new QGroupBox(tr("Runs"));
    auto *runsForm = new QFormLayout(runs);
    m_maxConcurrent = numberEdit("maxConcurrentEdit", tr("Runs at once, at most; 0 for no limit"),
                                 QStringLiteral("0"));
    runsForm->addRow(fieldLabel(MaxConcurrent), m_maxConcurrent);
    QLabel *runsNote = note("runsNoteLabel", tr("What the run limit does"));
    runsNote->setText(tr("Runs beyond it wait in the queue, oldest first; a change applies at "
                         "once."));
    runsForm->addRow(runsNote);
    // After the run limit's note, which speaks of the field above it.
    m_trendRuns = numberEdit("trendRunsEdit", tr("Runs in a task's trends, the last ones"),
                             QString::number(SettingsCheck::DefaultTrendRuns));
    runsForm->addRow(fieldLabel(TrendRuns), m_trendRuns);

    auto *containment = new QGroupBox(tr("Containment"));
    auto *containmentForm = new QFormLayout(containment);
    m_containment = choiceBox(
        "containmentBox", tr("Containment of runs"),
        {{QStringLiteral("auto"), tr("Automatic: cgroup v2 where possible")},
         {QStringLiteral("cgroup"), tr("cgroup v2 only (runs fail to start without it)")},
         {QStringLiteral("proc"), tr("/proc supervisor")}});
    m_containmentNote = note("containmentNoteLabel", tr("Containment in use"));
    containmentForm->addRow(fieldLabel(Containment), m_containment);
    containmentForm->addRow(m_containmentNote);

    auto *notifications = new QGroupBox(tr("Notifications"));
    auto *notifyForm = new QFormLayout(notifications);
    m_notifyWhen = choiceBox("notifyWhenBox", tr("Notify when a run ends"),
                             {{QStringLiteral("always"), tr("Every run")},
                              {QStringLiteral("failures"), tr("Failed runs only")},
                              {QStringLiteral("never"), tr("Never")}});
    m_notifyMinSeconds
        = numberEdit("notifyMinSecondsEdit",
                     tr("Notify while the window is active for runs longer than, in seconds"),
                     QString::number(SettingsCheck::DefaultNotifyMinSeconds));
    notifyForm->addRow(fieldLabel(NotifyWhen), m_notifyWhen);
    notifyForm->addRow(fieldLabel(NotifyMinSeconds), m_notifyMinSeconds);

    auto *tray = new QGroupBox(tr("System tray"));
    auto *trayLayout = new QVBoxLayout(tray);
    m_trayEnabled = named(new QCheckBox(tr("Show an &icon in the system tray")), "trayEnabledCheck",
                          tr("Show an icon in the system tray"));
    m_closeToTray
        = named(new QCheckBox(tr("Closing the window keeps taskrunner in the t&ray")),
                "closeToTrayCheck", tr("Closing the window keeps taskrunner in the tray"));
    m_trayNote = note("trayNoteLabel", tr("System tray availability"));
    trayLayout->addWidget(m_trayEnabled);
    trayLayout->addWidget(m_closeToTray);
    trayLayout->addWidget(m_trayNote);

    auto *appearance = new QGroupBox(tr("Appearance"));
    auto *appearanceForm = new QFormLayout(appearance);
    m_palette = choiceBox("paletteBox", tr("Colours"),
                          {{QStringLiteral("system"), tr("The desktop's")},
                           {QStringLiteral("light"), tr("Light")},
                           {QStringLiteral("dark"), tr("Dark")}});
    appearanceForm->addRow(fieldLabel(Palette), m_palette);
    m_paletteNote = note("paletteNoteLabel", tr("About the colours"));
    appearanceForm->addRow(m_paletteNote);

    // Source locations in output: the editor they open in, as a command template.
    auto *editor = new QGroupBox(tr("Editor"));
    auto *editorForm = new QFormLayout(editor);
    m_editorCommand = named(new QLineEdit, "editorCommandEdit",
                            tr("Command that opens source locations in an editor"));
    m_editorCommand->setPlaceholderText(tr("empty: the desktop's application for the file"));
    m_editorCommand->setMinimumWidth(260);
    m_editorPreset = named(new QComboBox, "editorPresetBox", tr("Editor command presets"));
    // Its items are long (name and template): the box stays narrow, the list shows them whole.
    m_editorPreset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_editorPreset->setMinimumContentsLength(20);
    m_editorPreset->addItem(tr("Fill in a preset…"));
    for (const EditorLauncher::Preset &preset : EditorLauncher::presets())
        m_editorPreset->addItem(preset.commandTemplate.isEmpty()
                                    ? preset.name
                                    : tr("%1: %2").arg(preset.name, preset.commandTemplate),
                                preset.commandTemplate);
    connect(m_editorPreset, &QComboBox::activated, this, [this](int index) {
        if (index > 0) // the first item only says what the box is for
            m_editorCommand->setText(m_editorPreset->itemData(index).toString());
        m_editorPreset->setCurrentIndex(0);
    });
    editorForm->addRow(fieldLabel(EditorLauncher::SettingKey), m_editorCommand);
    editorForm->addRow(tr("Presets:"), m_editorPreset);
    QLabel *editorNote = note("editorNoteLabel", tr("About the editor command"));
    editorNote->setText(
        tr("Ctrl+click a file:line in a run's output to open it. %1 are replaced in each word "
           "of the command, which runs without a shell; a path with spaces stays one argument.")
            .arg(EditorLauncher::placeholders().join(QStringLiteral(", "))));
    editorForm->addRow(editorNote);

    m_problems = named(new QLabel, "problemsLabel", tr("Problems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(
        QStringLiteral("color: %1").arg(Contrast::errorText(palette()).name()));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                     | QDialogButtonBox::Apply);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    m_buttons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("applyButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &PreferencesDialog::apply);

    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(logs);
    left->addWidget(memory);
    left->addWidget(runs);
    left->addWidget(containment);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(notifications);
    right->addWidget(tray);
    right->addWidget(appearance);
    right->addWidget(editor);
    right->addStretch();
    columns->addLayout(left);
    columns->addLayout(right);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    load();
    for (QLineEdit *edit : {m_maxAgeDays, m_maxTotalMB, m_maxRunMB, m_memoryBudgetMB,
                            m_notifyMinSeconds, m_maxConcurrent, m_trendRuns, m_editorCommand})
        connect(edit, &QLineEdit::textChanged, this, &PreferencesDialog::check);
    connect(m_trayEnabled, &QCheckBox::toggled, this, &PreferencesDialog::check);
    check();
}

void PreferencesDialog::load()
{
    const QSettings settings;
    // A value as the file has it, wrong or not: the user sees what is there, and its problem.
    const auto text = [&settings](const QString &key) {
        return settings.contains(key) ? settings.value(key).toString() : QString();
    };
    m_maxAgeDays->setText(text(MaxAgeDays));
    m_maxTotalMB->setText(text(MaxTotalMB));
    m_maxRunMB->setText(text(MaxRunMB));
    m_memoryBudgetMB->setText(text(MemoryBudgetMB));
    m_maxConcurrent->setText(text(MaxConcurrent));
    m_trendRuns->setText(text(TrendRuns));
    select(m_containment, settings.value(Containment).toString(), QStringLiteral("auto"));
    select(m_notifyWhen, settings.value(NotifyWhen).toString(), QStringLiteral("always"));
    m_notifyMinSeconds->setText(text(NotifyMinSeconds));
    m_trayEnabled->setChecked(settings.value(TrayEnabled, true).toBool());
    m_closeToTray->setChecked(settings.value(CloseToTray, false).toBool());
    select(m_palette, settings.value(Palette).toString(), QStringLiteral("system"));
    m_writtenPalette = m_palette->currentData().toString();
    sayWhichPaletteIsInUse();
    const QVariant editorCommand = settings.value(EditorLauncher::SettingKey);
    m_editorCommand->setText(editorCommand.typeId() == QMetaType::QStringList
                                 ? editorCommand.toStringList().join(u',')
                                 : editorCommand.toString());

    // Which containment is in use is decided once, at the first run (or here, now): a change
    // counts from the next start.
    QString source;
    ContainmentBackend::requested(&source);
    QString containmentText
        = tr("In use now: %1. A change applies from the next start of taskrunner.")
              .arg(ContainmentBackend::activeDescription());
    if (source.startsWith(QLatin1String("TASKRUNNER_CONTAINMENT")))
        containmentText += u' ' + tr("%1 in the environment overrides this setting.").arg(source);
    m_containmentNote->setText(containmentText);

    m_trayNote->setText(
        m_trayAvailable
            ? tr("The icon counts the live runs; its menu runs recent tasks again, stops all "
                 "runs, shows the window or quits.")
            : tr("No system tray is available on this desktop: there is no tray icon, and "
                 "closing the window quits taskrunner."));
}

QStringList PreferencesDialog::problems() const
{
    QStringList problems;
    // SettingsCheck's rules, the same the start-up report uses; named by the fields' labels.
    const QList<QPair<QLineEdit *, QString>> edits
        = {{m_maxAgeDays, MaxAgeDays},       {m_maxTotalMB, MaxTotalMB},
           {m_maxRunMB, MaxRunMB},           {m_memoryBudgetMB, MemoryBudgetMB},
           {m_maxConcurrent, MaxConcurrent}, {m_notifyMinSeconds, NotifyMinSeconds},
           {m_trendRuns, TrendRuns},         {m_editorCommand, EditorLauncher::SettingKey}};
    for (const auto &[edit, key] : edits) {
        const QString problem
            = SettingsCheck::problemWith(key, edit->text(), SettingsCheck::Naming::Label);
        if (!problem.isEmpty())
            problems.append(problem + u'.');
    }
    return problems;
}

void PreferencesDialog::check()
{
    const QStringList problems = this->problems();
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
    growToFit();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(problems.isEmpty());
    m_trayEnabled->setEnabled(m_trayAvailable);
    m_closeToTray->setEnabled(m_trayAvailable && m_trayEnabled->isChecked());
}

void PreferencesDialog::growToFit()
{
    // The problem lines must not squeeze the notes: the wrapped labels' height for this width
    // (which the layout's minimum size does not know) is the least height, and the dialog
    // grows to it. It never shrinks here: a size the user chose stays.
    layout()->activate();
    const int width = qMax(this->width(), layout()->sizeHint().width());
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width)
                                                     : layout()->totalSizeHint().height();
    setMinimumHeight(height);
    if (this->height() < height || this->width() < width)
        resize(qMax(this->width(), width), qMax(this->height(), height));
}

bool PreferencesDialog::apply()
{
    if (!problems().isEmpty()) {
        check();
        return false;
    }
    QSettings settings;
    // An empty field is the default: the key is removed, so a later default applies too.
    const auto number = [&settings](const QString &key, QLineEdit *edit) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            settings.remove(key);
        else
            settings.setValue(key, text.toLongLong());
    };
    number(MaxAgeDays, m_maxAgeDays);
    number(MaxTotalMB, m_maxTotalMB);
    number(MaxRunMB, m_maxRunMB);
    number(MemoryBudgetMB, m_memoryBudgetMB);
    number(MaxConcurrent, m_maxConcurrent);
    number(TrendRuns, m_trendRuns);
    settings.setValue(Containment, m_containment->currentData());
    settings.setValue(NotifyWhen, m_notifyWhen->currentData());
    number(NotifyMinSeconds, m_notifyMinSeconds);
    if (m_trayAvailable) { // not changed here where it cannot be seen
        settings.setValue(TrayEnabled, m_trayEnabled->isChecked());
        settings.setValue(CloseToTray, m_closeToTray->isChecked());
    }
    settings.setValue(Palette, m_palette->currentData());
    if (m_editorCommand->text().trimmed().isEmpty())
        settings.remove(EditorLauncher::SettingKey);
    else
        settings.setValue(EditorLauncher::SettingKey, m_editorCommand->text().trimmed());
    settings.sync();
    Q_EMIT applied();
    // Only a changed choice: `--palette dark` on the command line stays until one is made here.
    if (m_palette->currentData().toString() != m_writtenPalette) {
        m_writtenPalette = m_palette->currentData().toString();
        sayWhichPaletteIsInUse();
        Q_EMIT paletteChanged();
    }
    return true;
}

void PreferencesDialog::accept()
{
    if (apply())
        QDialog::accept();
}

void PreferencesDialog::sayWhichPaletteIsInUse()
{
    // `taskrunner --palette X` chose this session's colours over the setting: say so.
    const AppPalette::Scheme inUse = AppPalette::current();
    m_paletteNote->setText(
        inUse == AppPalette::fromSettings()
            ? tr("A change applies at once.")
            : tr("A change applies at once; until then this session keeps the colours given on "
                 "its command line (%1).")
                  .arg(QStringLiteral("--palette ") + AppPalette::name(inUse)));
}
