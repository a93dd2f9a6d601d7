#include "fieldlabelaccessible.h"

#include "fieldlabel.h"

#include <QTextDocumentFragment>

namespace {

QAccessibleInterface *fieldLabelFactory(const QString &className, QObject *object)
{
    if (className == QLatin1String("FieldLabel"))
        if (auto *label = qobject_cast<FieldLabel *>(object))
            return new FieldLabelAccessible(label);
    return nullptr;
}

} // namespace

void FieldLabelAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(fieldLabelFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

FieldLabelAccessible::FieldLabelAccessible(QLabel *label)
    : QAccessibleWidget(label, QAccessible::StaticText)
{}

QString FieldLabelAccessible::value() const
{
    const auto *label = static_cast<const QLabel *>(widget());
    const bool rich
        = label->textFormat() == Qt::RichText
          || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
    if (!rich)
        return label->text();
    // Rich text (or maybe so): what a reader sees, without the markup.
    return QTextDocumentFragment::fromHtml(label->text()).toPlainText();
}

QString FieldLabelAccessible::text(QAccessible::Text t) const
{
    if (t == QAccessible::Value)
        return value();
    return QAccessibleWidget::text(t);
}

void *FieldLabelAccessible::interface_cast(QAccessible::InterfaceType type)
{
    if (type == QAccessible::TextInterface)
        return static_cast<QAccessibleTextInterface *>(this);
    return QAccessibleWidget::interface_cast(type);
}

void FieldLabelAccessible::selection(int, int *startOffset, int *endOffset) const
{
    *startOffset = *endOffset = 0;
}

QString FieldLabelAccessible::text(int startOffset, int endOffset) const
{
    const QString shown = value();
    if (endOffset < 0 || endOffset > shown.size())
        endOffset = int(shown.size());
    startOffset = qBound(0, startOffset, endOffset);
    return shown.mid(startOffset, endOffset - startOffset);
}

int FieldLabelAccessible::characterCount() const
{
    return int(value().size());
}

QString FieldLabelAccessible::attributes(int, int *startOffset, int *endOffset) const
{
    *startOffset = 0;
    *endOffset = characterCount();
    return QString();
}
