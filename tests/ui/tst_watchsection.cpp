// The task editor's file-change trigger (WatchSection, page "Triggers"), in the real dialog:
// a task's watch is shown and kept through an edit, bad globs and debounce are problems that
// block saving, a path that does not exist is said but does not.
#include "taskeditordialog.h"
#include "userprompts.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestWatchSection : public QObject
{
    Q_OBJECT

    static Task watchedTask(const QString &dir)
    {
        Task task;
        task.name = QStringLiteral("serve");
        task.spec.useShell = true;
        task.spec.shellScript = QStringLiteral("make serve");
        task.spec.workingDirectory = dir;
        task.watch.paths = {QStringLiteral("."), QStringLiteral("/etc/hostname")};
        task.watch.include = {QStringLiteral("*.cpp"), QStringLiteral("my dir/**")};
        task.watch.ignore = {QStringLiteral("build/**")};
        task.watch.recursive = false;
        task.watch.debounceMs = 750;
        task.watch.restartOnChange = false;
        return task;
    }

    template <typename W>
    static W *field(const QDialog &dialog, const char *name)
    {
        W *widget = dialog.findChild<W *>(QLatin1String(name));
        if (!widget)
            qFatal("no %s", name);
        return widget;
    }

private Q_SLOTS:
    void showsAndKeepsTheWatch()
    {
        QTemporaryDir dir;
        const Task task = watchedTask(dir.path());
        UserPrompts prompts;
        TaskEditorDialog dialog(task, {}, &prompts);
        auto *pages = field<QTabWidget>(dialog, "taskEditorPages");
        bool hasTriggers = false;
        for (int i = 0; i < pages->count(); ++i)
            hasTriggers = hasTriggers || pages->tabText(i) == QLatin1String("Triggers");
        QVERIFY(hasTriggers);
        QCOMPARE(field<QPlainTextEdit>(dialog, "watchPaths")->toPlainText(),
                 QStringLiteral(".\n/etc/hostname"));
        QCOMPARE(field<QLineEdit>(dialog, "watchInclude")->text(),
                 QStringLiteral("*.cpp 'my dir/**'"));
        QCOMPARE(field<QSpinBox>(dialog, "watchDebounce")->value(), 750);
        QVERIFY(!field<QCheckBox>(dialog, "watchRecursive")->isChecked());
        QVERIFY(!field<QCheckBox>(dialog, "watchRestart")->isChecked());
        QVERIFY(dialog.task().watch == task.watch); // untouched, kept as it was
        QCOMPARE(dialog.problems(), QStringList());
    }

    void editsTheWatch()
    {
        QTemporaryDir dir;
        UserPrompts prompts;
        Task task = watchedTask(dir.path());
        task.watch = TaskWatch();
        TaskEditorDialog dialog(task, {}, &prompts);
        QVERIFY(!field<QLineEdit>(dialog, "watchInclude")->isEnabled()); // no path yet
        field<QPlainTextEdit>(dialog, "watchPaths")->setPlainText(QStringLiteral("src\n\n  lib  "));
        QVERIFY(field<QLineEdit>(dialog, "watchInclude")->isEnabled());
        field<QLineEdit>(dialog, "watchIgnore")->setText(QStringLiteral(".git/** build"));
        field<QSpinBox>(dialog, "watchDebounce")->setValue(100);
        const TaskWatch watch = dialog.task().watch;
        QCOMPARE(watch.paths, QStringList({"src", "lib"}));
        QCOMPARE(watch.ignore, QStringList({".git/**", "build"}));
        QCOMPARE(watch.include, QStringList());
        QCOMPARE(watch.debounceMs, 100);
        QVERIFY(watch.recursive);
        QVERIFY(watch.restartOnChange);
    }

    void badValuesAreProblems()
    {
        QTemporaryDir dir;
        UserPrompts prompts;
        TaskEditorDialog dialog(watchedTask(dir.path()), {}, &prompts);
        field<QLineEdit>(dialog, "watchIgnore")->setText(QStringLiteral("'build"));
        field<QLineEdit>(dialog, "watchInclude")->setText(QStringLiteral("src/[ab"));
        QCOMPARE(dialog.problems(),
                 QStringList({"Ignore globs: a ' is not closed (quote as in the shell: 'my "
                              "dir/**').",
                              "Include glob \"src/[ab\": '[' at 5 is not closed by ']'."}));
    }

    // A path that is not there: said under the paths, yet no problem (saving is allowed).
    void missingPathIsSaidNotRefused()
    {
        QTemporaryDir dir;
        UserPrompts prompts;
        TaskEditorDialog dialog(watchedTask(dir.path()), {}, &prompts);
        auto *missing = field<QLabel>(dialog, "watchMissing");
        QVERIFY(missing->isHidden());
        field<QPlainTextEdit>(dialog, "watchPaths")->setPlainText(QStringLiteral("nothere"));
        QCOMPARE(dialog.problems(), QStringList());
        QVERIFY(!missing->isHidden());
        QCOMPARE(missing->text(), QStringLiteral("Not found: %1. The task list shows it until "
                                                 "it appears.")
                                      .arg(dir.filePath("nothere")));
    }
};

QTEST_MAIN(TestWatchSection)
#include "tst_watchsection.moc"
