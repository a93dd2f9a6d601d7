#include "inputssection.h"

#include "namedwidget.h"
#include "userprompts.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum Column { NameColumn, PromptColumn, DefaultColumn, ChoicesColumn, ColumnCount };
}

InputsSection::InputsSection(const Task &task, UserPrompts *prompts, QWidget *parent)
    : TaskEditorSection(parent)
{
    setObjectName(QStringLiteral("inputsSection"));
    auto *intro = new QLabel(
        tr("Asked for when the task is run by hand, used in it as ${input:NAME}.\nBuilt in: "
           "${taskDir} ${home} ${date} ${time} ${datetime} ${env:NAME}; $${…} is written as "
           "it is."));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_table = named(new QTableWidget(0, ColumnCount), "inputsTable", tr("Parameters"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Prompt"), tr("Default"), tr("Choices (a, b, …)")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeaderItem(DefaultColumn)
        ->setToolTip(tr("Checked: the value when none is given (empty or not). Unchecked: "
                        "a value must be given"));
    for (const TaskInput &input : task.inputs.inputs)
        addRow(input);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() == DefaultColumn) {
            // Typing a default gives the parameter one; unchecking it takes it away, text too.
            // (The check state last seen tells which of the two was changed.)
            const QSignalBlocker blocker(m_table);
            const bool toggled = item->data(Qt::UserRole).toInt() != int(item->checkState());
            if (toggled && item->checkState() == Qt::Unchecked)
                item->setText(QString());
            else if (!toggled && !item->text().isEmpty())
                item->setCheckState(Qt::Checked);
            item->setData(Qt::UserRole, int(item->checkState()));
        }
        Q_EMIT changed();
    });

    auto *add
        = named(new QPushButton(tr("Add parameter")), "addInputButton", tr("Add a parameter"));
    auto *remove = named(new QPushButton(tr("Remove parameter")), "removeInputButton",
                         tr("Remove the selected parameter"));
    connect(add, &QPushButton::clicked, this, [this] {
        addRow(TaskInput());
        const int row = m_table->rowCount() - 1;
        m_table->setCurrentCell(row, NameColumn);
        m_table->editItem(m_table->item(row, NameColumn));
        Q_EMIT changed();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        Q_EMIT changed();
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();

    m_envFile = named(new QLineEdit(task.inputs.envFile), "envFileEdit", tr(".env file"));
    m_envFile->setPlaceholderText(tr("none (e.g. .env, relative to the working directory)"));
    m_envFile->setToolTip(tr("Its variables are added under the task's own (the task's win). "
                             "A file that cannot be read, or a line it cannot understand, "
                             "stops the run from starting"));
    connect(m_envFile, &QLineEdit::textChanged, this, &TaskEditorSection::changed);
    auto *browse
        = named(new QPushButton(tr("Browse…")), "browseEnvFileButton", tr("Choose the .env file"));
    connect(browse, &QPushButton::clicked, this, [this, prompts] {
        prompts->chooseFile(this, UserPrompts::FileChoice::Open, tr(".env file"), m_envFile->text(),
                            QString(), [this](const QString &path) { m_envFile->setText(path); });
    });
    auto *envRow = new QHBoxLayout;
    envRow->addWidget(m_envFile);
    envRow->addWidget(browse);
    auto *form = new QFormLayout;
    auto *envLabel = new QLabel(tr(".e&nv file:"));
    envLabel->setBuddy(m_envFile);
    form->addRow(envLabel, envRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addLayout(form);
}

void InputsSection::addRow(const TaskInput &input)
{
    const QSignalBlocker blocker(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, NameColumn, new QTableWidgetItem(input.name));
    m_table->setItem(row, PromptColumn, new QTableWidgetItem(input.prompt));
    auto *defaultItem = new QTableWidgetItem(input.defaultValue.value_or(QString()));
    defaultItem->setFlags(defaultItem->flags() | Qt::ItemIsUserCheckable);
    defaultItem->setCheckState(input.defaultValue ? Qt::Checked : Qt::Unchecked);
    defaultItem->setData(Qt::UserRole, int(defaultItem->checkState()));
    m_table->setItem(row, DefaultColumn, defaultItem);
    m_table->setItem(row, ChoicesColumn, new QTableWidgetItem(joinChoices(input.choices)));
}

void InputsSection::store(Task *task) const
{
    task->inputs = TaskInputs();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_table->item(row, column);
            return item ? item->text() : QString();
        };
        TaskInput input;
        input.name = text(NameColumn).trimmed();
        input.prompt = text(PromptColumn).trimmed();
        const QTableWidgetItem *defaultItem = m_table->item(row, DefaultColumn);
        if (defaultItem && defaultItem->checkState() == Qt::Checked)
            input.defaultValue = defaultItem->text();
        input.choices = splitChoices(text(ChoicesColumn));
        const bool blank = input.name.isEmpty() && input.prompt.isEmpty() && !input.defaultValue
                           && input.choices.isEmpty();
        if (!blank) // a row added and left empty is no parameter (as the variables' table)
            task->inputs.inputs.append(input);
    }
    task->inputs.envFile = m_envFile->text().trimmed();
}
