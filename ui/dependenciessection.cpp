#include "dependenciessection.h"

#include "dependencygraph.h"
#include "namedwidget.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {
// Whether an item names a task of the library (false: a dependency whose task is gone).
constexpr int KnownRole = Qt::UserRole + 1;
} // namespace

DependenciesSection::DependenciesSection(const Task &task, const TaskEditorContext &context,
                                         QWidget *parent)
    : TaskEditorSection(parent)
    , m_context(context)
    , m_list(named(new QListWidget, "dependenciesList", tr("Tasks to run first")))
    , m_sequence(named(new QRadioButton(tr("In &sequence, in this order")), "dependenciesSequence",
                       tr("Run them in sequence")))
    , m_parallel(named(new QRadioButton(tr("In para&llel")), "dependenciesParallel",
                       tr("Run them in parallel")))
    , m_up(named(new QPushButton(tr("Move &up")), "dependencyUpButton", tr("Move up")))
    , m_down(named(new QPushButton(tr("Move do&wn")), "dependencyDownButton", tr("Move down")))
{
    auto *box = new QGroupBox(tr("Dependencies"));
    auto *intro = new QLabel(tr("Run these tasks first; if one fails, this task does not run:"));
    intro->setWordWrap(true);
    intro->setBuddy(m_list);

    // Its dependencies first, in their order, then the other tasks; a name that is no saved
    // task is kept (and is a problem) so that opening the editor loses nothing.
    QStringList others;
    for (const Task &other : context.otherTasks)
        others.append(other.name);
    for (const QString &name : task.dependencies.names)
        addItem(name, true, others.contains(name));
    for (const QString &name : std::as_const(others)) {
        if (!task.dependencies.names.contains(name))
            addItem(name, false, true);
    }
    (task.dependencies.order == TaskDependencies::Order::Parallel ? m_parallel : m_sequence)
        ->setChecked(true);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    auto *listRow = new QHBoxLayout;
    listRow->addWidget(m_list, 1);
    listRow->addLayout(buttons);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(intro);
    boxLayout->addLayout(listRow);
    boxLayout->addWidget(m_sequence);
    boxLayout->addWidget(m_parallel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_list, &QListWidget::itemChanged, this, &TaskEditorSection::changed);
    connect(m_list, &QListWidget::currentRowChanged, this, &DependenciesSection::updateButtons);
    connect(m_sequence, &QRadioButton::toggled, this, &TaskEditorSection::changed);
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(+1); });
    updateButtons();
}

void DependenciesSection::addItem(const QString &name, bool checked, bool known)
{
    auto *item = new QListWidgetItem(known ? name : tr("%1 (not a saved task)").arg(name), m_list);
    item->setData(Qt::UserRole, name);
    item->setData(KnownRole, known);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void DependenciesSection::move(int by)
{
    const int row = m_list->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_list->count())
        return;
    QListWidgetItem *item = m_list->takeItem(row);
    m_list->insertItem(to, item);
    m_list->setCurrentRow(to);
    Q_EMIT changed(); // the order of a sequence
}

void DependenciesSection::updateButtons()
{
    const int row = m_list->currentRow();
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_list->count());
}

void DependenciesSection::store(Task *task) const
{
    task->dependencies = TaskDependencies();
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        if (item->checkState() == Qt::Checked)
            task->dependencies.names.append(item->data(Qt::UserRole).toString());
    }
    task->dependencies.order = m_parallel->isChecked() ? TaskDependencies::Order::Parallel
                                                       : TaskDependencies::Order::Sequence;
}

QStringList DependenciesSection::problems(const Task &task) const
{
    if (task.dependencies.isEmpty())
        return {};
    // The library as it would be once this task is saved: the others as they are, this one
    // as edited (a new task without a name yet stands in under a placeholder: nothing can
    // depend on it yet, so it closes no cycle).
    Task edited = task;
    if (edited.name.trimmed().isEmpty())
        edited.name = tr("(this task)");
    QList<Task> tasks = m_context.otherTasks;
    tasks.append(edited);
    const DependencyGraph::Plan plan = DependencyGraph(tasks).planFor(edited.name);
    return plan.ok() ? QStringList() : QStringList{plan.refusal};
}
