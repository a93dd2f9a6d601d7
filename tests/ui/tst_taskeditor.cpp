// The task editor as a person (and a screen reader) meets it: its labels, what it refuses, its
// script field; and the quick run saved to the library through it.

#include "managedrun.h"
#include "runpane.h"
#include "taskeditordialog.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QFontDatabase>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

class TaskEditorTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    TaskEditorDialog *openNewTaskEditor()
    {
        f.action("newTaskAction")->trigger();
        return f.window->openEditor();
    }
    template <typename T>
    static T *in(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    // "&Directory:" showed its '&' and was read out with it: a label that marks a shortcut
    // letter must have a buddy, the field the letter goes to.
    void everyShortcutLabelHasItsField()
    {
        f.open();
        TaskEditorDialog *editor = openNewTaskEditor();
        QVERIFY(editor);
        QLabel *directory = nullptr;
        for (QLabel *label : editor->findChildren<QLabel *>()) {
            if (!label->text().contains(QLatin1Char('&')))
                continue;
            QVERIFY2(label->buddy(), qPrintable(label->text() + QLatin1String(" has no buddy")));
            if (label->text() == QLatin1String("&Directory:"))
                directory = label;
        }
        QVERIFY(directory);
        QCOMPARE(directory->buddy(), in<QLineEdit>(editor, "directoryEdit"));
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(directory);
        QVERIFY(accessible);
        QCOMPARE(accessible->text(QAccessible::Name), QStringLiteral("Directory:"));
    }

    // Two rows of one name: which value would win was a guess. Refused, naming the variable.
    void aVariableSetTwiceIsRefused()
    {
        f.open();
        TaskEditorDialog *editor = openNewTaskEditor();
        QVERIFY(editor);
        QTest::keyClicks(in<QLineEdit>(editor, "nameEdit"), QStringLiteral("env"));
        QTest::keyClicks(in<QPlainTextEdit>(editor, "scriptEdit"), QStringLiteral("env"));
        auto *table = in<QTableWidget>(editor, "environmentTable");
        auto *add = in<QPushButton>(editor, "addVariableButton");
        for (const char *value : {"1", "2"}) {
            QTest::mouseClick(add, Qt::LeftButton);
            table->item(table->rowCount() - 1, 0)->setText(QStringLiteral("MODE"));
            table->item(table->rowCount() - 1, 1)->setText(QLatin1String(value));
        }
        auto *ok = in<QPushButton>(editor, "okButton");
        auto *problems = in<QLabel>(editor, "problemsLabel");
        QVERIFY(!ok->isEnabled());
        QVERIFY2(problems->text().contains(QLatin1String("MODE is set twice (rows 1 and 2)")),
                 qPrintable(problems->text()));
        table->item(1, 0)->setText(QStringLiteral("MODE2")); // told apart: fine
        QVERIFY2(ok->isEnabled(), qPrintable(problems->text()));
    }

    // A script is code: the field is in the system's fixed-width font.
    void scriptFieldIsMonospace()
    {
        f.open();
        TaskEditorDialog *editor = openNewTaskEditor();
        QVERIFY(editor);
        const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        auto *script = in<QPlainTextEdit>(editor, "scriptEdit");
        QCOMPARE(script->font().family(), fixed.family());
        QVERIFY(script->font().family() != in<QLineEdit>(editor, "nameEdit")->font().family());
    }

    // "Save quick run to library" is for a quick run: its dialog says so, and it is off for a
    // library task's run and with no run at all.
    void quickRunIsSavedUnderItsOwnTitle()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("saved"), QStringLiteral("true"))}));
        f.open();
        QAction *save = f.action("saveQuickRunAction");
        QVERIFY(!save->isEnabled()); // no tab
        QVERIFY(f.run(QStringLiteral("saved")));
        QVERIFY(!save->isEnabled()); // in the library already
        save->trigger();
        QVERIFY(!f.window->openEditor());

        RunPane *quick = f.quickRun(QStringLiteral("echo hello"));
        QVERIFY(quick);
        QVERIFY(save->isEnabled());
        save->trigger();
        TaskEditorDialog *editor = f.window->openEditor();
        QVERIFY(editor);
        QCOMPARE(editor->windowTitle(), QStringLiteral("Save quick run"));
        QCOMPARE(in<QLineEdit>(editor, "nameEdit")->text(), QStringLiteral("echo hello"));
        QTest::mouseClick(in<QPushButton>(editor, "okButton"), Qt::LeftButton);
        QTRY_VERIFY(!f.window->openEditor());
        const Task *added = f.window->library().find(QStringLiteral("echo hello"));
        QVERIFY(added);
        QCOMPARE(added->spec.shellScript, QStringLiteral("echo hello"));

        // The other dialogs keep their titles.
        QVERIFY(f.window->selectTask(QStringLiteral("saved")));
        f.action("editTaskAction")->trigger();
        QVERIFY(f.window->openEditor());
        QCOMPARE(f.window->openEditor()->windowTitle(), QStringLiteral("Edit task"));
        f.window->openEditor()->reject();
        QTRY_VERIFY(!f.window->openEditor());
        QVERIFY(openNewTaskEditor());
        QCOMPARE(f.window->openEditor()->windowTitle(), QStringLiteral("New task"));
    }
};

QTEST_MAIN(TaskEditorTest)
#include "tst_taskeditor.moc"
