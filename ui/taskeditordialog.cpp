#include "taskeditordialog.h"

#include "concurrencysection.h"
#include "containmentbackend.h"
#include "contrast.h"
#include "dependenciessection.h"
#include "durationparser.h"
#include "inputssection.h"
#include "limitparser.h"
#include "namedwidget.h"
#include "restartsection.h"
#include "schedulesection.h"
#include "userprompts.h"
#include "watchsection.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

TaskEditorDialog::TaskEditorDialog(const Task &task, const QStringList &otherNames,
                                   UserPrompts *prompts, QWidget *parent,
                                   const TaskEditorContext &context)
    : QDialog(parent)
    , m_otherNames(otherNames)
    , m_context(context)
{
    setObjectName(QStringLiteral("taskEditorDialog"));
    setWindowTitle(task.name.isEmpty() ? tr("New task") : tr("Edit task"));

    m_name = named(new QLineEdit(task.name), "nameEdit", tr("Name"));
    m_shellMode = named(new QRadioButton(tr("Shell script (bash)")), "shellModeRadio",
                        tr("Run a shell script"));
    m_programMode = named(new QRadioButton(tr("Program with arguments")), "programModeRadio",
                          tr("Run a program"));
    (task.spec.useShell || task.spec.program.isEmpty() ? m_shellMode : m_programMode)
        ->setChecked(true);
    m_script = named(new QPlainTextEdit(task.spec.shellScript), "scriptEdit", tr("Script"));
    m_script->setTabChangesFocus(true);
    // A script is code: columns line up, and 0/O, l/1 can be told apart.
    m_script->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_program = named(new QLineEdit(task.spec.program), "programEdit", tr("Program"));
    m_arguments = named(new QLineEdit(joinShellWords(task.spec.arguments)), "argumentsEdit",
                        tr("Arguments"));
    m_directory = named(new QLineEdit(task.spec.workingDirectory), "directoryEdit",
                        tr("Working directory"));
    m_directory->setPlaceholderText(tr("taskrunner's own working directory"));
    auto *browse = named(new QPushButton(tr("Browse…")), "browseDirectoryButton",
                         tr("Choose the working directory"));
    connect(browse, &QPushButton::clicked, this, [this, prompts] {
        prompts->chooseFile(this, UserPrompts::FileChoice::Directory, tr("Working directory"),
                            m_directory->text(), QString(),
                            [this](const QString &dir) { m_directory->setText(dir); });
    });
    auto *directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directory);
    directoryRow->addWidget(browse);

    m_environment = named(new QTableWidget(0, 2), "environmentTable", tr("Environment variables"));
    m_environment->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_environment->horizontalHeader()->setStretchLastSection(true);
    m_environment->verticalHeader()->hide();
    for (auto it = task.spec.environment.cbegin(); it != task.spec.environment.cend(); ++it)
        addEnvironmentRow(it.key(), it.value());
    auto *addVariable = named(new QPushButton(tr("Add variable")), "addVariableButton",
                              tr("Add an environment variable"));
    auto *removeVariable = named(new QPushButton(tr("Remove variable")), "removeVariableButton",
                                 tr("Remove the selected environment variable"));
    connect(addVariable, &QPushButton::clicked, this, [this] {
        addEnvironmentRow(QString(), QString());
        m_environment->setCurrentCell(m_environment->rowCount() - 1, 0);
        m_environment->editItem(m_environment->item(m_environment->rowCount() - 1, 0));
    });
    connect(removeVariable, &QPushButton::clicked, this, [this] {
        if (m_environment->currentRow() >= 0)
            m_environment->removeRow(m_environment->currentRow());
        revalidate();
    });
    auto *envButtons = new QHBoxLayout;
    envButtons->addWidget(addVariable);
    envButtons->addWidget(removeVariable);
    envButtons->addStretch();

    m_timeout
        = named(new QLineEdit(task.spec.timeout.count() > 0 ? formatDuration(task.spec.timeout)
                                                            : QString()),
                "timeoutEdit", tr("Timeout"));
    m_timeout->setPlaceholderText(tr("none (e.g. 30s, 5m, 1.5)"));
    m_grace = named(new QLineEdit(formatDuration(task.spec.gracePeriod)), "graceEdit",
                    tr("Grace period"));
    m_grace->setToolTip(tr("Time between SIGTERM and SIGKILL when stopping; 0 kills at once"));
    m_leaveLeftovers = named(new QCheckBox(tr("Leave processes running after the main one exits")),
                             "leaveLeftoversCheck", tr("Leave leftover processes running"));
    m_leaveLeftovers->setChecked(task.spec.leaveLeftovers);
    m_pty = named(new QCheckBox(tr("Run in a pseudo-terminal")), "ptyCheck",
                  tr("Run in a pseudo-terminal"));
    m_pty->setChecked(task.spec.usePty);
    m_pty->setToolTip(tr("Programs then colour and line-buffer their output; stdout and stderr "
                         "arrive merged"));

    m_memoryMax = named(new QLineEdit(formatMemoryMax(task.spec.limits.memoryMaxBytes)),
                        "memoryMaxEdit", tr("Memory limit"));
    m_memoryMax->setPlaceholderText(tr("none (e.g. 512M, 1.5G)"));
    m_memoryMax->setToolTip(tr("The most memory the task's processes may use together; past it "
                               "the kernel kills one of them. K, M, G, T are KiB, MiB, GiB, "
                               "TiB; a bare number is bytes"));
    m_cpuMax = named(new QLineEdit(formatCpuMax(task.spec.limits.cpuMaxCores)), "cpuMaxEdit",
                     tr("CPU limit"));
    m_cpuMax->setPlaceholderText(tr("none (e.g. 0.5, 2, 150%)"));
    m_cpuMax->setToolTip(tr("The most CPU time the task may use, in CPUs: 0.5 is half of one"));
    m_pidsMax = named(new QLineEdit(formatPidsMax(task.spec.limits.pidsMax)), "pidsMaxEdit",
                      tr("Processes limit"));
    m_pidsMax->setPlaceholderText(tr("none (e.g. 100)"));
    m_pidsMax->setToolTip(tr("The most processes and threads the task may have at once"));
    m_limitsNote = named(new FieldLabel, "limitsNoteLabel", tr("Why the limits cannot be applied"));
    m_limitsNote->setWordWrap(true);
    m_limitsNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_limitsNote->hide();

    m_problems = named(new FieldLabel, "problemsLabel", tr("Problems")); // its text readable too
    m_problems->setWordWrap(true);
    // Red that reads on this palette's window, light or dark (a fixed #c01c28 is 2:1 on dark).
    m_problems->setStyleSheet(
        QStringLiteral("color: %1").arg(Contrast::errorText(palette()).name()));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    auto *modes = new QHBoxLayout;
    modes->addWidget(m_shellMode);
    modes->addWidget(m_programMode);
    form->addRow(tr("Run:"), modes);
    form->addRow(tr("&Script:"), m_script);
    form->addRow(tr("&Program:"), m_program);
    form->addRow(tr("&Arguments:"), m_arguments);
    // A row of a layout, not a widget: QFormLayout gives its label no buddy, and a label without
    // one shows its '&' as it is. This one's buddy is the field it names.
    auto *directoryLabel = new QLabel(tr("&Directory:"));
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, directoryRow);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(QString(), envButtons);
    form->addRow(tr("&Timeout:"), m_timeout);
    form->addRow(tr("&Grace period:"), m_grace);
    form->addRow(QString(), m_leaveLeftovers);
    form->addRow(QString(), m_pty);
    form->addRow(tr("Memor&y max:"), m_memoryMax);
    form->addRow(tr("CP&U max:"), m_cpuMax);
    form->addRow(tr("Pr&ocesses max:"), m_pidsMax);
    m_pages = named(new QTabWidget, "taskEditorPages", tr("Task settings"));
    auto *commandPage = new QVBoxLayout(page(tr("Command")));
    commandPage->addLayout(form);
    // Under the limits, the form's last rows; outside the form, which would not make room for
    // the wrapped lines.
    commandPage->addWidget(m_limitsNote);
    commandPage->addStretch();

    // The sections of the other pages, each a class of its own (TaskEditorSection).
    addSection(tr("Running"), new DependenciesSection(task, m_context));
    addSection(tr("Running"), new ConcurrencySection(task, m_context));
    addSection(tr("Running"), new RestartSection(task, m_context));
    addSection(tr("Triggers"), new ScheduleSection(task));
    addSection(tr("Triggers"), new WatchSection(task, m_context));
    addSection(tr("Parameters"), new InputsSection(task, prompts));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    // Under every page: a problem on a page not shown is still in sight.
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : {m_name, m_program, m_arguments, m_directory, m_timeout, m_grace,
                            m_memoryMax, m_cpuMax, m_pidsMax})
        connect(edit, &QLineEdit::textChanged, this, &TaskEditorDialog::revalidate);
    connect(m_script, &QPlainTextEdit::textChanged, this, &TaskEditorDialog::revalidate);
    connect(m_shellMode, &QRadioButton::toggled, this, &TaskEditorDialog::revalidate);
    connect(m_environment, &QTableWidget::itemChanged, this, &TaskEditorDialog::revalidate);
    revalidate();
    resize(560, 640);
}

QWidget *TaskEditorDialog::page(const QString &title)
{
    for (int i = 0; i < m_pages->count(); ++i) {
        if (m_pages->tabText(i) == title)
            return static_cast<QScrollArea *>(m_pages->widget(i))->widget();
    }
    // A page scrolls rather than growing the dialog past a small screen.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("taskEditorPage"));
    scroll->setWidget(content);
    m_pages->addTab(scroll, title);
    return content;
}

void TaskEditorDialog::addSection(const QString &pageTitle, TaskEditorSection *section)
{
    QWidget *content = page(pageTitle);
    auto *layout = qobject_cast<QVBoxLayout *>(content->layout());
    if (!layout) {
        layout = new QVBoxLayout(content);
        layout->addStretch();
    }
    layout->insertWidget(layout->count() - 1, section); // above the stretch
    m_sections.append(section);
    connect(section, &TaskEditorSection::changed, this, &TaskEditorDialog::revalidate);
}

void TaskEditorDialog::addEnvironmentRow(const QString &name, const QString &value)
{
    const int row = m_environment->rowCount();
    m_environment->insertRow(row);
    m_environment->setItem(row, 0, new QTableWidgetItem(name));
    m_environment->setItem(row, 1, new QTableWidgetItem(value));
}

Task TaskEditorDialog::task() const
{
    Task task;
    task.name = m_name->text().trimmed();
    task.spec.useShell = m_shellMode->isChecked();
    if (task.spec.useShell) {
        task.spec.shellScript = m_script->toPlainText();
    } else {
        task.spec.program = m_program->text().trimmed();
        // A line that does not split (a quote left open) is a problem problems() names.
        task.spec.arguments = splitShellWords(m_arguments->text()).value_or(QStringList());
    }
    task.spec.workingDirectory = m_directory->text().trimmed();
    for (int row = 0; row < m_environment->rowCount(); ++row) {
        const QTableWidgetItem *name = m_environment->item(row, 0);
        const QTableWidgetItem *value = m_environment->item(row, 1);
        if (name && !(name->text().isEmpty() && (!value || value->text().isEmpty())))
            task.spec.environment.insert(name->text(), value ? value->text() : QString());
    }
    task.spec.timeout = parseDuration(m_timeout->text()).value_or(std::chrono::milliseconds(0));
    task.spec.gracePeriod = parseDuration(m_grace->text()).value_or(std::chrono::seconds(5));
    task.spec.leaveLeftovers = m_leaveLeftovers->isChecked();
    task.spec.usePty = m_pty->isChecked();
    // Text that does not parse is a problem problems() names; OK is off meanwhile.
    task.spec.limits.memoryMaxBytes = parseMemoryMax(m_memoryMax->text()).limit;
    task.spec.limits.cpuMaxCores = parseCpuMax(m_cpuMax->text()).limit;
    task.spec.limits.pidsMax = parsePidsMax(m_pidsMax->text()).limit;
    for (const TaskEditorSection *section : m_sections)
        section->store(&task);
    return task;
}

QStringList TaskEditorDialog::problems() const
{
    const Task task = this->task();
    QStringList problems = validateTask(task, m_otherNames);
    QString why;
    if (m_programMode->isChecked() && !splitShellWords(m_arguments->text(), &why))
        problems.append(
            tr("Arguments: %1 (quote as in the shell: 'a b', \"say \\\"hi\\\"\").").arg(why));
    if (!m_timeout->text().trimmed().isEmpty() && !parseDuration(m_timeout->text(), &why))
        problems.append(
            why == QLatin1String("not a duration")
                ? tr("Timeout: \"%1\" is not a duration (try 30s, 5m, 1.5).").arg(m_timeout->text())
                : tr("Timeout: \"%1\" is %2.").arg(m_timeout->text(), why));
    if (!parseDuration(m_grace->text(), &why))
        problems.append(why == QLatin1String("not a duration")
                            ? tr("Grace period: \"%1\" is not a duration (try 5s, 500ms, 0).")
                                  .arg(m_grace->text())
                            : tr("Grace period: \"%1\" is %2.").arg(m_grace->text(), why));
    if (const QString bad = parseMemoryMax(m_memoryMax->text()).why; !bad.isEmpty())
        problems.append(tr("Memory max: \"%1\" is %2.").arg(m_memoryMax->text(), bad));
    if (const QString bad = parseCpuMax(m_cpuMax->text()).why; !bad.isEmpty())
        problems.append(tr("CPU max: \"%1\" is %2.").arg(m_cpuMax->text(), bad));
    if (const QString bad = parsePidsMax(m_pidsMax->text()).why; !bad.isEmpty())
        problems.append(tr("Processes max: \"%1\" is %2.").arg(m_pidsMax->text(), bad));
    QHash<QString, int> firstRow; // a name given twice: which value would win is a guess
    for (int row = 0; row < m_environment->rowCount(); ++row) {
        const QTableWidgetItem *name = m_environment->item(row, 0);
        const QTableWidgetItem *value = m_environment->item(row, 1);
        if ((!name || name->text().isEmpty()) && value && !value->text().isEmpty())
            problems.append(tr("Variable in row %1 has a value but no name.").arg(row + 1));
        if (!name || name->text().isEmpty())
            continue;
        if (const auto first = firstRow.constFind(name->text()); first != firstRow.cend())
            problems.append(tr("Variable %1 is set twice (rows %2 and %3): remove one.")
                                .arg(name->text())
                                .arg(*first + 1)
                                .arg(row + 1));
        else
            firstRow.insert(name->text(), row);
    }
    for (const TaskEditorSection *section : m_sections)
        problems += section->problems(task);
    return problems;
}

void TaskEditorDialog::revalidate()
{
    m_script->setEnabled(m_shellMode->isChecked());
    m_program->setEnabled(!m_shellMode->isChecked());
    m_arguments->setEnabled(!m_shellMode->isChecked());
    const QStringList problems = this->problems();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(problems.isEmpty());
    ok->setToolTip(problems.isEmpty() ? QString() : problems.join(QLatin1Char('\n')));
    updateLimitsNote(task().spec.limits);
}

void TaskEditorDialog::updateLimitsNote(const RunLimits &limits)
{
    QString why;
    if (ContainmentBackend::canApplyLimits(limits, &why)) {
        m_limitsNote->hide();
        m_limitsNote->clear();
        return;
    }
    m_limitsNote->setText(tr("These limits cannot be applied on this machine, so the task will "
                             "not start here until they can (it can still be saved): %1.")
                              .arg(why));
    m_limitsNote->show();
}
