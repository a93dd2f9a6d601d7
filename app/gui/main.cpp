#include "mainwindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("taskrunner"));
    QApplication::setApplicationName(QStringLiteral("taskrunner"));
    QApplication::setApplicationDisplayName(QStringLiteral("taskrunner"));
    QApplication::setDesktopFileName(QStringLiteral("taskrunner"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/taskrunner.svg")));

    MainWindow window(std::make_unique<UserPrompts>());
    window.show();
    return app.exec();
}
