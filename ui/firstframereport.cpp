#include "firstframereport.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <cstdio>

FirstFrameReport::FirstFrameReport(QWidget *window)
    : QObject(window)
    , m_window(window)
{}

void FirstFrameReport::watch(QWidget *window)
{
    if (!qEnvironmentVariableIsSet("TASKRUNNER_REPORT_FIRST_FRAME"))
        return;
    // On the application: some platforms expose the window inside show(), before a filter on
    // the not yet created QWindow could be installed.
    QCoreApplication::instance()->installEventFilter(new FirstFrameReport(window));
}

bool FirstFrameReport::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Expose && watched == m_window->windowHandle()
        && m_window->windowHandle()->isExposed()) {
        QCoreApplication::instance()->removeEventFilter(this);
        // The expose is handled by painting and flushing the backing store; the next turn of
        // the event loop comes after that.
        QTimer::singleShot(0, this, [] {
            std::fputs("first-frame\n", stderr);
            std::fflush(stderr);
        });
    }
    return false;
}
