#include "restartsection.h"

#include "fieldlabel.h"
#include "namedwidget.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace {

// A whole number from min to max, or nothing.
std::optional<int> wholeNumber(const QString &text, int min, int max)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

RestartSection::RestartSection(const Task &task, const TaskEditorContext &context, QWidget *parent)
    : TaskEditorSection(parent)
{
    Q_UNUSED(context)
    setObjectName(QStringLiteral("restartSection"));
    const RestartPolicy &policy = task.restart;

    m_when = named(new QComboBox, "restartWhenCombo", tr("Restart the task"));
    m_when->addItem(tr("Never"), int(RestartPolicy::When::Never));
    m_when->addItem(tr("When it fails"), int(RestartPolicy::When::OnFailure));
    m_when->addItem(tr("Always"), int(RestartPolicy::When::Always));
    m_when->setCurrentIndex(m_when->findData(int(policy.when)));
    m_when->setToolTip(tr("For services: start the task again when it ends. \"When it fails\": "
                          "not after exit code 0; a crash or a timeout is a failure. Stop or "
                          "Kill never restarts"));
    m_maxRestarts = named(new QLineEdit(QString::number(policy.maxRestarts)), "restartMaxEdit",
                          tr("Most restarts"));
    m_maxRestarts->setToolTip(tr("Give up after this many restarts within the minutes below"));
    m_withinMinutes = named(new QLineEdit(QString::number(policy.withinMinutes)),
                            "restartWithinEdit", tr("Within minutes"));
    m_note = named(new FieldLabel(tr("Waits 1 s before the first restart, then 2 s, 4 s … up to "
                                     "60 s; from 1 s again after an attempt that stayed up a "
                                     "minute. Every attempt's output stays in the run's log.")),
                   "restartNote", tr("How restarts are made"));
    m_note->setWordWrap(true);

    auto *box = new QGroupBox(tr("Restart"));
    auto *form = new QFormLayout(box);
    form->addRow(tr("&Restart:"), m_when);
    form->addRow(tr("Give &up after (restarts):"), m_maxRestarts);
    form->addRow(tr("Wit&hin (minutes):"), m_withinMinutes);
    form->addRow(m_note);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_when, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_maxRestarts, &QLineEdit::textChanged, this, &TaskEditorSection::changed);
    connect(m_withinMinutes, &QLineEdit::textChanged, this, &TaskEditorSection::changed);
    updateEnabled();
}

void RestartSection::updateEnabled()
{
    const bool on
        = RestartPolicy::When(m_when->currentData().toInt()) != RestartPolicy::When::Never;
    m_maxRestarts->setEnabled(on);
    m_withinMinutes->setEnabled(on);
}

void RestartSection::store(Task *task) const
{
    RestartPolicy &policy = task->restart;
    policy.when = RestartPolicy::When(m_when->currentData().toInt());
    // A bad number is a problem problems() names (OK is off meanwhile); stored as the default.
    policy.maxRestarts
        = wholeNumber(m_maxRestarts->text(), RestartPolicy::MinRestarts, RestartPolicy::MaxRestarts)
              .value_or(RestartPolicy::DefaultMaxRestarts);
    policy.withinMinutes
        = wholeNumber(m_withinMinutes->text(), RestartPolicy::MinMinutes, RestartPolicy::MaxMinutes)
              .value_or(RestartPolicy::DefaultWithinMinutes);
}

QStringList RestartSection::problems(const Task &task) const
{
    QStringList problems;
    if (!task.restart.isOn())
        return problems; // the numbers are not used, and not saved
    if (!wholeNumber(m_maxRestarts->text(), RestartPolicy::MinRestarts, RestartPolicy::MaxRestarts))
        problems.append(tr("Give up after: \"%1\" is not a whole number of restarts from %2 to %3.")
                            .arg(m_maxRestarts->text())
                            .arg(RestartPolicy::MinRestarts)
                            .arg(RestartPolicy::MaxRestarts));
    if (!wholeNumber(m_withinMinutes->text(), RestartPolicy::MinMinutes, RestartPolicy::MaxMinutes))
        problems.append(tr("Within: \"%1\" is not a whole number of minutes "
                           "from %2 to %3 (a day).")
                            .arg(m_withinMinutes->text())
                            .arg(RestartPolicy::MinMinutes)
                            .arg(RestartPolicy::MaxMinutes));
    return problems;
}
