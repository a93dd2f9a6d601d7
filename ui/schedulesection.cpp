#include "schedulesection.h"

#include "contrast.h"
#include "namedwidget.h"
#include "schedulerule.h"
#include "scheduletriggers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

ScheduleSection::ScheduleSection(const Task &task, QWidget *parent)
    : TaskEditorSection(parent)
{
    const TaskSchedule &schedule = task.schedule;
    m_kind = named(new QComboBox, "scheduleKindCombo", tr("Schedule"));
    // In TaskSchedule::Kind's order.
    m_kind->addItems({tr("None"), tr("Every"), tr("Daily at"), tr("Cron expression")});
    m_kind->setCurrentIndex(int(schedule.kind));

    m_every = named(new QSpinBox, "scheduleEverySpin", tr("Every how many"));
    m_unit = named(new QComboBox, "scheduleUnitCombo", tr("Unit"));
    m_unit->addItems({tr("minutes"), tr("hours")}); // TaskSchedule::Unit's order
    m_unit->setCurrentIndex(int(schedule.unit));
    m_every->setRange(1, schedule.unit == TaskSchedule::Unit::Minutes ? TaskSchedule::MaxMinutes
                                                                      : TaskSchedule::MaxHours);
    m_every->setValue(schedule.every);
    auto *everyPage = new QWidget;
    auto *everyRow = new QHBoxLayout(everyPage);
    everyRow->setContentsMargins(0, 0, 0, 0);
    everyRow->addWidget(m_every);
    everyRow->addWidget(m_unit);
    everyRow->addStretch();

    m_at = named(new QTimeEdit(schedule.at), "scheduleAtEdit", tr("Time of day"));
    m_at->setDisplayFormat(QStringLiteral("HH:mm"));
    auto *dailyPage = new QWidget;
    auto *dailyLayout = new QVBoxLayout(dailyPage);
    dailyLayout->setContentsMargins(0, 0, 0, 0);
    dailyLayout->addWidget(m_at);
    auto *days = new QHBoxLayout;
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
        const QString name = QLocale().dayName(d, QLocale::ShortFormat);
        auto *box = new QCheckBox(name);
        box->setObjectName(QStringLiteral("scheduleDay%1").arg(d));
        box->setAccessibleName(QLocale().dayName(d));
        box->setChecked(TaskSchedule::hasWeekday(schedule.weekdays, Qt::DayOfWeek(d)));
        days->addWidget(box);
        m_weekdays.append(box);
        connect(box, &QCheckBox::toggled, this, &ScheduleSection::update);
    }
    days->addStretch();
    dailyLayout->addLayout(days);

    m_cron = named(new QLineEdit(schedule.cron), "scheduleCronEdit", tr("Cron expression"));
    m_cron->setPlaceholderText(tr("minute hour day-of-month month day-of-week, e.g. */15 9-17 * * "
                                  "mon-fri"));
    m_cronError = named(new QLabel, "scheduleCronError", tr("Cron expression problem"));
    m_cronError->setWordWrap(true);
    m_cronError->setStyleSheet(
        QStringLiteral("color: %1").arg(Contrast::errorText(palette()).name()));
    auto *cronPage = new QWidget;
    auto *cronLayout = new QVBoxLayout(cronPage);
    cronLayout->setContentsMargins(0, 0, 0, 0);
    cronLayout->addWidget(m_cron);
    cronLayout->addWidget(m_cronError);

    // In TaskSchedule::Kind's order; only the kind's own is shown (hidden, the others take no
    // room, as they would in a QStackedWidget).
    m_pages = {new QWidget, everyPage, dailyPage, cronPage};
    auto *pages = new QWidget;
    auto *pagesLayout = new QVBoxLayout(pages);
    pagesLayout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *page : m_pages)
        pagesLayout->addWidget(page);

    m_next = named(new QLabel, "scheduleNextLabel", tr("Next fire times"));
    m_next->setWordWrap(true);
    m_next->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runIfMissed = named(new QCheckBox(tr("Run once at start if a time was missed while "
                                           "taskrunner was closed")),
                          "scheduleRunIfMissedCheck", tr("Run at start if missed"));
    m_runIfMissed->setChecked(schedule.runIfMissed);

    auto *group = new QGroupBox(tr("Schedule"));
    auto *form = new QFormLayout(group);
    form->addRow(tr("&Run:"), m_kind);
    form->addRow(QString(), pages);
    form->addRow(QString(), m_next);
    form->addRow(QString(), m_runIfMissed);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(group);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ScheduleSection::update);
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this](int unit) {
        m_every->setMaximum(unit == int(TaskSchedule::Unit::Minutes) ? TaskSchedule::MaxMinutes
                                                                     : TaskSchedule::MaxHours);
        update();
    });
    connect(m_every, &QSpinBox::valueChanged, this, &ScheduleSection::update);
    connect(m_at, &QTimeEdit::timeChanged, this, &ScheduleSection::update);
    connect(m_cron, &QLineEdit::textChanged, this, &ScheduleSection::update);
    connect(m_runIfMissed, &QCheckBox::toggled, this, &ScheduleSection::update);
    update();
}

TaskSchedule ScheduleSection::schedule() const
{
    TaskSchedule schedule;
    schedule.kind = TaskSchedule::Kind(m_kind->currentIndex());
    schedule.every = m_every->value();
    schedule.unit = TaskSchedule::Unit(m_unit->currentIndex());
    schedule.at = QTime(m_at->time().hour(), m_at->time().minute());
    schedule.weekdays = 0;
    for (int i = 0; i < m_weekdays.size(); ++i) {
        if (m_weekdays.at(i)->isChecked())
            schedule.weekdays |= 1 << i;
    }
    schedule.cron = m_cron->text().trimmed();
    schedule.runIfMissed = m_runIfMissed->isChecked();
    return schedule;
}

void ScheduleSection::store(Task *task) const
{
    task->schedule = schedule();
}

QStringList ScheduleSection::problems(const Task &task) const
{
    if (!task.schedule.isSet())
        return {};
    QString why;
    if (ScheduleRule::fromSchedule(task.schedule, &why))
        return {};
    return {tr("Schedule: %1.").arg(why)};
}

void ScheduleSection::update()
{
    const TaskSchedule schedule = this->schedule();
    for (int i = 0; i < m_pages.size(); ++i)
        m_pages.at(i)->setVisible(i == int(schedule.kind));
    m_runIfMissed->setEnabled(schedule.isSet());
    QString why;
    const auto rule = schedule.isSet() ? ScheduleRule::fromSchedule(schedule, &why) : std::nullopt;
    // The cron field's own error, as typed (an empty field is not an error yet, but not a
    // schedule either: problems() says so).
    m_cronError->setText(
        schedule.kind == TaskSchedule::Kind::Cron && !rule && !schedule.cron.isEmpty() ? why
                                                                                       : QString());
    m_cronError->setVisible(!m_cronError->text().isEmpty());
    if (rule) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QTimeZone zone = QTimeZone::systemTimeZone();
        QStringList times;
        for (const QDateTime &t : rule->nextTimes(now, 3, zone))
            times.append(ScheduleTriggers::timeWords(t, now, zone));
        m_next->setText(tr("Next: %1").arg(times.join(QStringLiteral(", "))));
    } else {
        m_next->clear();
    }
    m_next->setVisible(!m_next->text().isEmpty());
    Q_EMIT changed();
}
