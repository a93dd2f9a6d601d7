#pragma once

// What the suites that drive the real MainWindow share: prompts answered in advance, settings,
// history and logs in a directory of the suite's own, a library file per test, and the
// processes a test started killed after it (each task carries the test's marker).

#include "mainwindow.h"
#include "task.h"
#include "userprompts.h"

#include <QAction>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class RunPane;

class ScriptedPrompts : public UserPrompts
{
public:
    QuitChoice quitAnswer = QuitChoice::Cancel;
    int quitQuestions = 0;
    QStringList errors; // showError's texts
    // The next file the user "chooses"; none (or an empty one) is Cancel.
    QStringList fileAnswers;
    QStringList fileStarts; // the file names or folders each question proposed
    // Running a task already running (policy "ask"): this answer at once, as before the
    // question existed; none: the real dialog opens (not blocking) for the test to click.
    std::optional<AlreadyRunningChoice> alreadyRunningAnswer = AlreadyRunningChoice::RunAnother;
    int alreadyRunningQuestions = 0;

    QuitChoice askQuitWithLiveRuns(QWidget *, int) override;
    CloseLiveChoice askCloseLiveRun(QWidget *, const QString &) override;
    bool confirmDelete(QWidget *, const QString &) override { return true; }
    bool confirmDeleteRuns(QWidget *, int) override { return true; }
    bool confirmKillLeftovers(QWidget *, const QStringList &) override { return false; }
    void showError(QWidget *, const QString &, const QString &text) override;
    void showAbout(QWidget *, const QString &, const QString &) override {}
    void askAlreadyRunning(QWidget *parent, const QString &taskName, int runs,
                           std::function<void(AlreadyRunningChoice)> chosen) override;
    void chooseFile(QWidget *, FileChoice choice, const QString &title, const QString &start,
                    const QString &filter, std::function<void(const QString &)> chosen) override;
};

class WindowFixture
{
public:
    static constexpr int GenerousMs = 30'000;

    // In initTestCase(): the suite's own XDG directories. False if they cannot be made.
    bool setUpSuite();
    // In init() and cleanup().
    void setUpTest();
    void tearDownTest();

    // Writes tasks to this test's library file (each with the marker in its environment).
    bool writeLibrary(const QList<Task> &tasks);
    // A shell task carrying the marker.
    Task shellTask(const QString &name, const QString &script) const;
    // Opens the window on this test's library. prompts: null for scripted ones.
    void open(std::unique_ptr<UserPrompts> prompts = nullptr);
    void close() { window.reset(); }

    QAction *action(const char *name) const;
    template <typename T>
    T *find(const char *name) const
    {
        return window->findChild<T *>(QLatin1String(name));
    }
    // Selects the task and triggers Run; the new run's pane (null if none came).
    RunPane *run(const QString &taskName);
    // Types into the quick-run box and presses Enter.
    RunPane *quickRun(const QString &command);
    QString statusMessage() const;

    std::unique_ptr<MainWindow> window;
    ScriptedPrompts *prompts = nullptr; // the window's, when scripted
    QString libraryPath;
    QByteArray marker;

private:
    QTemporaryDir m_dir;
};
