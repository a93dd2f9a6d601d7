#pragma once

#include <QLabel>

// A label that shows a value - a run's state, its command, a count - and is named after what
// the value is ("State", "Command"). Assistive technology gets both: the name, and the value
// as the label's text (its accessible text interface, and QAccessible::Value), where a plain
// QLabel named "State" would hide what it shows.
class FieldLabel : public QLabel
{
    Q_OBJECT
public:
    explicit FieldLabel(const QString &text = QString(), QWidget *parent = nullptr);
};
