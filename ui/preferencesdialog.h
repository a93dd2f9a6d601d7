#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Edit > Preferences: every setting the app keeps in taskrunner.conf, in one dialog - log
// retention, the memory budget, the containment, notifications, the tray, the colours. It
// shows the values as they are (a hand-edited bad one as written, with its problem), checks
// each edit as it is made by SettingsCheck's rules - a problem named by its field's label, the
// dialog growing rather than squeezing its notes - and writes all of them or none: OK and Apply are
// refused, saying why, while any value is wrong; Cancel writes nothing. applied() tells the window
// to use the new values at once; where one cannot be (the containment) the dialog says so.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    // trayAvailable: whether the desktop has a system tray (TrayIcon::isAvailable()); without
    // one, the tray settings are shown but cannot be changed, and the dialog says why.
    explicit PreferencesDialog(bool trayAvailable, QWidget *parent = nullptr);

    // What is wrong with the values as edited, a sentence each; empty when they can be saved.
    QStringList problems() const;
    // Writes the values if they are all valid: false (nothing written) otherwise.
    bool apply();

    void accept() override; // apply(), and closes only if it wrote

Q_SIGNALS:
    void applied(); // the settings were written
    // appearance/palette was written with another value than it had: AppPalette applies it.
    void paletteChanged();

private:
    void sayWhichPaletteIsInUse(); // the note under Colours
    void load();
    void check();
    void growToFit(); // to the height its wrapped labels need at its width

    QLineEdit *m_maxAgeDays;
    QLineEdit *m_maxTotalMB;
    QLineEdit *m_maxRunMB;
    QLineEdit *m_memoryBudgetMB;
    QLineEdit *m_maxConcurrent;
    QLineEdit *m_trendRuns;
    QComboBox *m_containment;
    QLabel *m_containmentNote;
    QComboBox *m_notifyWhen;
    QLineEdit *m_notifyMinSeconds;
    QCheckBox *m_trayEnabled;
    QCheckBox *m_closeToTray;
    QLabel *m_trayNote;
    QComboBox *m_palette;
    QLineEdit *m_editorCommand;
    QComboBox *m_editorPreset;
    QLabel *m_paletteNote;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
    bool m_trayAvailable;
    QString m_writtenPalette; // as loaded, then as last written
};
