#include "closabletabsaccessible.h"

#include <QAbstractButton>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

namespace {

QString withoutMnemonic(QString text)
{
    // "a && b" is how a tab shows "a & b"; a single '&' marks a shortcut letter.
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

// What tab and close button share: the bar, and the page by which the tab is known.
struct TabRef
{
    QPointer<QTabBar> bar;
    QPointer<QTabWidget> tabs;
    QPointer<QWidget> page;

    int index() const { return bar && tabs && page ? tabs->indexOf(page) : -1; }
    bool isValid() const { return index() >= 0; }
    QAbstractButton *closeButton() const
    {
        const int i = index();
        if (i < 0)
            return nullptr;
        const auto side = QTabBar::ButtonPosition(
            bar->style()->styleHint(QStyle::SH_TabBar_CloseButtonPosition, nullptr, bar));
        return qobject_cast<QAbstractButton *>(bar->tabButton(i, side));
    }
    void close() const
    {
        if (QAbstractButton *button = closeButton())
            button->click(); // as a click would: the window decides (a live run asks)
        else if (const int i = index(); i >= 0)
            Q_EMIT bar->tabCloseRequested(i);
    }
    QRect globalRect(const QRect &local) const
    {
        return bar ? QRect(bar->mapToGlobal(local.topLeft()), local.size()) : QRect();
    }
};

class CloseTabButtonAccessible;

// One tab: a page tab that can be shown and closed.
class TabAccessible : public QAccessibleInterface, public QAccessibleActionInterface
{
    Q_DECLARE_TR_FUNCTIONS(ClosableTabsAccessible)
public:
    explicit TabAccessible(const TabRef &ref)
        : m_ref(ref)
    {}
    ~TabAccessible() override;

    static QString closeAction() { return tr("Close"); }

    bool isValid() const override { return m_ref.isValid(); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override
    {
        return m_ref.bar ? m_ref.bar->window()->windowHandle() : nullptr;
    }
    QAccessibleInterface *parent() const override
    {
        return QAccessible::queryAccessibleInterface(m_ref.bar.data());
    }
    QAccessibleInterface *focusChild() const override { return nullptr; }
    QAccessibleInterface *childAt(int x, int y) const override
    {
        QAccessibleInterface *button = child(0);
        return button && button->rect().contains(x, y) ? button : nullptr;
    }
    int childCount() const override { return m_ref.closeButton() ? 1 : 0; }
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        return child && child == this->child(0) ? 0 : -1;
    }
    QString text(QAccessible::Text t) const override
    {
        const int i = m_ref.index();
        if (i < 0)
            return QString();
        switch (t) {
        case QAccessible::Name:
            return withoutMnemonic(m_ref.bar->tabText(i));
        case QAccessible::Description:
            return m_ref.bar->tabToolTip(i);
        default:
            return QString();
        }
    }
    void setText(QAccessible::Text, const QString &) override {}
    QRect rect() const override
    {
        const int i = m_ref.index();
        return i < 0 ? QRect() : m_ref.globalRect(m_ref.bar->tabRect(i));
    }
    QAccessible::Role role() const override { return QAccessible::PageTab; }
    QAccessible::State state() const override
    {
        QAccessible::State s;
        const int i = m_ref.index();
        if (i < 0) {
            s.invalid = true;
            return s;
        }
        s.selectable = true;
        s.focusable = true;
        s.selected = i == m_ref.bar->currentIndex();
        s.focused = s.selected && m_ref.bar->hasFocus();
        s.disabled = !m_ref.bar->isTabEnabled(i);
        s.invisible = !m_ref.bar->isVisible() || !m_ref.bar->isTabVisible(i);
        s.offscreen = !m_ref.bar->rect().intersects(m_ref.bar->tabRect(i));
        return s;
    }
    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface
                   ? static_cast<QAccessibleActionInterface *>(this)
                   : nullptr;
    }

    // QAccessibleActionInterface
    QStringList actionNames() const override { return {pressAction(), closeAction()}; }
    QString localizedActionDescription(const QString &name) const override
    {
        if (name == closeAction())
            return tr("Closes the tab (a live run asks first)");
        return tr("Shows the tab");
    }
    void doAction(const QString &name) override
    {
        const int i = m_ref.index();
        if (i < 0)
            return;
        if (name == pressAction())
            m_ref.bar->setCurrentIndex(i);
        else if (name == closeAction())
            m_ref.close();
    }
    QStringList keyBindingsForAction(const QString &) const override { return {}; }

private:
    TabRef m_ref;
    mutable QAccessible::Id m_button = 0;
};

// The tab's close button: Qt's QTabBar makes it, without a name, and out of the tree.
class CloseTabButtonAccessible : public QAccessibleInterface, public QAccessibleActionInterface
{
    Q_DECLARE_TR_FUNCTIONS(ClosableTabsAccessible)
public:
    CloseTabButtonAccessible(const TabRef &ref, TabAccessible *tab)
        : m_ref(ref)
        , m_tab(tab)
    {}

    bool isValid() const override { return m_ref.closeButton() != nullptr; }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_tab->window(); }
    QAccessibleInterface *parent() const override { return m_tab; }
    QAccessibleInterface *focusChild() const override { return nullptr; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    int childCount() const override { return 0; }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Name)
            return tr("Close");
        if (t == QAccessible::Description)
            return tr("Close the tab “%1”").arg(m_tab->text(QAccessible::Name));
        return QString();
    }
    void setText(QAccessible::Text, const QString &) override {}
    QRect rect() const override
    {
        QAbstractButton *button = m_ref.closeButton();
        return button ? QRect(button->mapToGlobal(QPoint(0, 0)), button->size()) : QRect();
    }
    QAccessible::Role role() const override { return QAccessible::PushButton; }
    QAccessible::State state() const override
    {
        QAccessible::State s;
        QAbstractButton *button = m_ref.closeButton();
        s.invalid = !button;
        s.invisible = !button || !button->isVisible();
        return s;
    }
    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface
                   ? static_cast<QAccessibleActionInterface *>(this)
                   : nullptr;
    }
    QStringList actionNames() const override { return {pressAction()}; }
    void doAction(const QString &name) override
    {
        if (name == pressAction())
            m_ref.close();
    }
    QStringList keyBindingsForAction(const QString &) const override { return {}; }

private:
    TabRef m_ref;
    TabAccessible *m_tab;
};

TabAccessible::~TabAccessible()
{
    if (m_button)
        QAccessible::deleteAccessibleInterface(m_button);
}

QAccessibleInterface *TabAccessible::child(int index) const
{
    if (index != 0 || !m_ref.closeButton())
        return nullptr;
    if (!m_button)
        m_button = QAccessible::registerAccessibleInterface(
            new CloseTabButtonAccessible(m_ref, const_cast<TabAccessible *>(this)));
    return QAccessible::accessibleInterface(m_button);
}

QAccessibleInterface *closableTabsFactory(const QString &className, QObject *object)
{
    if (className != QLatin1String("QTabBar"))
        return nullptr;
    auto *bar = qobject_cast<QTabBar *>(object);
    auto *tabs = bar ? qobject_cast<QTabWidget *>(bar->parentWidget()) : nullptr;
    if (!tabs || !tabs->tabsClosable())
        return nullptr; // Qt's own serves the others
    return new ClosableTabsAccessible(bar);
}

} // namespace

void ClosableTabsAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(closableTabsFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

ClosableTabsAccessible::ClosableTabsAccessible(QTabBar *bar)
    : QAccessibleWidget(bar, QAccessible::PageTabList)
{}

ClosableTabsAccessible::~ClosableTabsAccessible()
{
    for (const QAccessible::Id id : std::as_const(m_tabs))
        QAccessible::deleteAccessibleInterface(id);
}

QTabBar *ClosableTabsAccessible::tabBar() const
{
    return static_cast<QTabBar *>(widget());
}

QTabWidget *ClosableTabsAccessible::tabWidget() const
{
    return qobject_cast<QTabWidget *>(tabBar()->parentWidget());
}

QString ClosableTabsAccessible::text(QAccessible::Text t) const
{
    QString text = QAccessibleWidget::text(t);
    if (t == QAccessible::Name && text.isEmpty() && tabWidget())
        text = tabWidget()->accessibleName(); // "Runs"
    return text;
}

QAccessibleInterface *ClosableTabsAccessible::tabInterface(int index) const
{
    QTabWidget *tabs = tabWidget();
    QWidget *page = tabs ? tabs->widget(index) : nullptr;
    if (!page)
        return nullptr;
    // Pages gone: their tabs' interfaces too.
    for (auto it = m_tabs.begin(); it != m_tabs.end();) {
        if (tabs->indexOf(it.key()) < 0) {
            QAccessible::deleteAccessibleInterface(it.value());
            it = m_tabs.erase(it);
        } else {
            ++it;
        }
    }
    QAccessible::Id &id = m_tabs[page];
    if (!id)
        id = QAccessible::registerAccessibleInterface(
            new TabAccessible(TabRef{tabBar(), tabs, page}));
    return QAccessible::accessibleInterface(id);
}

int ClosableTabsAccessible::childCount() const
{
    // The tabs, then the scroll buttons (as Qt's own has them).
    return tabBar()->count() + int(tabBar()->findChildren<QToolButton *>().size());
}

QAccessibleInterface *ClosableTabsAccessible::child(int index) const
{
    const int tabCount = tabBar()->count();
    if (index < 0)
        return nullptr;
    if (index < tabCount)
        return tabInterface(index);
    const QList<QToolButton *> scrollers = tabBar()->findChildren<QToolButton *>();
    return index - tabCount < scrollers.size()
               ? QAccessible::queryAccessibleInterface(scrollers.at(index - tabCount))
               : nullptr;
}

int ClosableTabsAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    for (int i = 0; i < childCount(); ++i) {
        if (this->child(i) == child)
            return i;
    }
    return -1;
}

QAccessibleInterface *ClosableTabsAccessible::childAt(int x, int y) const
{
    for (int i = 0; i < childCount(); ++i) {
        QAccessibleInterface *candidate = child(i);
        if (candidate && candidate->rect().contains(x, y))
            return candidate;
    }
    return nullptr;
}
