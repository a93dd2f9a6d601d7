// Edit > Preferences: it shows the settings as they are, writes valid ones (OK, Apply), refuses
// invalid ones saying why and writing nothing, and Cancel writes nothing; through the window,
// what it writes is used at once.

#include "apppalette.h"
#include "contrast.h"
#include "logsettings.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "privatexdgdirs.h"
#include "runmanager.h"
#include "settingscheck.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

namespace {

class QuietPrompts : public UserPrompts
{
public:
    QStringList *errors = nullptr; // where showError's texts go, if set
    void showError(QWidget *, const QString &, const QString &text) override
    {
        if (errors)
            errors->append(text);
    }
    bool confirmKillLeftovers(QWidget *, const QStringList &) override { return false; }
};

// Every key and value, to compare before and after.
QMap<QString, QVariant> snapshot()
{
    QSettings settings;
    QMap<QString, QVariant> all;
    for (const QString &key : settings.allKeys())
        all.insert(key, settings.value(key));
    return all;
}

template <typename T>
T *in(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s", name);
    return found;
}

void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void choose(QComboBox *box, const QString &value)
{
    const int index = box->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    box->setCurrentIndex(index);
}

} // namespace

class PreferencesTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // The settings of a user who has chosen something for each.
    void writeChosenSettings()
    {
        QSettings settings;
        settings.setValue("logs/maxAgeDays", 7);
        settings.setValue("logs/maxTotalMB", 100);
        settings.setValue("logs/maxRunMB", 50);
        settings.setValue("memory/budgetMB", 200);
        settings.setValue("containment/backend", "proc");
        settings.setValue("notifications/when", "failures");
        settings.setValue("notifications/minSeconds", 30);
        settings.setValue("tray/enabled", false);
        settings.setValue("tray/closeToTray", true);
        settings.setValue("appearance/palette", "dark");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(usePrivateXdgDirs(m_dir));
        QApplication::setOrganizationName("taskrunner");
        QApplication::setApplicationName("taskrunner");
    }

    void init() { QSettings().clear(); }

    void cleanup()
    {
        TrayIcon::setAvailabilityCheck({});
        AppPalette::apply(AppPalette::Scheme::System);
    }

    void loadsTheCurrentValues()
    {
        writeChosenSettings();
        PreferencesDialog dialog(true);
        QCOMPARE(in<QLineEdit>(&dialog, "maxAgeDaysEdit")->text(), QStringLiteral("7"));
        QCOMPARE(in<QLineEdit>(&dialog, "maxTotalMBEdit")->text(), QStringLiteral("100"));
        QCOMPARE(in<QLineEdit>(&dialog, "maxRunMBEdit")->text(), QStringLiteral("50"));
        QCOMPARE(in<QLineEdit>(&dialog, "memoryBudgetEdit")->text(), QStringLiteral("200"));
        QCOMPARE(in<QComboBox>(&dialog, "containmentBox")->currentData().toString(), "proc");
        QCOMPARE(in<QComboBox>(&dialog, "notifyWhenBox")->currentData().toString(), "failures");
        QCOMPARE(in<QLineEdit>(&dialog, "notifyMinSecondsEdit")->text(), QStringLiteral("30"));
        QVERIFY(!in<QCheckBox>(&dialog, "trayEnabledCheck")->isChecked());
        QVERIFY(in<QCheckBox>(&dialog, "closeToTrayCheck")->isChecked());
        QVERIFY(!in<QCheckBox>(&dialog, "closeToTrayCheck")->isEnabled()); // no tray icon
        QCOMPARE(in<QComboBox>(&dialog, "paletteBox")->currentData().toString(), "dark");
        QVERIFY(in<QPushButton>(&dialog, "okButton")->isEnabled());
        // Which containment runs get now, and when a change counts.
        const QString note = in<QLabel>(&dialog, "containmentNoteLabel")->text();
        QVERIFY2(note.contains("In use now: ") && note.contains("next start"), qPrintable(note));
    }

    // Nothing set: the fields are empty and show the defaults; OK writes no number.
    void defaultsAreShownAndKeptAsDefaults()
    {
        PreferencesDialog dialog(true);
        QLineEdit *age = in<QLineEdit>(&dialog, "maxAgeDaysEdit");
        QCOMPARE(age->text(), QString());
        QCOMPARE(age->placeholderText(), QString::number(LogSettings::DefaultMaxAgeDays));
        QCOMPARE(in<QLineEdit>(&dialog, "memoryBudgetEdit")->placeholderText(),
                 QString::number(RunManager::DefaultMemoryBudget / 1024 / 1024));
        QVERIFY(in<QCheckBox>(&dialog, "trayEnabledCheck")->isChecked());  // on by default
        QVERIFY(!in<QCheckBox>(&dialog, "closeToTrayCheck")->isChecked()); // off by default
        QCOMPARE(in<QComboBox>(&dialog, "notifyWhenBox")->currentData().toString(), "always");
        QVERIFY(dialog.apply());
        QSettings settings;
        QVERIFY(!settings.contains("logs/maxAgeDays"));
        QVERIFY(!settings.contains("memory/budgetMB"));
        QCOMPARE(settings.value("tray/closeToTray").toBool(), false);
    }

    void okWritesValidValues()
    {
        PreferencesDialog dialog(true);
        dialog.show();
        QSignalSpy applied(&dialog, &PreferencesDialog::applied);
        retype(in<QLineEdit>(&dialog, "maxAgeDaysEdit"), "90");
        retype(in<QLineEdit>(&dialog, "maxTotalMBEdit"), " 4096 ");
        retype(in<QLineEdit>(&dialog, "maxRunMBEdit"), "64");
        retype(in<QLineEdit>(&dialog, "memoryBudgetEdit"), "800");
        choose(in<QComboBox>(&dialog, "containmentBox"), "cgroup");
        choose(in<QComboBox>(&dialog, "notifyWhenBox"), "never");
        retype(in<QLineEdit>(&dialog, "notifyMinSecondsEdit"), "0");
        in<QCheckBox>(&dialog, "closeToTrayCheck")->setChecked(true);
        QTest::mouseClick(in<QPushButton>(&dialog, "okButton"), Qt::LeftButton);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QSettings settings;
        QCOMPARE(settings.value("logs/maxAgeDays").toInt(), 90);
        QCOMPARE(settings.value("logs/maxTotalMB").toInt(), 4096);
        QCOMPARE(settings.value("logs/maxRunMB").toInt(), 64);
        QCOMPARE(settings.value("memory/budgetMB").toInt(), 800);
        QCOMPARE(settings.value("containment/backend").toString(), QStringLiteral("cgroup"));
        QCOMPARE(settings.value("notifications/when").toString(), QStringLiteral("never"));
        QCOMPARE(settings.value("notifications/minSeconds").toInt(), 0);
        QCOMPARE(settings.value("tray/enabled").toBool(), true);
        QCOMPARE(settings.value("tray/closeToTray").toBool(), true);
        // What the app reads back is what was written: LogSettings finds no problem.
        const LogSettings logs = LogSettings::read(settings);
        QVERIFY2(logs.problems.isEmpty(), qPrintable(logs.problems.join('\n')));
        QCOMPARE(logs.retention.maxAgeDays, 90);
        QCOMPARE(logs.maxRunBytes, qint64(64) * 1024 * 1024);
    }

    void invalidValuesAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("named"); // what the problem names
        QTest::newRow("age, letters") << "maxAgeDaysEdit"
                                      << "abc"
                                      << "logs/maxAgeDays";
        QTest::newRow("age, zero") << "maxAgeDaysEdit"
                                   << "0"
                                   << "logs/maxAgeDays";
        QTest::newRow("age, too long") << "maxAgeDaysEdit"
                                       << "36501"
                                       << "logs/maxAgeDays";
        QTest::newRow("age, with a unit") << "maxAgeDaysEdit"
                                          << "30d"
                                          << "logs/maxAgeDays";
        QTest::newRow("total, negative") << "maxTotalMBEdit"
                                         << "-1"
                                         << "logs/maxTotalMB";
        QTest::newRow("per run, fraction") << "maxRunMBEdit"
                                           << "1.5"
                                           << "logs/maxRunMB";
        QTest::newRow("memory, zero") << "memoryBudgetEdit"
                                      << "0"
                                      << "memory/budgetMB";
        QTest::newRow("memory, too big") << "memoryBudgetEdit"
                                         << "1048577"
                                         << "memory/budgetMB";
        QTest::newRow("notify, a day and more") << "notifyMinSecondsEdit"
                                                << "86401"
                                                << "notifications/minSeconds";
        QTest::newRow("notify, exponent") << "notifyMinSecondsEdit"
                                          << "1e3"
                                          << "notifications/minSeconds";
    }
    void invalidValuesAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QString, named);
        writeChosenSettings();
        const QMap<QString, QVariant> before = snapshot();
        PreferencesDialog dialog(true);
        dialog.show();
        QSignalSpy applied(&dialog, &PreferencesDialog::applied);
        // Another field changed too: nothing is written while one is wrong.
        retype(in<QLineEdit>(&dialog, "maxRunMBEdit"), field == "maxRunMBEdit" ? text : "99");
        retype(dialog.findChild<QLineEdit *>(field), text);
        QLabel *problems = in<QLabel>(&dialog, "problemsLabel");
        QVERIFY(problems->isVisible());
        // Named by the field the user sees, not by the key in the file.
        QVERIFY2(problems->text().contains(SettingsCheck::label(named) + QStringLiteral(": \""))
                     && !problems->text().contains(named)
                     && problems->text().contains('"' + text + '"'),
                 qPrintable(problems->text()));
        QVERIFY(!in<QPushButton>(&dialog, "okButton")->isEnabled());
        QVERIFY(!in<QPushButton>(&dialog, "applyButton")->isEnabled());
        QVERIFY(!dialog.apply());
        dialog.accept(); // Enter, whatever the button's state
        QVERIFY(dialog.isVisible());
        QCOMPARE(applied.count(), 0);
        QCOMPARE(snapshot(), before);
        // Fixed: accepted.
        retype(dialog.findChild<QLineEdit *>(field), "12");
        QVERIFY(!problems->isVisible());
        QVERIFY(in<QPushButton>(&dialog, "okButton")->isEnabled());
    }

    // The editor's command template: presets fill it, a bad one is refused naming the field,
    // a good one is written as typed, an empty one removes the key (the desktop's handler).
    void editorCommand()
    {
        const QString key = QStringLiteral("editor/command");
        PreferencesDialog dialog(true);
        dialog.show();
        auto *edit = in<QLineEdit>(&dialog, "editorCommandEdit");
        auto *presets = in<QComboBox>(&dialog, "editorPresetBox");
        QVERIFY(!edit->accessibleName().isEmpty());
        QVERIFY(!presets->accessibleName().isEmpty());
        QVERIFY(in<QLabel>(&dialog, "editorNoteLabel")->text().contains("{column}"));
        const int vscode = presets->findData(QStringLiteral("code --goto {file}:{line}:{column}"));
        QVERIFY(vscode > 0);
        presets->setCurrentIndex(vscode);
        Q_EMIT presets->activated(vscode);
        QCOMPARE(edit->text(), QStringLiteral("code --goto {file}:{line}:{column}"));
        QCOMPARE(presets->currentIndex(), 0); // ready for another choice

        retype(edit, "code {fil}");
        QLabel *problems = in<QLabel>(&dialog, "problemsLabel");
        QVERIFY2(
            problems->isVisible()
                && problems->text().contains(SettingsCheck::label(key) + QStringLiteral(": \""))
                && problems->text().contains("{fil} is not a placeholder"),
            qPrintable(problems->text()));
        QVERIFY(!dialog.apply());
        QVERIFY(!QSettings().contains(key));

        retype(edit, "\"/opt/My Editor/ed\" +{line} {file}");
        QVERIFY(!problems->isVisible());
        QVERIFY(dialog.apply());
        QCOMPARE(QSettings().value(key).toString(),
                 QStringLiteral("\"/opt/My Editor/ed\" +{line} {file}"));
        PreferencesDialog again(true);
        QCOMPARE(in<QLineEdit>(&again, "editorCommandEdit")->text(),
                 QSettings().value(key).toString());

        retype(edit, "");
        QVERIFY(dialog.apply());
        QVERIFY(!QSettings().contains(key));
    }

    // A hand-edited file's bad value is shown as written, with its problem.
    void aBadValueInTheFileIsShownWithItsProblem()
    {
        QSettings().setValue("logs/maxAgeDays", "30x");
        PreferencesDialog dialog(true);
        dialog.show();
        QCOMPARE(in<QLineEdit>(&dialog, "maxAgeDaysEdit")->text(), QStringLiteral("30x"));
        QCOMPARE(in<QLabel>(&dialog, "problemsLabel")->text(),
                 QStringLiteral("Delete logs older than (days): \"30x\" is not a whole number "
                                "from 1 to 36500."));
        QVERIFY(!in<QPushButton>(&dialog, "okButton")->isEnabled());
    }

    // Three problem lines make the dialog taller: every label keeps the height its wrapped
    // text needs at its width, none squeezed or clipped.
    void problemsGrowTheDialogInsteadOfClippingTheNotes()
    {
        PreferencesDialog dialog(true);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const int before = dialog.height();
        retype(in<QLineEdit>(&dialog, "maxAgeDaysEdit"), "-5");
        retype(in<QLineEdit>(&dialog, "maxTotalMBEdit"), "lots");
        retype(in<QLineEdit>(&dialog, "notifyMinSecondsEdit"), "-7");
        QCOMPARE(in<QLabel>(&dialog, "problemsLabel")->text().count(u'\n'), 2);
        QApplication::processEvents();
        QVERIFY2(dialog.height() >= before, qPrintable(QString::number(dialog.height())));
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            if (!label->isVisible() || label->text().isEmpty())
                continue;
            const int needed = label->hasHeightForWidth() ? label->heightForWidth(label->width())
                                                          : label->sizeHint().height();
            QVERIFY2(label->height() >= needed,
                     qPrintable(QStringLiteral("%1: %2 < %3")
                                    .arg(label->objectName().isEmpty() ? label->text()
                                                                       : label->objectName())
                                    .arg(label->height())
                                    .arg(needed)));
        }
    }

    // A hand-corrupted taskrunner.conf: every bad value is told once at start, the same way,
    // naming the field and the key, and what is used instead; the good ones are not.
    void everyBadValueIsToldOnceAtStart_data()
    {
        QTest::addColumn<bool>("logProblem"); // the log settings' are said as logs are pruned
        QTest::newRow("with a bad log setting") << true;
        QTest::newRow("without") << false;
    }
    void everyBadValueIsToldOnceAtStart()
    {
        QFETCH(bool, logProblem);
        QSettings settings;
        if (logProblem)
            settings.setValue("logs/maxAgeDays", "-5");
        settings.setValue("notifications/when", "sometimes");
        settings.setValue("notifications/minSeconds", "-7");
        settings.setValue("appearance/palette", "purple");
        settings.setValue("containment/backend", "jail");
        settings.setValue("memory/budgetMB", "200");
        settings.sync();
        QStringList errors;
        auto prompts = std::make_unique<QuietPrompts>();
        prompts->errors = &errors;
        MainWindow window(std::move(prompts), m_dir.filePath("tasks.json"));
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 30'000);
        const QString text = errors.first();
        QStringList expected = {
            "Contain runs with (containment/backend in the file): \"jail\" is not one of auto, "
            "cgroup, proc; the default, auto, is used instead.",
            "Notify when a run ends (notifications/when in the file): \"sometimes\" is not one of "
            "always, failures, never; the default, always, is used instead.",
            "…while the window is active, if it took (s) (notifications/minSeconds in the file): "
            "\"-7\" is not a whole number from 0 to 86400; the default, 10, is used instead.",
            "Colours (appearance/palette in the file): \"purple\" is not one of system, light, "
            "dark; the default, system, is used instead.",
        };
        if (logProblem)
            expected.append("Delete logs older than (days) (logs/maxAgeDays in the file): \"-5\" "
                            "is not a whole number from 1 to 36500; no log is removed for its age "
                            "until it is fixed.");
        for (const QString &line : expected)
            QVERIFY2(text.contains(line), qPrintable(text));
        QCOMPARE(text.count(QStringLiteral(" in the file)")), expected.size());
        // The status bar's line is short (it cuts a long one): it counts them, names the file
        // and says where to fix them.
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("%1 settings in %2 not understood — see Edit ▸ Preferences.")
                     .arg(expected.size())
                     .arg(QFileInfo(QSettings().fileName()).fileName()));
        QTest::qWait(200); // an observation window: nothing told twice
        QCOMPARE(errors.size(), 1);
    }

    void cancelWritesNothing()
    {
        writeChosenSettings();
        const QMap<QString, QVariant> before = snapshot();
        PreferencesDialog dialog(true);
        dialog.show();
        QSignalSpy applied(&dialog, &PreferencesDialog::applied);
        retype(in<QLineEdit>(&dialog, "maxAgeDaysEdit"), "365");
        retype(in<QLineEdit>(&dialog, "memoryBudgetEdit"), "");
        choose(in<QComboBox>(&dialog, "containmentBox"), "auto");
        choose(in<QComboBox>(&dialog, "paletteBox"), "light");
        in<QCheckBox>(&dialog, "trayEnabledCheck")->setChecked(true);
        QTest::mouseClick(in<QPushButton>(&dialog, "cancelButton"), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(applied.count(), 0);
        QCOMPARE(snapshot(), before);
    }

    // Apply writes and stays open; Cancel afterwards keeps what was applied.
    void applyWritesAndStaysOpen()
    {
        PreferencesDialog dialog(true);
        dialog.show();
        retype(in<QLineEdit>(&dialog, "maxAgeDaysEdit"), "5");
        QTest::mouseClick(in<QPushButton>(&dialog, "applyButton"), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(QSettings().value("logs/maxAgeDays").toInt(), 5);
        retype(in<QLineEdit>(&dialog, "maxAgeDaysEdit"), "6");
        QTest::mouseClick(in<QPushButton>(&dialog, "cancelButton"), Qt::LeftButton);
        QCOMPARE(QSettings().value("logs/maxAgeDays").toInt(), 5);
    }

    // No tray on this desktop: its settings are shown, cannot be changed, and are not written.
    void withoutATrayItsSettingsAreLeftAlone()
    {
        QSettings().setValue("tray/closeToTray", true);
        PreferencesDialog dialog(false);
        QVERIFY(!in<QCheckBox>(&dialog, "trayEnabledCheck")->isEnabled());
        QVERIFY(!in<QCheckBox>(&dialog, "closeToTrayCheck")->isEnabled());
        const QString note = in<QLabel>(&dialog, "trayNoteLabel")->text();
        QVERIFY2(note.contains("No system tray") && note.contains("closing the window quits"),
                 qPrintable(note));
        QVERIFY(dialog.apply());
        QVERIFY(!QSettings().contains("tray/enabled"));
        QCOMPARE(QSettings().value("tray/closeToTray").toBool(), true);
    }

    // Colours given on the command line (--palette) win for the session: the dialog says so.
    void theCommandLinesPaletteIsNamed()
    {
        AppPalette::apply(AppPalette::Scheme::Dark); // as main() does for --palette dark
        PreferencesDialog dialog(true);
        QCOMPARE(in<QComboBox>(&dialog, "paletteBox")->currentData().toString(), "system");
        QVERIFY2(in<QLabel>(&dialog, "paletteNoteLabel")->text().contains("--palette dark"),
                 qPrintable(in<QLabel>(&dialog, "paletteNoteLabel")->text()));
        AppPalette::apply(AppPalette::Scheme::System);
        PreferencesDialog plain(true);
        QCOMPARE(in<QLabel>(&plain, "paletteNoteLabel")->text(),
                 QStringLiteral("A change applies at once."));
    }

    // Through the window: Edit > Preferences (Ctrl+,), and what it writes is used at once.
    void theWindowUsesWhatIsWrittenAtOnce()
    {
        TrayIcon::setAvailabilityCheck([] { return true; });
        MainWindow window(std::make_unique<QuietPrompts>(), m_dir.filePath("tasks.json"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction *action = window.findChild<QAction *>("preferencesAction");
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        QVERIFY(window.findChild<QMenu *>("editMenu")->actions().contains(action));
        QVERIFY(window.trayIcon()->isShown());
        action->trigger();
        PreferencesDialog *dialog = window.preferencesDialog();
        QVERIFY(dialog && dialog->isVisible());
        retype(in<QLineEdit>(dialog, "memoryBudgetEdit"), "123");
        in<QCheckBox>(dialog, "trayEnabledCheck")->setChecked(false);
        choose(in<QComboBox>(dialog, "paletteBox"), "dark");
        QTest::mouseClick(in<QPushButton>(dialog, "okButton"), Qt::LeftButton);
        QCOMPARE(window.runManager()->memoryBudget(), qint64(123) * 1024 * 1024);
        QVERIFY(!window.trayIcon()->isShown());
        QVERIFY(Contrast::luminance(QApplication::palette().color(QPalette::Base)) < 0.18);
        QTRY_VERIFY(!window.preferencesDialog()); // closed, and deleted
    }
};

QTEST_MAIN(PreferencesTest)
#include "tst_preferences.moc"
