#include "watchsection.h"

#include "namedwidget.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList paths;
    const QStringList all = edit->toPlainText().split(QLatin1Char('\n'));
    for (const QString &line : all) {
        if (!line.trimmed().isEmpty())
            paths.append(line.trimmed());
    }
    return paths;
}

// Globs as words, quoted as in the shell when one holds a blank ("'my dir/**' *.cpp").
QStringList globs(const QLineEdit *edit, QString *why = nullptr)
{
    return splitShellWords(edit->text(), why).value_or(QStringList());
}

} // namespace

WatchSection::WatchSection(const Task &task, const TaskEditorContext &context, QWidget *parent)
    : TaskEditorSection(parent)
    , m_paths(named(new QPlainTextEdit, "watchPaths", tr("Paths to watch")))
    , m_include(named(new QLineEdit, "watchInclude", tr("Include globs")))
    , m_ignore(named(new QLineEdit, "watchIgnore", tr("Ignore globs")))
    , m_recursive(named(new QCheckBox(tr("Watch &subdirectories too")), "watchRecursive",
                        tr("Watch subdirectories too")))
    , m_debounce(named(new QSpinBox, "watchDebounce", tr("Debounce")))
    , m_restart(named(new QCheckBox(tr("&Restart the run on change")), "watchRestart",
                      tr("Restart the run on change")))
    , m_missing(named(new QLabel, "watchMissing", tr("Paths not found")))
{
    Q_UNUSED(context)
    const TaskWatch &watch = task.watch;
    m_paths->setPlainText(watch.paths.join(QLatin1Char('\n')));
    m_paths->setPlaceholderText(tr("One path a line: src, ~/notes, /etc/app.conf"));
    m_paths->setTabChangesFocus(true);
    m_paths->setFixedHeight(m_paths->fontMetrics().lineSpacing() * 5);
    m_include->setText(joinShellWords(watch.include));
    m_include->setPlaceholderText(tr("every file (e.g. *.cpp *.h)"));
    m_ignore->setText(joinShellWords(watch.ignore));
    m_ignore->setPlaceholderText(tr("nothing (e.g. build/** .git/**)"));
    m_recursive->setChecked(watch.recursive);
    m_debounce->setRange(0, TaskWatch::MaxDebounceMs);
    m_debounce->setSingleStep(100);
    m_debounce->setSuffix(tr(" ms"));
    m_debounce->setValue(watch.debounceMs);
    m_restart->setChecked(watch.restartOnChange);
    m_missing->setWordWrap(true);
    m_missing->setVisible(false);

    auto *box
        = named(new QGroupBox(tr("Run on file change")), "watchGroup", tr("Run on file change"));
    auto *form = new QFormLayout(box);
    auto *pathsLabel = new QLabel(tr("&Paths:"));
    pathsLabel->setBuddy(m_paths);
    form->addRow(pathsLabel, m_paths);
    form->addRow(QString(), m_missing);
    auto *includeLabel = new QLabel(tr("&Include:"));
    includeLabel->setBuddy(m_include);
    form->addRow(includeLabel, m_include);
    auto *ignoreLabel = new QLabel(tr("I&gnore:"));
    ignoreLabel->setBuddy(m_ignore);
    form->addRow(ignoreLabel, m_ignore);
    auto *globNote = new QLabel(
        tr("Globs match the path under the watched folder: *.cpp any such name, src/*.h from "
           "the folder, build/** a folder and all in it. Ignore wins."));
    globNote->setWordWrap(true);
    form->addRow(QString(), globNote);
    form->addRow(QString(), m_recursive);
    auto *debounceLabel = new QLabel(tr("&Debounce:"));
    debounceLabel->setBuddy(m_debounce);
    form->addRow(debounceLabel, m_debounce);
    form->addRow(QString(), m_restart);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_paths, &QPlainTextEdit::textChanged, this, &WatchSection::changed);
    connect(m_paths, &QPlainTextEdit::textChanged, this, &WatchSection::updateEnabled);
    for (QLineEdit *edit : {m_include, m_ignore})
        connect(edit, &QLineEdit::textChanged, this, &WatchSection::changed);
    connect(m_recursive, &QCheckBox::toggled, this, &WatchSection::changed);
    connect(m_restart, &QCheckBox::toggled, this, &WatchSection::changed);
    connect(m_debounce, &QSpinBox::valueChanged, this, &WatchSection::changed);
    updateEnabled();
}

void WatchSection::updateEnabled()
{
    // Without a path the rest means nothing yet: kept, but greyed.
    const bool on = !lines(m_paths).isEmpty();
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_include, m_ignore, m_recursive, m_debounce, m_restart})
        widget->setEnabled(on);
}

void WatchSection::store(Task *task) const
{
    TaskWatch &watch = task->watch;
    watch.paths = lines(m_paths);
    watch.include = globs(m_include);
    watch.ignore = globs(m_ignore);
    watch.recursive = m_recursive->isChecked();
    watch.debounceMs = m_debounce->value();
    watch.restartOnChange = m_restart->isChecked();
    if (!watch.isOn()) { // globs without paths are not kept: a watch is all or nothing
        watch.include.clear();
        watch.ignore.clear();
    }
}

QStringList WatchSection::problems(const Task &task) const
{
    QStringList problems;
    QString why;
    if (!splitShellWords(m_include->text(), &why))
        problems.append(tr("Include globs: %1 (quote as in the shell: 'my dir/**').").arg(why));
    if (!splitShellWords(m_ignore->text(), &why))
        problems.append(tr("Ignore globs: %1 (quote as in the shell: 'my dir/**').").arg(why));
    problems += validateTaskWatch(task.watch);

    // Not a problem - saving is allowed, the trigger waits for the path - but said here.
    QStringList missing;
    for (const QString &path : task.watch.paths) {
        const QString resolved = resolveWatchPath(path, task.spec.workingDirectory);
        if (!QFileInfo::exists(resolved))
            missing.append(resolved);
    }
    m_missing->setText(missing.isEmpty()
                           ? QString()
                           : tr("Not found: %1. The task list shows it until it appears.")
                                 .arg(missing.join(QLatin1String(", "))));
    m_missing->setVisible(!missing.isEmpty());
    return problems;
}
