// The task library as the window shows it: importing (what is skipped, renamed, and said),
// the file dialogs that never block, and the empty list that says what to do.

#include "rememberedfolder.h"
#include "tasklibrary.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSaveFile>
#include <QSettings>
#include <QTest>
#include <QTimer>

class LibraryImportTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    QString writeExport(const QString &name, const QList<Task> &tasks)
    {
        const QString path = QFileInfo(f.libraryPath).absolutePath() + u'/' + name;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(TaskLibrary::toJson(tasks));
        return file.commit() ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    // The same file twice: the second time adds nothing, and says so. A task under a name the
    // library has for another task is added under a free name, and said.
    void importingTwiceAddsNothingAndSaysWhat()
    {
        QVERIFY(
            f.writeLibrary({f.shellTask(QStringLiteral("deploy"), QStringLiteral("echo mine"))}));
        const QString file
            = writeExport(QStringLiteral("shared.json"),
                          {f.shellTask(QStringLiteral("build"), QStringLiteral("make")),
                           f.shellTask(QStringLiteral("deploy"), QStringLiteral("echo theirs")),
                           f.shellTask(QStringLiteral("test"), QStringLiteral("make check"))});
        QVERIFY(!file.isEmpty());
        f.open();
        f.prompts->fileAnswers = {file};
        f.action("importAction")->trigger();
        QCOMPARE(f.statusMessage(),
                 QStringLiteral("Imported 3 tasks, renamed 1 (the name was another task's: "
                                "\"deploy\" as \"deploy (2)\")."));
        QCOMPARE(f.window->library().names(),
                 (QStringList{"deploy", "build", "deploy (2)", "test"}));

        f.prompts->fileAnswers = {file};
        f.action("importAction")->trigger();
        QCOMPARE(f.statusMessage(),
                 QStringLiteral("Imported 0 tasks, skipped 3 already in the library."));
        QCOMPARE(f.window->library().names().size(), 4);
        QVERIFY(f.prompts->errors.isEmpty());
    }

    // Import and Export start in the folder task files were last imported from or exported
    // to, else in Documents (home without one): not in the app's working folder.
    void importAndExportStartWhereTaskFilesWere()
    {
        QSettings().remove(QStringLiteral("dialogs/tasksDir"));
        const QString file
            = writeExport(QStringLiteral("shared/tasks-of-team.json"),
                          {f.shellTask(QStringLiteral("build"), QStringLiteral("make"))});
        QVERIFY(!file.isEmpty());
        const QString shared = QFileInfo(file).absolutePath();
        const QString fallback = RememberedFolder::defaultFolder();
        f.open();
        f.action("importAction")->trigger(); // and Cancel
        f.action("exportAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts,
                 (QStringList{fallback, QDir(fallback).filePath(QStringLiteral("tasks.json"))}));
        f.prompts->fileStarts.clear();

        f.prompts->fileAnswers = {file};
        f.action("importAction")->trigger();
        QCOMPARE(f.window->library().names(), QStringList{"build"});
        f.action("importAction")->trigger(); // and Cancel
        f.action("exportAction")->trigger(); // and Cancel
        QCOMPARE(f.prompts->fileStarts,
                 (QStringList{fallback, shared, shared + QStringLiteral("/tasks.json")}));
        QSettings().remove(QStringLiteral("dialogs/tasksDir"));
    }

    // Import and Export open their file dialog and return: nothing waits in a nested event loop
    // (an accessibility client or a test driving the window would wait with it).
    void fileDialogsNeverBlock_data()
    {
        QTest::addColumn<QString>("action");
        QTest::newRow("import") << QStringLiteral("importAction");
        QTest::newRow("export") << QStringLiteral("exportAction");
    }
    void fileDialogsNeverBlock()
    {
        QFETCH(QString, action);
        f.open(std::make_unique<UserPrompts>()); // the real dialogs
        bool blocked = false;
        QTimer watchdog; // fires only inside a nested loop: trigger() has not returned
        watchdog.setSingleShot(true);
        connect(&watchdog, &QTimer::timeout, this, [&blocked] {
            blocked = true;
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close();
            for (QWidget *top : QApplication::topLevelWidgets()) {
                if (auto *dialog = qobject_cast<QFileDialog *>(top))
                    dialog->reject();
            }
        });
        watchdog.start(3000);
        f.action(action.toLatin1().constData())->trigger();
        watchdog.stop();
        QVERIFY2(!blocked, "the action waited for its dialog to close");
        QFileDialog *dialog = f.window->findChild<QFileDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(dialog->isModal()); // window-modal, shown with open()
        dialog->reject();
    }

    // An empty library says how to add a task; a filter that matches nothing says that.
    void emptyLibrarySaysWhatToDo()
    {
        f.open();
        auto *hint = f.find<QLabel>("emptyTaskListHint");
        QVERIFY(hint);
        QTRY_VERIFY(hint->isVisible());
        QCOMPARE(hint->text(),
                 QStringLiteral("No tasks yet — New task (Ctrl+N) or Quick run (Ctrl+L)"));
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(hint);
        QCOMPARE(accessible->text(QAccessible::Name), hint->text());
        QVERIFY(!f.find<QListView>("taskList")->isVisible());

        const QString file
            = writeExport(QStringLiteral("one.json"),
                          {f.shellTask(QStringLiteral("build"), QStringLiteral("make"))});
        f.prompts->fileAnswers = {file};
        f.action("importAction")->trigger();
        QTRY_VERIFY(f.find<QListView>("taskList")->isVisible());
        QVERIFY(!hint->isVisible());

        f.find<QLineEdit>("taskFilter")->setText(QStringLiteral("zzz"));
        QTRY_VERIFY(hint->isVisible());
        QCOMPARE(hint->text(), QStringLiteral("No task matches \"zzz\""));
        f.find<QLineEdit>("taskFilter")->clear();
        QTRY_VERIFY(!hint->isVisible());
    }
};

QTEST_MAIN(LibraryImportTest)
#include "tst_libraryimport.moc"
