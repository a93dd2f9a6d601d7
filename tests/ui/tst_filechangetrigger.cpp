// File-change triggers in the window: a task watching a directory runs when a file in it
// changes (trigger "file change", through the launcher), a change while it runs restarts it
// with the whole tree of the previous run gone first (checked in /proc), and a watch path that
// does not exist is shown in the task list as its problem while the task loads and runs.

#include "managedrun.h"
#include "procprobe.h"
#include "runmanager.h"
#include "runrequest.h"
#include "tasklistmodel.h"
#include "windowfixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class FileChangeTriggerTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    QModelIndex row(const QString &name) const
    {
        auto *model = f.window->findChild<TaskListModel *>();
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->index(i).data().toString() == name)
                return model->index(i);
        }
        return {};
    }
    static bool touch(const QString &path, const QByteArray &text)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) >= 0;
    }
    QList<ManagedRun *> runsOf(const QString &name) const
    {
        QList<ManagedRun *> list;
        for (ManagedRun *run : f.window->runManager()->runs()) {
            if (run->task().name == name)
                list.append(run);
        }
        return list;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    void changeRunsAndRestartsTheTask()
    {
        QTemporaryDir watched;
        QVERIFY(watched.isValid());
        // A child of its own, and one that left the task's session: both must be gone before
        // the restarted run starts.
        Task task
            = f.shellTask(QStringLiteral("serve"),
                          QStringLiteral("echo started; sleep 300 & setsid sleep 300 & wait"));
        task.watch.paths = {watched.path()};
        task.watch.debounceMs = 50;
        QVERIFY(task.watch.restartOnChange);
        QVERIFY(f.writeLibrary({task}));
        f.open();
        QVERIFY(row(QStringLiteral("serve"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("on change in ")));
        QVERIFY(runsOf(QStringLiteral("serve")).isEmpty());

        QVERIFY(touch(watched.filePath(QStringLiteral("a.txt")), "1"));
        QTRY_COMPARE_WITH_TIMEOUT(runsOf(QStringLiteral("serve")).size(), 1,
                                  WindowFixture::GenerousMs);
        const quint64 first = runsOf(QStringLiteral("serve")).first()->id();
        QCOMPARE(runsOf(QStringLiteral("serve")).first()->request().trigger,
                 RunTriggers::fileChange());
        PROBE_WAIT_FOR_PROCESSES(f.marker, 3, WindowFixture::GenerousMs);
        const QVector<pid_t> before = ProcProbe::processesWithMarker(f.marker);

        QVERIFY(touch(watched.filePath(QStringLiteral("a.txt")), "2"));
        // The restart takes the first run's tab (the first, stopped, is then forgotten).
        ManagedRun *second = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((second = runsOf(QStringLiteral("serve")).last())->id() != first,
                                 WindowFixture::GenerousMs);
        // It waits for every process of the first run, then starts.
        QTRY_VERIFY_WITH_TIMEOUT(second->state() == ManagedRun::State::Running
                                     || second->isFinished(),
                                 WindowFixture::GenerousMs);
        QCOMPARE(f.window->panes().size(), 1);
        for (pid_t pid : before) {
            QVERIFY2(!ProcProbe::processesWithMarker(f.marker).contains(pid),
                     qPrintable(
                         QStringLiteral("pid %1 of the first run survived its restart").arg(pid)));
        }
        f.window->runManager()->killAll();
        QTRY_VERIFY_WITH_TIMEOUT(second->isFinished(), WindowFixture::GenerousMs);
        PROBE_VERIFY_NO_SURVIVORS(f.marker);
    }

    void missingPathIsTheTasksProblem()
    {
        Task task = f.shellTask(QStringLiteral("docs"), QStringLiteral("echo built"));
        task.watch.paths = {QDir::temp().filePath(QStringLiteral("no-such-dir-for-taskrunner"))};
        Task other = f.shellTask(QStringLiteral("other"), QStringLiteral("true"));
        QVERIFY(f.writeLibrary({task, other}));
        f.open();
        QTRY_VERIFY_WITH_TIMEOUT(row(QStringLiteral("docs"))
                                     .data(Qt::ToolTipRole)
                                     .toString()
                                     .contains(QStringLiteral("does not exist")),
                                 WindowFixture::GenerousMs);
        QVERIFY(row(QStringLiteral("other")).isValid());
        QVERIFY(f.run(QStringLiteral("docs"))); // still runs by hand
    }
};

QTEST_MAIN(FileChangeTriggerTest)
#include "tst_filechangetrigger.moc"
