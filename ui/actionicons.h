#pragma once

#include <QIcon>
#include <QObject>
#include <QPalette>
#include <QString>

class QWidget;

// Icons for the window's actions: the desktop icon theme's, by their freedesktop names, and
// where no theme has one (a bare X server, a minimal desktop) our own drawings, bundled under
// :/icons/actions/ and inked in the palette's button text colour so that they read on a light
// and a dark toolbar alike. Applied once after the actions are made, and again when the
// palette changes (the drawings are re-inked).
class ActionIcons : public QObject
{
    Q_OBJECT
public:
    // Watches window for palette changes; its actions found by objectName.
    explicit ActionIcons(QWidget *window);

    // Gives every known action of window its icon, and a tooltip naming its shortcut.
    void apply();

    // objectName -> freedesktop icon name, for every action that has an icon.
    static QList<QPair<QString, QString>> table();
    // The theme's icon of that name, else our drawing of it inked for palette (null if neither).
    static QIcon icon(const QString &freedesktopName, const QPalette &palette);
    // Our drawing alone, inked with the palette's ButtonText on its Button colour.
    static QIcon bundled(const QString &freedesktopName, const QPalette &palette);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
};
