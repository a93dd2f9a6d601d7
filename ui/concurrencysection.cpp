#include "concurrencysection.h"

#include "namedwidget.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QLineEdit>
#include <QSet>

ConcurrencySection::ConcurrencySection(const Task &task, const TaskEditorContext &context,
                                       QWidget *parent)
    : TaskEditorSection(parent)
{
    setObjectName(QStringLiteral("concurrencySection"));
    m_whenRunning = named(new QComboBox, "whenRunningBox", tr("When already running"));
    const QList<QPair<InstancePolicy, QString>> choices = {
        {InstancePolicy::Ask, tr("Ask (a trigger: see below)")},
        {InstancePolicy::Parallel, tr("Run another in parallel")},
        {InstancePolicy::Queue, tr("Queue behind it")},
        {InstancePolicy::Skip, tr("Skip, and say why")},
        {InstancePolicy::Restart, tr("Restart it")},
    };
    for (const auto &[policy, text] : choices)
        m_whenRunning->addItem(text, Concurrency::policyWord(policy));
    m_whenRunning->setCurrentIndex(
        m_whenRunning->findData(Concurrency::policyWord(task.concurrency.whenRunning)));

    m_group = named(new QLineEdit(task.concurrency.exclusiveGroup), "exclusiveGroupEdit",
                    tr("Exclusive group"));
    m_group->setPlaceholderText(tr("none; e.g. gpu, deploy"));
    m_group->setToolTip(tr("Runs of tasks with the same group never overlap: one waits in the "
                           "queue until the other has ended."));
    // The groups other tasks use: the same word, not a near miss.
    QSet<QString> groups;
    for (const Task &other : context.otherTasks) {
        if (!other.concurrency.exclusiveGroup.isEmpty())
            groups.insert(other.concurrency.exclusiveGroup);
    }
    QStringList known(groups.cbegin(), groups.cend());
    known.sort();
    auto *completer = new QCompleter(known, m_group);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_group->setCompleter(completer);

    m_note = named(new QLabel, "concurrencyNote", tr("What the policy does"));
    m_note->setWordWrap(true);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("When already &running:"), m_whenRunning);
    form->addRow(m_note);
    form->addRow(tr("E&xclusive group:"), m_group);

    connect(m_whenRunning, &QComboBox::currentIndexChanged, this, [this] {
        explain();
        Q_EMIT changed();
    });
    connect(m_group, &QLineEdit::textChanged, this, &TaskEditorSection::changed);
    explain();
}

void ConcurrencySection::explain()
{
    const auto policy = Concurrency::policyFromWord(m_whenRunning->currentData().toString());
    switch (policy.value_or(InstancePolicy::Ask)) {
    case InstancePolicy::Ask:
        m_note->setText(tr("By hand, you are asked: Restart, Run another or Cancel. A schedule "
                           "skips; other triggers queue."));
        break;
    case InstancePolicy::Parallel:
        m_note->setText(tr("Every run starts, beside the ones already running."));
        break;
    case InstancePolicy::Queue:
        m_note->setText(tr("A new run waits until the task's earlier runs have ended."));
        break;
    case InstancePolicy::Skip:
        m_note->setText(tr("Nothing starts while a run is live or queued; a trigger's skip is "
                           "in the history."));
        break;
    case InstancePolicy::Restart:
        m_note->setText(tr("The running one is stopped (its grace period); the new run starts "
                           "once every process of it is gone."));
        break;
    }
}

void ConcurrencySection::store(Task *task) const
{
    task->concurrency.whenRunning
        = Concurrency::policyFromWord(m_whenRunning->currentData().toString())
              .value_or(InstancePolicy::Ask);
    task->concurrency.exclusiveGroup = m_group->text().trimmed();
}

QStringList ConcurrencySection::problems(const Task &task) const
{
    if (task.concurrency.exclusiveGroup.size() > MaxGroupLength)
        return {tr("Exclusive group: at most %1 characters, it has %2.")
                    .arg(MaxGroupLength)
                    .arg(task.concurrency.exclusiveGroup.size())};
    return {};
}
