#pragma once

#include <QString>

class QTabWidget;
class QWidget;

// The titles of the run tabs. A tab is titled by what it runs; two open tabs never share a
// title - a second "build" is "build #2" - so they can be told apart by eye, by a screen reader
// and by a test. The title's text is set escaped ('&' would otherwise mark a shortcut letter,
// "a & b" showing as "a  b"), while the tab's accessible name keeps the real text.
class TabTitles
{
public:
    // Titles the tab of page (already in tabs) after name, numbered when another open tab has
    // that name; returns the title.
    static QString setTitle(QTabWidget *tabs, QWidget *page, const QString &name);
    // The title given (unescaped), empty for a page titled otherwise.
    static QString titleOf(const QWidget *page);

    // A quick run's name: its command, cut with "…" when longer than MaxQuickRunName.
    static QString quickRunName(const QString &command);
    static constexpr int MaxQuickRunName = 40;
    // Text for a tab, a menu item or a button, shown as it is ('&' doubled).
    static QString escaped(QString text);
};
