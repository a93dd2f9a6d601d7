#include "taskinputsdialog.h"

#include "namedwidget.h"
#include "runrequest.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace {

// One group per task, by id: a renamed task keeps its values.
QString settingsGroup(const Task &task)
{
    return QStringLiteral("taskInputs/") + task.id;
}

} // namespace

bool TaskInputsDialog::asksFor(const Task &task, const QString &trigger)
{
    return !task.inputs.inputs.isEmpty() && !task.id.isEmpty()
           && (trigger == RunTriggers::manual() || trigger == RunTriggers::tray());
}

QMap<QString, QString> TaskInputsDialog::remembered(const Task &task)
{
    QSettings settings;
    settings.beginGroup(settingsGroup(task));
    QMap<QString, QString> values;
    for (const QString &key : settings.childKeys())
        values.insert(key, settings.value(key).toString());
    return values;
}

TaskInputsDialog::TaskInputsDialog(const Task &task, QWidget *parent)
    : QDialog(parent)
    , m_task(task)
{
    setObjectName(QStringLiteral("taskInputsDialog"));
    setWindowTitle(tr("Run %1").arg(task.name));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);

    const QMap<QString, QString> last = remembered(task);
    auto *form = new QFormLayout;
    for (const TaskInput &input : task.inputs.inputs) {
        // Last time's value while it is still allowed, else the default.
        QString value = input.defaultValue.value_or(QString());
        if (last.contains(input.name)
            && (input.choices.isEmpty() || input.choices.contains(last.value(input.name))))
            value = last.value(input.name);
        QWidget *field = nullptr;
        if (!input.choices.isEmpty()) {
            auto *combo = new QComboBox;
            combo->addItems(input.choices);
            combo->setCurrentIndex(std::max(0, int(input.choices.indexOf(value))));
            field = combo;
        } else {
            auto *edit = new QLineEdit(value);
            if (!input.defaultValue) {
                edit->setPlaceholderText(tr("required"));
                m_required.append(edit);
            }
            field = edit;
        }
        field->setObjectName(QStringLiteral("input_") + input.name);
        field->setAccessibleName(input.label());
        auto *label = new QLabel(input.label() + QLatin1Char(':'));
        label->setBuddy(field);
        label->setToolTip(QStringLiteral("${input:%1}").arg(input.name));
        form->addRow(label, field);
        m_fields.append({input.name, field});
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Run"));
    ok->setObjectName(QStringLiteral("okButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        remember();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // A parameter without a default needs a value: Run stays off, saying which, until it has one.
    const auto check = [this, ok] {
        QStringList empty;
        for (const QLineEdit *edit : std::as_const(m_required)) {
            if (edit->text().isEmpty())
                empty.append(edit->accessibleName());
        }
        ok->setEnabled(empty.isEmpty());
        ok->setToolTip(empty.isEmpty() ? QString()
                                       : tr("Needs a value: %1").arg(empty.join(tr(", "))));
    };
    for (QLineEdit *edit : std::as_const(m_required))
        connect(edit, &QLineEdit::textChanged, this, check);
    check();
    // Typing goes to the first field still to fill in, else to the first.
    for (QLineEdit *edit : std::as_const(m_required)) {
        if (edit->text().isEmpty()) {
            edit->setFocus();
            break;
        }
    }
    if (!focusWidget() && !m_fields.isEmpty())
        m_fields.first().second->setFocus();
    setMinimumWidth(360);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QMap<QString, QString> TaskInputsDialog::values() const
{
    QMap<QString, QString> values;
    for (const auto &[name, field] : m_fields) {
        if (auto *combo = qobject_cast<QComboBox *>(field))
            values.insert(name, combo->currentText());
        else if (auto *edit = qobject_cast<QLineEdit *>(field))
            values.insert(name, edit->text());
    }
    return values;
}

void TaskInputsDialog::remember() const
{
    QSettings settings;
    settings.remove(settingsGroup(m_task)); // parameters removed since are forgotten
    settings.beginGroup(settingsGroup(m_task));
    const QMap<QString, QString> given = values();
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        settings.setValue(it.key(), it.value());
}
