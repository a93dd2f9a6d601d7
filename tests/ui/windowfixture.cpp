#include "windowfixture.h"

#include "privatexdgdirs.h"
#include "procprobe.h"
#include "runpane.h"
#include "tasklibrary.h"

#include <QDir>
#include <QLineEdit>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

UserPrompts::QuitChoice ScriptedPrompts::askQuitWithLiveRuns(QWidget *, int)
{
    ++quitQuestions;
    return quitAnswer;
}

UserPrompts::CloseLiveChoice ScriptedPrompts::askCloseLiveRun(QWidget *, const QString &)
{
    return CloseLiveChoice::Stop;
}

void ScriptedPrompts::showError(QWidget *, const QString &, const QString &text)
{
    errors.append(text);
}

void ScriptedPrompts::askAlreadyRunning(QWidget *parent, const QString &taskName, int runs,
                                        std::function<void(AlreadyRunningChoice)> chosen)
{
    ++alreadyRunningQuestions;
    if (alreadyRunningAnswer)
        chosen(*alreadyRunningAnswer);
    else
        UserPrompts::askAlreadyRunning(parent, taskName, runs, std::move(chosen));
}

void ScriptedPrompts::chooseFile(QWidget *, FileChoice, const QString &, const QString &start,
                                 const QString &, std::function<void(const QString &)> chosen)
{
    fileStarts.append(start);
    const QString answer = fileAnswers.isEmpty() ? QString() : fileAnswers.takeFirst();
    if (!answer.isEmpty())
        chosen(answer);
}

bool WindowFixture::setUpSuite()
{
    return usePrivateXdgDirs(m_dir);
}

void WindowFixture::setUpTest()
{
    marker = ProcProbe::newMarker();
    libraryPath
        = m_dir.filePath(QStringLiteral("lib-%1/tasks.json").arg(QString::fromLatin1(marker)));
}

void WindowFixture::tearDownTest()
{
    window.reset(); // any live run is killed by its destructor
    prompts = nullptr;
    ProcProbe::killAllWithMarker(marker);
    QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
         + QLatin1String("/taskrunner/logs"))
        .removeRecursively();
}

Task WindowFixture::shellTask(const QString &name, const QString &script) const
{
    Task task{name, TaskSpec::forShell(script)};
    task.spec.environment.insert(QString::fromLatin1(marker), QStringLiteral("1"));
    return task;
}

bool WindowFixture::writeLibrary(const QList<Task> &tasks)
{
    TaskLibrary library(libraryPath);
    if (!library.load().ok)
        return false;
    for (const Task &task : tasks) {
        if (!library.add(task))
            return false;
    }
    return library.save();
}

void WindowFixture::open(std::unique_ptr<UserPrompts> given)
{
    if (!given) {
        auto scripted = std::make_unique<ScriptedPrompts>();
        prompts = scripted.get();
        given = std::move(scripted);
    } else {
        prompts = nullptr;
    }
    window = std::make_unique<MainWindow>(std::move(given), libraryPath);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
}

QAction *WindowFixture::action(const char *name) const
{
    return find<QAction>(name);
}

RunPane *WindowFixture::run(const QString &taskName)
{
    if (!window->selectTask(taskName))
        return nullptr;
    const int tabs = int(window->panes().size());
    action("runAction")->trigger();
    return window->panes().size() > tabs ? window->currentPane() : nullptr;
}

RunPane *WindowFixture::quickRun(const QString &command)
{
    auto *edit = find<QLineEdit>("quickRunEdit");
    edit->setText(command);
    QTest::keyClick(edit, Qt::Key_Return);
    return window->currentPane();
}

QString WindowFixture::statusMessage() const
{
    return window->statusBar()->currentMessage();
}
