// The restart policy on screen: its section of the task editor (page "Running"), what it
// refuses, and the run pane's count of restarts and its wait, with real processes.
#include "managedrun.h"
#include "procprobe.h"
#include "restartbackoff.h"
#include "restartsection.h"
#include "runmanager.h"
#include "runpane.h"
#include "taskeditordialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {
constexpr int GenerousMs = 30'000;

template <typename T>
T *in(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

Task serviceTask(RestartPolicy::When when, int maxRestarts, int withinMinutes)
{
    Task task{QStringLiteral("service"), TaskSpec::forShell(QStringLiteral("exit 1"))};
    task.restart.when = when;
    task.restart.maxRestarts = maxRestarts;
    task.restart.withinMinutes = withinMinutes;
    return task;
}

void choose(QComboBox *combo, RestartPolicy::When when)
{
    combo->setCurrentIndex(combo->findData(int(when)));
}
} // namespace

class RestartSectionTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;
    QByteArray m_marker;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        QCoreApplication::setOrganizationName(QStringLiteral("taskrunner-test-restartsection"));
    }
    void init() { m_marker = ProcProbe::newMarker(); }
    void cleanup()
    {
        if (QTest::currentTestFailed())
            ProcProbe::killAllWithMarker(m_marker);
    }

    // The section shows the task's policy and writes back what is chosen.
    void showsAndStoresThePolicy()
    {
        RestartSection section(serviceTask(RestartPolicy::When::Always, 7, 3));
        auto *when = in<QComboBox>(&section, "restartWhenCombo");
        auto *max = in<QLineEdit>(&section, "restartMaxEdit");
        auto *within = in<QLineEdit>(&section, "restartWithinEdit");
        QVERIFY(when && max && within);
        QCOMPARE(when->currentData().toInt(), int(RestartPolicy::When::Always));
        QCOMPARE(max->text(), QStringLiteral("7"));
        QCOMPARE(within->text(), QStringLiteral("3"));
        QVERIFY(!max->accessibleName().isEmpty());

        QSignalSpy changed(&section, &TaskEditorSection::changed);
        choose(when, RestartPolicy::When::OnFailure);
        max->setText(QStringLiteral("2"));
        within->setText(QStringLiteral(" 30 "));
        QCOMPARE(changed.size(), 3);
        Task task;
        section.store(&task);
        QCOMPARE(task.restart, serviceTask(RestartPolicy::When::OnFailure, 2, 30).restart);
        QVERIFY(section.problems(task).isEmpty());

        // Never: the numbers are not used, so they cannot be typed and are no problem.
        choose(when, RestartPolicy::When::Never);
        QVERIFY(!max->isEnabled());
        QVERIFY(!within->isEnabled());
        max->setText(QStringLiteral("many"));
        section.store(&task);
        QCOMPARE(task.restart.when, RestartPolicy::When::Never);
        QVERIFY(section.problems(task).isEmpty());
    }

    void badNumberIsAProblem_data()
    {
        QTest::addColumn<QString>("max");
        QTest::addColumn<QString>("within");
        QTest::addColumn<QString>("says");
        QTest::newRow("no restarts") << "0"
                                     << "10"
                                     << "Give up after: \"0\" is not a whole number";
        QTest::newRow("words") << "five"
                               << "10"
                               << "Give up after: \"five\"";
        QTest::newRow("fraction") << "2.5"
                                  << "10"
                                  << "Give up after: \"2.5\"";
        QTest::newRow("too many") << "1001"
                                  << "10"
                                  << "from 1 to 1000";
        QTest::newRow("empty minutes") << "5"
                                       << ""
                                       << "Within: \"\" is not";
        QTest::newRow("beyond a day") << "5"
                                      << "1441"
                                      << "from 1 to 1440 (a day)";
        QTest::newRow("negative minutes") << "5"
                                          << "-3"
                                          << "Within: \"-3\"";
    }
    // In the editor: a bad number is named under the pages, OK stays off until it is fixed.
    void badNumberIsAProblem()
    {
        QFETCH(QString, max);
        QFETCH(QString, within);
        QFETCH(QString, says);
        TaskEditorDialog editor(
            Task{QStringLiteral("svc"), TaskSpec::forShell(QStringLiteral("serve"))}, {}, nullptr);
        auto *pages = editor.findChild<QTabWidget *>();
        QVERIFY(pages);
        QStringList titles;
        for (int i = 0; i < pages->count(); ++i)
            titles.append(pages->tabText(i));
        QVERIFY2(titles.contains(QStringLiteral("Running")), qPrintable(titles.join(u',')));
        auto *section = in<RestartSection>(&editor, "restartSection");
        QVERIFY(section);
        QCOMPARE(section->parentWidget() != nullptr, true);
        choose(in<QComboBox>(&editor, "restartWhenCombo"), RestartPolicy::When::OnFailure);
        in<QLineEdit>(&editor, "restartMaxEdit")->setText(max);
        in<QLineEdit>(&editor, "restartWithinEdit")->setText(within);
        const QString problems = editor.problems().join(u'\n');
        QVERIFY2(problems.contains(says), qPrintable(problems));
        QPushButton *ok = editor.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());

        in<QLineEdit>(&editor, "restartMaxEdit")->setText(QStringLiteral("4"));
        in<QLineEdit>(&editor, "restartWithinEdit")->setText(QStringLiteral("15"));
        QVERIFY2(editor.problems().isEmpty(), qPrintable(editor.problems().join(u'\n')));
        QVERIFY(ok->isEnabled());
        QCOMPARE(editor.task().restart, serviceTask(RestartPolicy::When::OnFailure, 4, 15).restart);
    }

    // An edited task keeps its policy through the editor untouched.
    void editorKeepsThePolicy()
    {
        const Task task = serviceTask(RestartPolicy::When::Always, 9, 60);
        TaskEditorDialog editor(task, {}, nullptr);
        QCOMPARE(editor.task().restart, task.restart);
    }

    // The pane counts the restarts, shows the wait, and says when the policy gave up.
    void paneShowsRestarts()
    {
        RestartBackoff::setDefaultTimingForTesting({120'000ms, 120'000ms, 60'000ms});
        RunManager manager;
        RunRequest waiting;
        waiting.task = serviceTask(RestartPolicy::When::OnFailure, 2, 10);
        waiting.task.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        RunPane pane;
        pane.show();
        pane.setDetailsShown(true);
        pane.showRun(manager.run(manager.start(waiting)));
        QTRY_VERIFY_WITH_TIMEOUT(pane.summaryText().startsWith(QLatin1String("Restarting in")),
                                 GenerousMs);
        QVERIFY2(pane.summaryText().contains(QLatin1String("restarts: 1")),
                 qPrintable(pane.summaryText()));
        QVERIFY2(pane.restartsText().startsWith(QStringLiteral("1 — restarting in")),
                 qPrintable(pane.restartsText()));
        QVERIFY2(pane.stateText().startsWith(QLatin1String("Restarting in")),
                 qPrintable(pane.stateText()));
        QVERIFY(pane.isLive());
        pane.stop(); // ends the wait: no second attempt
        QTRY_VERIFY_WITH_TIMEOUT(pane.run()->isFinished(), GenerousMs);
        QVERIFY2(pane.summaryText().startsWith(QLatin1String("Stopped")),
                 qPrintable(pane.summaryText()));
        QCOMPARE(pane.restartsText(), QStringLiteral("1"));

        // Short waits: it gives up, and says so.
        RestartBackoff::setDefaultTimingForTesting({10ms, 20ms, 60'000ms});
        pane.showRun(manager.run(manager.start(waiting)));
        QTRY_VERIFY_WITH_TIMEOUT(pane.run()->isFinished(), GenerousMs);
        QCOMPARE(pane.restartsText(), QStringLiteral("2 — Gave up after 2 restarts in 10 min"));
        QVERIFY2(
            pane.summaryText().startsWith(QStringLiteral("Gave up after 2 restarts in 10 min — "
                                                         "Exited with code 1")),
            qPrintable(pane.summaryText()));

        // A task without a policy has no Restarts row.
        RunRequest plain;
        plain.task = Task{QStringLiteral("plain"), TaskSpec::forShell(QStringLiteral("true"))};
        pane.showRun(manager.run(manager.start(plain)));
        QTRY_VERIFY_WITH_TIMEOUT(pane.run()->isFinished(), GenerousMs);
        QVERIFY(pane.restartsText().isEmpty());
        PROBE_VERIFY_NO_SURVIVORS(m_marker);
    }
};

QTEST_MAIN(RestartSectionTest)
#include "tst_restartsection.moc"
