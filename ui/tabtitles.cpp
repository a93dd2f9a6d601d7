#include "tabtitles.h"

#include <QSet>
#include <QTabBar>
#include <QTabWidget>
#include <QVariant>

namespace {
// Kept on the page, so they follow the tab when it is moved.
constexpr char BaseProperty[] = "taskrunnerTabBase";
constexpr char NumberProperty[] = "taskrunnerTabNumber";
constexpr char TitleProperty[] = "taskrunnerTabTitle";
} // namespace

QString TabTitles::setTitle(QTabWidget *tabs, QWidget *page, const QString &name)
{
    const int index = tabs->indexOf(page);
    if (index < 0)
        return QString();
    // The lowest number no other open tab of that name has; 1 is the name alone.
    QSet<int> taken;
    for (int i = 0; i < tabs->count(); ++i) {
        const QWidget *other = tabs->widget(i);
        if (other != page && other->property(BaseProperty).toString() == name)
            taken.insert(other->property(NumberProperty).toInt());
    }
    int number = 1;
    while (taken.contains(number))
        ++number;
    const QString title
        = number == 1 ? name : QStringLiteral("%1 #%2").arg(name, QString::number(number));
    page->setProperty(BaseProperty, name);
    page->setProperty(NumberProperty, number);
    page->setProperty(TitleProperty, title);
    tabs->setTabText(index, escaped(title));
    tabs->tabBar()->setAccessibleTabName(index, title);
    return title;
}

QString TabTitles::titleOf(const QWidget *page)
{
    return page ? page->property(TitleProperty).toString() : QString();
}

QString TabTitles::quickRunName(const QString &command)
{
    const QString simple = command.simplified(); // one line, whatever was pasted
    if (simple.size() <= MaxQuickRunName)
        return simple;
    return simple.left(MaxQuickRunName - 1).trimmed() + QStringLiteral("…");
}

QString TabTitles::escaped(QString text)
{
    return text.replace(QLatin1Char('&'), QLatin1String("&&"));
}
