#include "apppalette.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>
#include <QWindow>

namespace {

struct Remembered
{
    bool saved = false;
    QString styleName;
    QPalette palette;
    AppPalette::Scheme current = AppPalette::Scheme::System;
};

Remembered &remembered()
{
    static Remembered r;
    return r;
}

} // namespace

QStringList AppPalette::names()
{
    return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")};
}

QString AppPalette::name(Scheme scheme)
{
    return names().at(int(scheme));
}

std::optional<AppPalette::Scheme> AppPalette::fromName(const QString &name)
{
    const int index = names().indexOf(name.trimmed().toLower());
    if (index < 0)
        return std::nullopt;
    return Scheme(index);
}

QPalette AppPalette::light()
{
    // Fusion's light palette, with the link and placeholder colours made explicit, and a
    // highlight dark enough for white text on it to reach 4.5:1 (Fusion's #308cc6 gives 3.7).
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf7, 0xf7));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    p.setColor(QPalette::ToolTipText, Qt::black);
    p.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x6e, 0x6e));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x62, 0xb0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x1a, 0x5f, 0xb4));
    p.setColor(QPalette::LinkVisited, QColor(0x81, 0x3d, 0x9c));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x8a, 0x8a, 0x8a));
    return p;
}

QPalette AppPalette::dark()
{
    // Greys as GNOME's and Breeze's dark themes have them; the highlight dark enough for white
    // text on it to reach 4.5:1.
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ToolTipText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x5f, 0xa8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x78, 0xae, 0xed));
    p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9c, 0xe8));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Base, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x44, 0x44));
    // Fusion draws a checkable menu item's mark (and a check box's) in Text, a little darker,
    // on Base; an exclusive one's dot in ButtonText (Text when disabled). All set above for the
    // Active and Inactive groups alike, and dimmer for Disabled.
    return p;
}

void AppPalette::apply(Scheme scheme)
{
    Remembered &r = remembered();
    if (!r.saved) {
        r.saved = true;
        r.styleName = QApplication::style()->name();
        r.palette = QApplication::palette();
    }
    if (scheme == r.current)
        return;
    r.current = scheme;
    if (scheme == Scheme::System) {
        if (QStyle *style = QStyleFactory::create(r.styleName))
            QApplication::setStyle(style);
        QApplication::setPalette(r.palette);
        resolveUnshownWindows();
        return;
    }
    // Fusion draws with the palette it is given; the desktop's style may not (GTK's).
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(scheme == Scheme::Dark ? dark() : light());
    resolveUnshownWindows();
}

void AppPalette::resolveUnshownWindows()
{
    // Qt tells a new application palette to child widgets and to windows that have a native
    // window; a window never shown yet - a menu not opened since start - has none and keeps
    // the old palette: after a switch to dark, Run > Match case's check mark was drawn in the
    // light palette's black. Told here, it resolves the new palette like the others.
    for (QWidget *window : QApplication::topLevelWidgets()) {
        if (window->windowHandle())
            continue;
        QEvent change(QEvent::ApplicationPaletteChange);
        QCoreApplication::sendEvent(window, &change);
    }
}

AppPalette::Scheme AppPalette::current()
{
    return remembered().current;
}

AppPalette::Scheme AppPalette::fromSettings()
{
    return fromName(QSettings().value(QStringLiteral("appearance/palette")).toString())
        .value_or(Scheme::System);
}
