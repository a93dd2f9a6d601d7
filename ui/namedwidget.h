#pragma once

#include "fieldlabel.h"

#include <QAction>
#include <QKeySequence>
#include <QLabel>
#include <QLatin1String>
#include <QList>
#include <QString>

// Every control a user or a test touches gets an objectName (for tests and automation) and an
// accessible name (for assistive technology): one helper, so neither is forgotten.
template <typename W>
W *named(W *widget, const char *objectName, const QString &accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
    return widget;
}

// A label of a run's header: named after what it shows, its text readable by assistive
// technology (FieldLabel) and selectable (a user copies a path or a pid), wrapped.
inline QLabel *selectableLabel(const char *objectName, const QString &accessibleName,
                               const QString &text = QString())
{
    auto *label = named(new FieldLabel(text), objectName, accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

// An action with its objectName (what tests and automation find it by) and shortcuts.
inline QAction *makeAction(QObject *parent, const char *objectName, const QString &text,
                           const QList<QKeySequence> &shortcuts)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcuts(shortcuts);
    return action;
}
