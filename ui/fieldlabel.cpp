#include "fieldlabel.h"

#include "fieldlabelaccessible.h"

FieldLabel::FieldLabel(const QString &text, QWidget *parent)
    : QLabel(parent)
{
    // The factory first, the text after: setting a text tells assistive technology, which then
    // asks for this label's interface - it must be ours, as it is kept for the label's life.
    FieldLabelAccessible::install();
    setText(text);
}
