#pragma once

#include <QAccessibleWidget>

class QLabel;

// A FieldLabel for assistive technology: static text named after what it shows, whose text
// interface reads the value shown (the label's plain text). Values are short: the text
// interface's boundary queries work on the whole string (QAccessibleTextInterface's own).
class FieldLabelAccessible : public QAccessibleWidget, public QAccessibleTextInterface
{
public:
    explicit FieldLabelAccessible(QLabel *label);

    // Makes every FieldLabel use this interface (QAccessible::installFactory), once per process.
    static void install();

    QString text(QAccessible::Text t) const override;
    void *interface_cast(QAccessible::InterfaceType type) override;

    // QAccessibleTextInterface: read-only, no selection of its own through here.
    void selection(int selectionIndex, int *startOffset, int *endOffset) const override;
    int selectionCount() const override { return 0; }
    void addSelection(int, int) override {}
    void removeSelection(int) override {}
    void setSelection(int, int, int) override {}
    int cursorPosition() const override { return 0; }
    void setCursorPosition(int) override {}
    QString text(int startOffset, int endOffset) const override;
    int characterCount() const override;
    QRect characterRect(int) const override { return QRect(); }
    int offsetAtPoint(const QPoint &) const override { return -1; }
    void scrollToSubstring(int, int) override {}
    QString attributes(int offset, int *startOffset, int *endOffset) const override;

private:
    QString value() const; // what the label shows, as plain text
};
