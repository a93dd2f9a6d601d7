// A task's parameters as a person meets them: asked for in one small dialog when the task is run
// by hand (remembered for next time, Cancel runs nothing), not asked for by a rerun or a trigger,
// refused when one has no value; and their page in the task editor.

#include "logview.h"
#include "managedrun.h"
#include "runpane.h"
#include "runrequest.h"
#include "taskeditordialog.h"
#include "taskinputsdialog.h"
#include "windowfixture.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

class TaskInputsTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    template <typename T>
    static T *in(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }
    TaskInputsDialog *openDialog() const { return f.window->findChild<TaskInputsDialog *>(); }

    Task greetTask() const
    {
        Task task = f.shellTask("greet", "echo \"hi ${input:who} ${input:mode}\"");
        TaskInput who;
        who.name = "who";
        who.prompt = "Who to greet";
        who.defaultValue = "world";
        TaskInput mode;
        mode.name = "mode";
        mode.defaultValue = "a";
        mode.choices = {"a", "b"};
        task.inputs.inputs = {who, mode};
        return task;
    }
    // The pane's output once its run has ended.
    static QString outputOf(RunPane *pane)
    {
        if (!QTest::qWaitFor([pane] { return pane->run()->isFinished(); },
                             WindowFixture::GenerousMs))
            return "(still running)";
        return pane->logView()->plainText();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    void askedOnRunAndRemembered()
    {
        QVERIFY(f.writeLibrary({greetTask()}));
        f.open();
        QVERIFY(!f.run("greet")); // nothing runs before the values are given
        TaskInputsDialog *dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto *who = in<QLineEdit>(dialog, "input_who");
        auto *mode = in<QComboBox>(dialog, "input_mode");
        QVERIFY(who && mode);
        QCOMPARE(who->accessibleName(), QString("Who to greet")); // its prompt
        QCOMPARE(mode->accessibleName(), QString("mode"));        // no prompt: its name
        QCOMPARE(who->text(), QString("world"));                  // the defaults
        QCOMPARE(mode->currentText(), QString("a"));
        QCOMPARE(mode->count(), 2);
        who->setText("ada");
        mode->setCurrentIndex(1);
        const int tabs = int(f.window->panes().size());
        QTest::mouseClick(in<QPushButton>(dialog, "okButton"), Qt::LeftButton);
        QTRY_COMPARE(int(f.window->panes().size()), tabs + 1);
        RunPane *pane = f.window->currentPane();
        QVERIFY(outputOf(pane).contains("hi ada b"));
        QTRY_VERIFY(!openDialog()); // closed, and deleted

        // Next time: last time's values.
        QVERIFY(!f.run("greet"));
        dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(in<QLineEdit>(dialog, "input_who")->text(), QString("ada"));
        QCOMPARE(in<QComboBox>(dialog, "input_mode")->currentText(), QString("b"));
        // Cancel: nothing runs.
        QTest::mouseClick(in<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
        QTRY_VERIFY(!openDialog());
        QCOMPARE(int(f.window->panes().size()), tabs + 1);

        // A rerun runs what ran, without asking.
        f.window->showRun(pane->run()->id());
        f.action("rerunAction")->trigger();
        QVERIFY(!openDialog());
        QTRY_VERIFY_WITH_TIMEOUT(pane->run() && pane->run()->isFinished()
                                     && pane->logView()->plainText().contains("hi ada b"),
                                 WindowFixture::GenerousMs);
        QVERIFY(!openDialog());
    }

    // A value is text, expanded never again: not in the run, not when the run is repeated from
    // the history (which keeps what ran, its placeholders expanded).
    void aValueIsNeverExpandedAgain()
    {
        Task task = f.shellTask("literal", "printf '%s\\n' '${input:what}'");
        TaskInput what;
        what.name = "what";
        task.inputs.inputs = {what};
        QVERIFY(f.writeLibrary({task}));
        f.open();
        QVERIFY(!f.run("literal"));
        TaskInputsDialog *dialog = openDialog();
        QVERIFY(dialog);
        // No default: Run is off while it is empty.
        auto *run = in<QPushButton>(dialog, "okButton");
        QVERIFY(!run->isEnabled());
        QCOMPARE(run->toolTip(), QString("Needs a value: what"));
        in<QLineEdit>(dialog, "input_what")->setText("${date}");
        QVERIFY(run->isEnabled());
        QTest::mouseClick(in<QPushButton>(dialog, "okButton"), Qt::LeftButton);
        QTRY_VERIFY(f.window->currentPane());
        RunPane *pane = f.window->currentPane();
        QVERIFY(outputOf(pane).startsWith("${date}\n[Exited"));
        const qint64 recordId = pane->run()->recordId();
        QVERIFY(recordId > 0);
        const int tabs = int(f.window->panes().size());
        f.window->rerunPastRun(recordId);
        QVERIFY(!openDialog());
        QTRY_COMPARE(int(f.window->panes().size()), tabs + 1);
        QVERIFY(outputOf(f.window->currentPane()).startsWith("${date}\n[Exited"));
    }

    // A trigger or D-Bus never asks: the defaults; one without a value refuses, saying which.
    void triggersTakeTheDefaults()
    {
        Task needy = f.shellTask("needy", "echo ${input:target}");
        TaskInput target;
        target.name = "target";
        needy.inputs.inputs = {target};
        QVERIFY(f.writeLibrary({greetTask(), needy}));
        f.open();
        const int tabs = int(f.window->panes().size());
        QVERIFY(f.window->runTaskNamed("greet", RunTriggers::dbus()));
        QVERIFY(!openDialog());
        QTRY_COMPARE(int(f.window->panes().size()), tabs + 1);
        QVERIFY(outputOf(f.window->currentPane()).contains("hi world a"));

        f.window->runTaskNamed("needy", RunTriggers::schedule());
        QVERIFY(!openDialog());
        QCOMPARE(int(f.window->panes().size()), tabs + 1);
        QCOMPARE(f.statusMessage(), QString("Parameter 'target' has no value."));
    }

    // A .env file that cannot be read: the run does not start, and the status bar says why.
    void badDotEnvIsSaid()
    {
        Task task = f.shellTask("envy", "true");
        task.inputs.envFile = "/nonexistent/dir/.env";
        QVERIFY(f.writeLibrary({task}));
        f.open();
        QVERIFY(!f.run("envy"));
        QVERIFY2(f.statusMessage().startsWith("The .env file /nonexistent/dir/.env: cannot be "
                                              "read"),
                 qPrintable(f.statusMessage()));
    }

    // The editor's page: a placeholder naming no parameter is a problem until the parameter is
    // added; what is typed is saved (a default typed is a default).
    void editorSection()
    {
        f.open();
        f.action("newTaskAction")->trigger();
        TaskEditorDialog *editor = f.window->openEditor();
        QVERIFY(editor);
        QTest::keyClicks(in<QLineEdit>(editor, "nameEdit"), "deploy");
        QTest::keyClicks(in<QPlainTextEdit>(editor, "scriptEdit"), "deploy ${input:env}");
        auto *ok = in<QPushButton>(editor, "okButton");
        auto *problems = in<QLabel>(editor, "problemsLabel");
        QVERIFY(!ok->isEnabled());
        QVERIFY2(problems->text().contains("Script: ${input:env} names no parameter of this task"),
                 qPrintable(problems->text()));

        auto *table = in<QTableWidget>(editor, "inputsTable");
        QVERIFY(table);
        QCOMPARE(table->accessibleName(), QString("Parameters"));
        QTest::mouseClick(in<QPushButton>(editor, "addInputButton"), Qt::LeftButton);
        table->item(0, 0)->setText("env");
        table->item(0, 1)->setText("Environment");
        table->item(0, 2)->setText("staging");
        table->item(0, 3)->setText("staging, production");
        QVERIFY2(ok->isEnabled(), qPrintable(problems->text()));
        // Twice is refused.
        QTest::mouseClick(in<QPushButton>(editor, "addInputButton"), Qt::LeftButton);
        table->item(1, 0)->setText("env");
        QVERIFY(!ok->isEnabled());
        QVERIFY(problems->text().contains("Parameter \"env\" is declared twice"));
        table->setCurrentCell(1, 0);
        QTest::mouseClick(in<QPushButton>(editor, "removeInputButton"), Qt::LeftButton);
        // A default that is not a choice is refused.
        table->item(0, 2)->setText("dev");
        QVERIFY(problems->text().contains("the default \"dev\" is not one of its choices"));
        table->item(0, 2)->setText("production");
        auto *envFile = in<QLineEdit>(editor, "envFileEdit");
        QVERIFY(envFile);
        f.prompts->fileAnswers = {"/tmp/deploy.env"};
        QTest::mouseClick(in<QPushButton>(editor, "browseEnvFileButton"), Qt::LeftButton);
        QCOMPARE(envFile->text(), QString("/tmp/deploy.env"));
        QVERIFY2(ok->isEnabled(), qPrintable(problems->text()));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!f.window->openEditor());

        const Task *saved = f.window->library().find("deploy");
        QVERIFY(saved);
        QCOMPARE(saved->inputs.inputs.size(), 1);
        const TaskInput &env = saved->inputs.inputs.first();
        QCOMPARE(env.name, QString("env"));
        QCOMPARE(env.prompt, QString("Environment"));
        QCOMPARE(env.defaultValue, std::optional<QString>("production"));
        QCOMPARE(env.choices, (QStringList{"staging", "production"}));
        QCOMPARE(saved->inputs.envFile, QString("/tmp/deploy.env"));

        // Edited again: the same (an unchecked default is none, not "").
        QVERIFY(f.window->selectTask("deploy"));
        f.action("editTaskAction")->trigger();
        editor = f.window->openEditor();
        QVERIFY(editor);
        table = in<QTableWidget>(editor, "inputsTable");
        QCOMPARE(table->item(0, 3)->text(), QString("staging, production"));
        QCOMPARE(table->item(0, 2)->checkState(), Qt::Checked);
        QCOMPARE(editor->task().inputs, saved->inputs);
        table->item(0, 2)->setCheckState(Qt::Unchecked);
        QVERIFY(!editor->task().inputs.inputs.first().defaultValue);
        QCOMPARE(table->item(0, 2)->text(), QString()); // no default: no text either
        table->item(0, 2)->setCheckState(Qt::Checked);  // an empty default
        QCOMPARE(editor->task().inputs.inputs.first().defaultValue, std::optional<QString>(""));
        editor->reject();
    }
};

QTEST_MAIN(TaskInputsTest)
#include "tst_taskinputs.moc"
