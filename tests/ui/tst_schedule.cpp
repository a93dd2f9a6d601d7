// Schedules in the window: the editor's schedule section (the cron field checked as typed, the
// next three times, what is saved), a scheduled task firing into a run through the launcher
// (on an injected clock: nothing sleeps for a fire time), and a schedule that cannot be armed
// shown in the task list while its task and the others load and run.

#include "managedrun.h"
#include "procprobe.h"
#include "runmanager.h"
#include "runpane.h"
#include "runrequest.h"
#include "schedulememory.h"
#include "scheduler.h"
#include "scheduletriggers.h"
#include "taskeditordialog.h"
#include "tasklistmodel.h"
#include "triggerhub.h"
#include "windowfixture.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

class ScheduleTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    template <typename T>
    static T *in(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }
    // The task list's row of the task named name.
    QModelIndex row(const QString &name) const
    {
        auto *model = f.window->findChild<TaskListModel *>();
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->index(i).data().toString() == name)
                return model->index(i);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    void editorChecksTheCronAsTyped()
    {
        f.open();
        f.action("newTaskAction")->trigger();
        TaskEditorDialog *editor = f.window->openEditor();
        QVERIFY(editor);
        QTest::keyClicks(in<QLineEdit>(editor, "nameEdit"), QStringLiteral("nightly"));
        QTest::keyClicks(in<QPlainTextEdit>(editor, "scriptEdit"), QStringLiteral("true"));
        auto *kind = in<QComboBox>(editor, "scheduleKindCombo");
        auto *cron = in<QLineEdit>(editor, "scheduleCronEdit");
        auto *error = in<QLabel>(editor, "scheduleCronError");
        auto *next = in<QLabel>(editor, "scheduleNextLabel");
        auto *ok = in<QPushButton>(editor, "okButton");
        auto *problems = in<QLabel>(editor, "problemsLabel");
        QVERIFY(kind && cron && error && next && ok && problems);
        QVERIFY(ok->isEnabled());
        kind->setCurrentIndex(int(TaskSchedule::Kind::Cron));
        // Empty: not yet an error under the field, but not a schedule to save either.
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(cron, QStringLiteral("0 25 * * *"));
        QCOMPARE(error->text(), QStringLiteral("hour: 25 is out of range 0-23"));
        QVERIFY(
            problems->text().contains(QStringLiteral("Schedule: hour: 25 is out of range 0-23.")));
        QVERIFY(!ok->isEnabled());
        QVERIFY(next->text().isEmpty());
        cron->clear();
        QTest::keyClicks(cron, QStringLiteral("*/5 * * * mon-fri"));
        QVERIFY(error->text().isEmpty());
        QVERIFY(ok->isEnabled());
        QVERIFY2(next->text().startsWith(QStringLiteral("Next: ")), qPrintable(next->text()));
        QCOMPARE(next->text().count(QStringLiteral(", ")), 2); // three times
        in<QCheckBox>(editor, "scheduleRunIfMissedCheck")->setChecked(true);
        QTest::mouseClick(ok, Qt::LeftButton);
        const Task *saved = f.window->library().find(QStringLiteral("nightly"));
        QVERIFY(saved);
        QCOMPARE(saved->schedule.kind, TaskSchedule::Kind::Cron);
        QCOMPARE(saved->schedule.cron, QStringLiteral("*/5 * * * mon-fri"));
        QVERIFY(saved->schedule.runIfMissed);
    }

    void editorKeepsEveryAndDaily()
    {
        Task task = f.shellTask(QStringLiteral("backup"), QStringLiteral("true"));
        task.schedule.kind = TaskSchedule::Kind::Daily;
        task.schedule.at = QTime(7, 45);
        task.schedule.weekdays = 0b0011111; // Mon-Fri
        QVERIFY(f.writeLibrary({task}));
        f.open();
        QVERIFY(f.window->selectTask(QStringLiteral("backup")));
        f.action("editTaskAction")->trigger();
        TaskEditorDialog *editor = f.window->openEditor();
        QVERIFY(editor);
        QCOMPARE(in<QComboBox>(editor, "scheduleKindCombo")->currentIndex(),
                 int(TaskSchedule::Kind::Daily));
        QCOMPARE(editor->task().schedule, task.schedule);
        // No weekday: refused, saying why.
        for (int d = Qt::Monday; d <= Qt::Friday; ++d)
            in<QCheckBox>(editor, qPrintable(QStringLiteral("scheduleDay%1").arg(d)))
                ->setChecked(false);
        QVERIFY(!in<QPushButton>(editor, "okButton")->isEnabled());
        QVERIFY(in<QLabel>(editor, "problemsLabel")
                    ->text()
                    .contains(QStringLiteral("Schedule: daily: no weekday is chosen.")));
        in<QComboBox>(editor, "scheduleKindCombo")->setCurrentIndex(int(TaskSchedule::Kind::Every));
        in<QComboBox>(editor, "scheduleUnitCombo")->setCurrentIndex(int(TaskSchedule::Unit::Hours));
        in<QSpinBox>(editor, "scheduleEverySpin")->setValue(2);
        QTest::mouseClick(in<QPushButton>(editor, "okButton"), Qt::LeftButton);
        const Task *saved = f.window->library().find(QStringLiteral("backup"));
        QCOMPARE(saved->schedule.kind, TaskSchedule::Kind::Every);
        QCOMPARE(saved->schedule.unit, TaskSchedule::Unit::Hours);
        QCOMPARE(saved->schedule.every, 2);
        // The list says it, with its next time.
        QTRY_VERIFY(row(QStringLiteral("backup"))
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(QStringLiteral("◷ every 2 h · next ")));
    }

    // A fire time reached (the clock moved on, not the test waiting): a run of the task starts
    // through the launcher, recorded as started by its schedule; and not twice.
    void scheduledTaskFiresIntoARun()
    {
        Task task = f.shellTask(QStringLiteral("tick"), QStringLiteral("echo tick"));
        task.schedule.kind = TaskSchedule::Kind::Every;
        task.schedule.every = 5;
        QVERIFY(f.writeLibrary({task}));
        f.open();
        Scheduler *scheduler = f.window->triggers()->schedules()->scheduler();
        const QString id = f.window->library().find(QStringLiteral("tick"))->id;
        QVERIFY(scheduler->isArmed(id));
        QVERIFY(row(QStringLiteral("tick"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("◷ every 5 min · next ")));
        QCOMPARE(row(QStringLiteral("tick")).data(TaskListModel::TriggerMarkRole).toString(),
                 QStringLiteral("◷"));
        // The user is looking at a run of their own.
        RunPane *mine = f.quickRun(QStringLiteral("echo mine"));
        QVERIFY(mine);
        QDateTime now = scheduler->nextFire(id).addSecs(1);
        scheduler->setClock([&now] { return now; });
        scheduler->check();
        QCOMPARE(f.window->runManager()->runs().size(), 2);
        ManagedRun *run = f.window->runManager()->runs().last();
        // In a tab of its own, beside the user's, which stays in front.
        QCOMPARE(f.window->panes().size(), 2);
        QCOMPARE(f.window->currentPane(), mine);
        QCOMPARE(run->request().trigger, RunTriggers::schedule());
        QCOMPARE(run->task().name, QStringLiteral("tick"));
        QTRY_VERIFY_WITH_TIMEOUT(!run->isLive(), WindowFixture::GenerousMs); // echo ends
        scheduler->check();
        QCOMPARE(f.window->runManager()->runs().size(), 2);
        // Five minutes on: the next one.
        now = now.addSecs(5 * 60);
        scheduler->check();
        QCOMPARE(f.window->runManager()->runs().size(), 3);
        ManagedRun *second = f.window->runManager()->runs().last();
        QTRY_VERIFY_WITH_TIMEOUT(!second->isLive(), WindowFixture::GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
    }

    // A fire time passed while the app was closed: at start, a task that asks for it runs once
    // (through the launcher, as started by its schedule); one that does not, does not.
    void missedWhileClosedRunsOnceAtStart()
    {
        Task asks = f.shellTask(QStringLiteral("asks"), QStringLiteral("true"));
        asks.id = Task::newId();
        asks.schedule.kind = TaskSchedule::Kind::Daily;
        asks.schedule.at = QTime(3, 0);
        asks.schedule.runIfMissed = true;
        Task quiet = asks;
        quiet.id = Task::newId();
        quiet.name = QStringLiteral("quiet");
        quiet.schedule.runIfMissed = false;
        QVERIFY(f.writeLibrary({asks, quiet}));
        // Both last fired three days ago, under the same schedule (the app's own settings).
        const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-3);
        ScheduleMemory memory;
        memory.remember(asks.id, ScheduleTriggers::ruleKey(asks.schedule), longAgo);
        memory.remember(quiet.id, ScheduleTriggers::ruleKey(quiet.schedule), longAgo);
        f.open();
        QVERIFY(f.window->triggers()->schedules()->scheduler()->nextFire(quiet.id)
                > QDateTime::currentDateTimeUtc());
        RunManager *runs = f.window->runManager();
        QTRY_COMPARE_WITH_TIMEOUT(runs->runs().size(), 1, WindowFixture::GenerousMs);
        ManagedRun *run = runs->runs().first();
        QCOMPARE(run->task().name, QStringLiteral("asks"));
        QCOMPARE(run->request().trigger, RunTriggers::schedule());
        QTRY_VERIFY_WITH_TIMEOUT(!run->isLive(), WindowFixture::GenerousMs);
        QVERIFY(f.statusMessage().contains(QStringLiteral("missed")));
        // Its fire remembered: opened again, nothing is missed any more.
        // (A catch-up is armed as a fire time not after now: none is.)
        f.close();
        f.open();
        Scheduler *scheduler = f.window->triggers()->schedules()->scheduler();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(scheduler->nextFire(asks.id) > now);
        QVERIFY(scheduler->nextFire(quiet.id) > now);
        QCOMPARE(f.window->runManager()->runs().size(), 0);
    }

    // A garbage cron expression in the file: the task loads (and runs by hand), its schedule is
    // the problem the list shows, and the other tasks are as they were.
    void garbageCronInTheFileIsTheScheduleProblem()
    {
        Task good = f.shellTask(QStringLiteral("good"), QStringLiteral("true"));
        good.schedule.kind = TaskSchedule::Kind::Every;
        good.schedule.every = 10;
        Task bad = f.shellTask(QStringLiteral("bad"), QStringLiteral("true"));
        bad.schedule.kind = TaskSchedule::Kind::Cron;
        bad.schedule.cron = QStringLiteral("0 25 * * *");
        Task plain = f.shellTask(QStringLiteral("plain"), QStringLiteral("true"));
        QVERIFY(f.writeLibrary({good, bad, plain}));
        f.open();
        QCOMPARE(f.window->library().tasks().size(), 3);
        QVERIFY(f.window->library().setAsideTasks().isEmpty());
        const QString tip = row(QStringLiteral("bad")).data(Qt::ToolTipRole).toString();
        QVERIFY2(
            tip.contains(QStringLiteral("⚠ Schedule not armed: hour: 25 is out of range 0-23.")),
            qPrintable(tip));
        QCOMPARE(row(QStringLiteral("bad")).data(TaskListModel::TriggerMarkRole).toString(),
                 QStringLiteral("⚠"));
        QVERIFY(row(QStringLiteral("good"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("every 10 min")));
        QVERIFY(!row(QStringLiteral("plain")).data(TaskListModel::TriggerMarkRole).isValid());
        QVERIFY(!f.window->triggers()->schedules()->scheduler()->isArmed(
            f.window->library().find(QStringLiteral("bad"))->id));
        // The file keeps what the user wrote.
        QFile file(f.libraryPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("0 25 * * *"));
    }
};

QTEST_MAIN(ScheduleTest)
#include "tst_schedule.moc"
