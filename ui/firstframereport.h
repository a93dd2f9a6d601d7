#pragma once

#include <QObject>

class QWidget;

// For start-up benchmarks: when the environment has TASKRUNNER_REPORT_FIRST_FRAME set, writes
// "first-frame" and a newline to stderr once the window has been exposed and painted for the
// first time - the moment a user sees it. A program that starts the app times that line.
// Does nothing otherwise.
class FirstFrameReport : public QObject
{
    Q_OBJECT
public:
    // Watches window (a top-level widget, not yet shown) when asked to by the environment.
    static void watch(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit FirstFrameReport(QWidget *window);
    QWidget *m_window;
};
