#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QStatusBar;

// The window's words in its status bar, each for as long as it is worth reading: what just
// happened (an import's summary) for a few seconds, a problem (a task not found, a run that
// cannot be rerun) for longer, and a state that lasts ("Stopping a run before quitting…")
// until another such state replaces it. A passing word shown meanwhile goes, and the lasting
// state is shown again. Nothing stays for minutes after it stopped being true.
class StatusNotes : public QObject
{
    Q_OBJECT
public:
    enum class Kind {
        Info,    // what just happened: InfoMs
        Problem, // something failed or was refused: ProblemMs
        Ongoing, // a state that lasts: until the next Ongoing one
    };
    static constexpr int InfoMs = 10'000;
    static constexpr int ProblemMs = 30'000;

    // bar is not owned; parent owns this (the window).
    StatusNotes(QStatusBar *bar, QObject *parent);

    void show(const QString &text, Kind kind = Kind::Info);
    void info(const QString &text) { show(text, Kind::Info); }
    void problem(const QString &text) { show(text, Kind::Problem); }
    void ongoing(const QString &text) { show(text, Kind::Ongoing); }

    // How long passing words stay; tests make them short.
    void setLifetimes(int infoMs, int problemMs);
    int lifetime(Kind kind) const;

private:
    void expire();

    QPointer<QStatusBar> m_bar;
    QTimer m_expiry;   // the passing word's end
    QString m_passing; // the passing word shown, if still
    QString m_ongoing; // the lasting state, empty when none
    int m_infoMs = InfoMs;
    int m_problemMs = ProblemMs;
};
