#pragma once

#include "logview.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QToolButton;

// Find in a run's output: the text to find, where the find stands ("3 of 12", "No matches",
// "Searching…") and buttons for the previous and next match. It searches the view it is given
// (the current tab's); each view keeps its own search, so going back to a tab finds on from
// where it was. The result is the label's text and its accessible name, so a screen reader or a
// test reads it as a person does.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    // How to match (regular expression, case), read at each find; changing either is a new
    // search. Not owned.
    void setOptions(QAction *regex, QAction *matchCase);
    // The view to search; null when the current tab shows no output.
    void setView(LogView *view);
    QString resultText() const;

public Q_SLOTS:
    // Enter, F3, Shift+F3, the buttons: a new search when the text or an option changed since
    // this view's last one, else the next (previous) match.
    void find(bool backwards = false);

Q_SIGNALS:
    void problem(const QString &text); // the pattern is not a valid regular expression

private:
    LogView::FindQuery query() const; // what is typed, with the options
    void updateResult();

    QLineEdit *m_edit = nullptr;
    QLabel *m_result = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QAction *m_regex = nullptr;
    QAction *m_matchCase = nullptr;
    QPointer<LogView> m_view;
    LogView::FindQuery m_invalid; // refused as a regular expression (empty: none was)
};
