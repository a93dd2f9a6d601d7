#pragma once

#include <QAccessibleWidget>
#include <QCoreApplication>
#include <QHash>
#include <QPointer>

class QTabBar;
class QTabWidget;

// The tab bar of a QTabWidget with closable tabs (the run tabs) for assistive technology. Qt's
// own leaves the tabs' close buttons out of the tree; here each tab (a page tab named by its
// title, selected when current) has the actions "Press" (show it) and "Close", and holds its
// close button as a push button "Close" - both go through the tab's close button, the same
// path as a click (a live run asks first).
//
// Tabs are known by the page they show, not by their index, so that an interface handed out
// stays right when tabs are moved or closed (one whose page is gone is no longer valid).
class ClosableTabsAccessible : public QAccessibleWidget
{
    Q_DECLARE_TR_FUNCTIONS(ClosableTabsAccessible)
public:
    explicit ClosableTabsAccessible(QTabBar *bar);
    ~ClosableTabsAccessible() override;

    // Makes the tab bars of closable QTabWidgets use this interface, once per process.
    static void install();

    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;
    QString text(QAccessible::Text t) const override;

    QTabBar *tabBar() const;
    QTabWidget *tabWidget() const;

private:
    // The tab's interface, made once per page and registered with QAccessible.
    QAccessibleInterface *tabInterface(int index) const;
    mutable QHash<QWidget *, QAccessible::Id> m_tabs;
};
