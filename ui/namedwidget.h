#pragma once

#include <QLatin1String>
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
