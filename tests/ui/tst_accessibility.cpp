// What assistive technology (and a test tool driving the app through it) gets, read in-process
// through QAccessible: names, values, the output's text, selection and close actions, checkable
// menu items, and shortcuts that do not collide.

#include "logview.h"
#include "logviewaccessible.h"
#include "mainwindow.h"
#include "managedrun.h"
#include "outputlog.h"
#include "privatexdgdirs.h"
#include "procprobe.h"
#include "runpane.h"
#include "taskeditordialog.h"
#include "tasklibrary.h"

#include <QAccessible>
#include <QAction>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QWidgetAction>

namespace {

constexpr int GenerousMs = 30'000;

class ScriptedPrompts : public UserPrompts
{
public:
    QuitChoice askQuitWithLiveRuns(QWidget *, int) override { return QuitChoice::Cancel; }
    bool confirmDelete(QWidget *, const QString &) override { return false; }
    bool confirmDeleteRuns(QWidget *, int) override { return false; }
    bool confirmKillLeftovers(QWidget *, const QStringList &) override { return false; }
    CloseLiveChoice closeAnswer = CloseLiveChoice::KeepInBackground;
    int closeQuestions = 0;
    CloseLiveChoice askCloseLiveRun(QWidget *, const QString &) override
    {
        ++closeQuestions;
        return closeAnswer;
    }
    void showError(QWidget *, const QString &, const QString &) override {}
    void showAbout(QWidget *, const QString &, const QString &) override {}
    void chooseFile(QWidget *, FileChoice, const QString &, const QString &, const QString &,
                    std::function<void(const QString &)>) override
    {}
};

QAccessibleInterface *iface(QObject *object)
{
    return QAccessible::queryAccessibleInterface(object);
}

// The value a FieldLabel (or any text) shows, read through the text interface.
QString readText(QAccessibleInterface *accessible)
{
    if (!accessible || !accessible->textInterface())
        return QStringLiteral("<no text interface>");
    QAccessibleTextInterface *text = accessible->textInterface();
    return text->text(0, text->characterCount());
}

// Depth first: every interface under root, root included.
void collect(QAccessibleInterface *root, QList<QAccessibleInterface *> *all, int depth = 0)
{
    if (!root || depth > 40)
        return;
    all->append(root);
    for (int i = 0; i < root->childCount(); ++i)
        collect(root->child(i), all, depth + 1);
}

QAccessibleInterface *findByName(QAccessibleInterface *root, const QString &name,
                                 QAccessible::Role role)
{
    QList<QAccessibleInterface *> all;
    collect(root, &all);
    for (QAccessibleInterface *candidate : std::as_const(all)) {
        if (candidate->role() == role && candidate->text(QAccessible::Name) == name)
            return candidate;
    }
    for (QAccessibleInterface *candidate : std::as_const(all)) {
        if (candidate->text(QAccessible::Name) == name)
            qWarning("\"%s\" has role %d, not %d", qPrintable(name), int(candidate->role()),
                     int(role));
    }
    return nullptr;
}

// A name says what a thing is: letters, not ".*" or "Aa"-like symbols alone.
bool meaningful(const QString &name)
{
    static const QRegularExpression words(QStringLiteral("[A-Za-z]{2,}"));
    return words.match(name).hasMatch();
}

QChar mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == u'&') {
            if (text.at(i + 1) == u'&') {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
    }
    return QChar();
}

// What the output view announced as inserted text, and where.
QStringList g_insertedTexts;
QList<int> g_insertedPositions;

} // namespace

class AccessibilityTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_libraryPath;
    QByteArray m_marker;
    ScriptedPrompts *m_prompts = nullptr;
    std::unique_ptr<MainWindow> m_window;

    Task task(const QString &name, const QString &script)
    {
        Task made;
        made.name = name;
        made.spec = TaskSpec::forShell(script);
        made.spec.environment.insert(QString::fromLatin1(m_marker), QStringLiteral("1"));
        made.id = Task::newId();
        return made;
    }

    void openWindow(const QList<Task> &tasks)
    {
        m_window.reset();
        TaskLibrary library(m_libraryPath);
        library.load(false);
        for (const Task &each : tasks)
            QVERIFY(library.add(each));
        QString error;
        QVERIFY2(library.save(&error), qPrintable(error));
        auto prompts = std::make_unique<ScriptedPrompts>();
        m_prompts = prompts.get();
        m_window = std::make_unique<MainWindow>(std::move(prompts), m_libraryPath);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    QAction *action(const char *name)
    {
        return m_window->findChild<QAction *>(QLatin1String(name));
    }

    RunPane *runTask(const QString &name)
    {
        if (!m_window->selectTask(name))
            return nullptr;
        action("runAction")->trigger();
        return m_window->currentPane();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(usePrivateXdgDirs(m_dir));
        // Announcements as the view makes them: offscreen, Qt delivers no accessibility events.
        LogViewAccessible::setAnnouncementObserver([](int position, const QString &text) {
            g_insertedPositions.append(position);
            g_insertedTexts.append(text);
        });
    }

    void init()
    {
        m_marker = ProcProbe::newMarker();
        m_libraryPath = m_dir.filePath(
            QStringLiteral("lib-%1/tasks.json").arg(QString::fromLatin1(m_marker)));
        QSettings().remove(QLatin1String(RunPane::DetailsSetting));
    }

    void cleanup()
    {
        m_window.reset();
        ProcProbe::killAllWithMarker(m_marker);
    }

    // Every control in the window and the editor has a name that says what it is; so has every
    // action (menus and toolbar).
    void everyControlIsNamed()
    {
        openWindow({task(QStringLiteral("greet"), QStringLiteral("echo hi"))});
        RunPane *pane = runTask(QStringLiteral("greet"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLive(), GenerousMs);
        pane->setDetailsShown(true);
        action("newTaskAction")->trigger();
        TaskEditorDialog *editor = m_window->openEditor();
        QVERIFY(editor);

        const QSet<QAccessible::Role> controls
            = {QAccessible::PushButton,   QAccessible::CheckBox, QAccessible::RadioButton,
               QAccessible::EditableText, QAccessible::ComboBox, QAccessible::List,
               QAccessible::PageTabList,  QAccessible::PageTab,  QAccessible::ButtonMenu,
               QAccessible::MenuItem,     QAccessible::Table,    QAccessible::StaticText};
        QStringList unnamed;
        for (QObject *root :
             {static_cast<QObject *>(m_window.get()), static_cast<QObject *>(editor)}) {
            QList<QAccessibleInterface *> all;
            collect(iface(root), &all);
            for (QAccessibleInterface *each : std::as_const(all)) {
                if (!controls.contains(each->role()) || each->state().invisible)
                    continue;
                if (each->role() == QAccessible::StaticText && !each->textInterface())
                    continue; // a plain label's name is its text
                const QString name = each->text(QAccessible::Name);
                if (!meaningful(name))
                    unnamed.append(QStringLiteral("%1 \"%2\" (%3)")
                                       .arg(int(each->role()))
                                       .arg(name, each->object() ? each->object()->objectName()
                                                                 : QStringLiteral("-")));
            }
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1String("; "))));
        for (QAction *each : m_window->findChildren<QAction *>()) {
            const QObjectList shownIn = each->associatedObjects();
            if (each->isSeparator() || each->objectName().startsWith(QLatin1String("_q_"))
                || shownIn.isEmpty()
                || shownIn.first()->objectName().startsWith(QLatin1String("qt_"))
                || qobject_cast<QWidgetAction *>(each))
                continue; // Qt's own, shown nowhere, or a widget (named, and walked above)
            QVERIFY2(meaningful(each->text()),
                     qPrintable(each->objectName() + QStringLiteral(": ") + each->text()
                                + QStringLiteral(" in ")
                                + each->associatedObjects().first()->objectName()));
        }
        // The find toggles show ".*" and "Aa" and say what they do.
        auto *toolbar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QCOMPARE(
            iface(toolbar->widgetForAction(action("findRegexAction")))->text(QAccessible::Name),
            QStringLiteral("Regular expression"));
        QCOMPARE(iface(toolbar->widgetForAction(action("findCaseAction")))->text(QAccessible::Name),
                 QStringLiteral("Match case"));
        editor->reject();
    }

    // The header's values, the live-run count and the editor's problems are readable, each
    // under a name saying what it is; the summary counts down to the timeout.
    void headerValuesAreReadable()
    {
        Task sleeper = task(QStringLiteral("sleeper"), QStringLiteral("echo started; sleep 300"));
        sleeper.spec.timeout = std::chrono::seconds(120);
        openWindow({sleeper});
        RunPane *pane = runTask(QStringLiteral("sleeper"));
        QVERIFY(pane);
        QAccessibleInterface *window = iface(m_window.get());
        QAccessibleInterface *summary
            = findByName(window, QStringLiteral("Run summary"), QAccessible::StaticText);
        QVERIFY(summary);
        // "Running — 1.2 s · times out in 119 s", read as a tool would.
        QTRY_VERIFY2_WITH_TIMEOUT(
            QRegularExpression(QStringLiteral("^Running — [0-9.]+ s · times out in [0-9.]+ s$"))
                .match(readText(summary))
                .hasMatch(),
            qPrintable(readText(summary)), GenerousMs);
        QCOMPARE(summary->text(QAccessible::Value), readText(summary));

        // The details are hidden at first; shown, each says what it is and what it holds.
        QVERIFY(!pane->detailsShown());
        QAccessibleInterface *details
            = findByName(window, QStringLiteral("Details"), QAccessible::CheckBox);
        QVERIFY(details);
        QVERIFY(details->state().checkable);
        QVERIFY(!details->state().checked);
        details->actionInterface()->doAction(QAccessibleActionInterface::toggleAction());
        QVERIFY(details->state().checked);
        QVERIFY(pane->detailsShown());
        QVERIFY(QSettings().value(QLatin1String(RunPane::DetailsSetting)).toBool());
        const auto field = [&](const char *name) {
            return readText(findByName(window, QString::fromLatin1(name), QAccessible::StaticText));
        };
        QCOMPARE(field("Command"), QStringLiteral("echo started; sleep 300"));
        QVERIFY2(field("State").startsWith(QStringLiteral("Running — ")),
                 qPrintable(field("State")));
        QVERIFY2(!field("Working directory").isEmpty(), "directory");
        QVERIFY2(field("Process group").toInt() > 0, qPrintable(field("Process group")));
        QVERIFY2(field("Log file").endsWith(QLatin1String(".log")), qPrintable(field("Log file")));
        QVERIFY2(field("Started at").contains(QLatin1Char(':')), qPrintable(field("Started at")));

        QAccessibleInterface *live
            = findByName(window, QStringLiteral("Live runs"), QAccessible::ButtonMenu);
        QVERIFY(live);
        QCOMPARE(live->text(QAccessible::Description), QStringLiteral("1 live run"));

        action("killAction")->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(readText(summary).startsWith(QLatin1String("Killed")),
                                  qPrintable(readText(summary)), GenerousMs);
        QVERIFY2(field("Outcome").startsWith(QLatin1String("Killed")),
                 qPrintable(field("Outcome")));
        QCOMPARE(live->text(QAccessible::Description), QStringLiteral("0 live runs"));
        PROBE_VERIFY_NO_SURVIVORS(m_marker);

        // A new pane shows the details as last chosen.
        RunPane *again = runTask(QStringLiteral("sleeper"));
        QVERIFY(again && again != pane);
        QVERIFY(again->detailsShown());
        action("killAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!again->isLive(), GenerousMs);

        // The editor's problems are readable too.
        action("newTaskAction")->trigger();
        TaskEditorDialog *editor = m_window->openEditor();
        QVERIFY(editor);
        QAccessibleInterface *problems
            = findByName(iface(editor), QStringLiteral("Problems"), QAccessible::StaticText);
        QVERIFY(problems);
        QCOMPARE(readText(problems),
                 editor->findChild<QLabel *>(QStringLiteral("problemsLabel"))->text());
        QVERIFY2(!readText(problems).isEmpty(), "an empty task has problems");
        editor->reject();
    }

    // The output view's text: its line count, a line far back read without the rest, the
    // selection both ways, and every offset agreeing with the text as a whole.
    void outputViewHasATextInterface()
    {
        OutputLog log;
        const int lines = 200'000;
        QByteArray chunk;
        for (int i = 0; i < lines; ++i)
            chunk += "line " + QByteArray::number(i) + (i % 7 == 0 ? "\tx" : "") + '\n';
        log.append(OutputChannel::Stdout, chunk);
        log.append(OutputChannel::Stdout, "partial"); // no newline yet
        LogView view;
        view.resize(600, 400);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QAccessibleInterface *accessible = iface(&view);
        QVERIFY(accessible);
        QCOMPARE(accessible->role(), QAccessible::EditableText);
        QVERIFY(accessible->state().readOnly);
        QVERIFY(accessible->state().multiLine);
        QCOMPARE(accessible->text(QAccessible::Name), QStringLiteral("Output"));
        QCOMPARE(accessible->text(QAccessible::Description),
                 QStringLiteral("%1 lines of output").arg(lines + 1));
        QAccessibleTextInterface *text = accessible->textInterface();
        QVERIFY(text);
        const QString whole = view.plainText();
        QCOMPARE(text->characterCount(), int(whole.size()));

        // A line far back, by an offset anywhere on it.
        const int far = int(whole.indexOf(QLatin1String("line 12345\n")));
        QVERIFY(far > 0);
        int start = -1;
        int end = -1;
        QCOMPARE(text->textAtOffset(far + 3, QAccessible::LineBoundary, &start, &end),
                 QStringLiteral("line 12345\n"));
        QCOMPARE(start, far);
        QCOMPARE(end, far + 11);
        QCOMPARE(text->textBeforeOffset(far, QAccessible::LineBoundary, &start, &end),
                 QStringLiteral("line 12344\n"));
        QCOMPARE(text->textAfterOffset(far, QAccessible::LineBoundary, &start, &end),
                 QStringLiteral("line 12346\n"));
        QCOMPARE(text->textAtOffset(far + 6, QAccessible::WordBoundary, &start, &end),
                 QStringLiteral("12345"));
        QCOMPARE(text->textAtOffset(far, QAccessible::CharBoundary, &start, &end),
                 QStringLiteral("l"));
        // The last line, still being written.
        QCOMPARE(
            text->textAtOffset(text->characterCount() - 1, QAccessible::LineBoundary, &start, &end),
            QStringLiteral("partial"));
        // Any range, across lines, as the whole text has it.
        auto *random = QRandomGenerator::global();
        for (int i = 0; i < 300; ++i) {
            const int from = int(random->bounded(whole.size()));
            const int to = qMin(int(whole.size()), from + int(random->bounded(200)));
            QCOMPARE(text->text(from, to), whole.mid(from, to - from));
            const int lineStart = int(whole.lastIndexOf(u'\n', from - 1)) + 1;
            int lineEnd = int(whole.indexOf(u'\n', from));
            lineEnd = lineEnd < 0 ? int(whole.size()) : lineEnd + 1;
            QCOMPARE(text->textAtOffset(from, QAccessible::LineBoundary, &start, &end),
                     whole.mid(lineStart, lineEnd - lineStart));
            QCOMPARE(start, lineStart);
        }

        // Selecting through the interface selects in the view, and back.
        QCOMPARE(text->selectionCount(), 0);
        text->setSelection(0, far, far + 10);
        QCOMPARE(view.selectedText(), QStringLiteral("line 12345"));
        QCOMPARE(text->selectionCount(), 1);
        text->selection(0, &start, &end);
        QCOMPARE(start, far);
        QCOMPARE(end, far + 10);
        QCOMPARE(text->cursorPosition(), far + 10);
        // A line with a tab: characters, not screen columns.
        const int tabbed = int(whole.indexOf(QLatin1String("line 7\tx")));
        text->setSelection(0, tabbed + 5, tabbed + 8);
        QCOMPARE(view.selectedText(), QStringLiteral("7\tx"));
        view.selectAll();
        text->selection(0, &start, &end);
        QCOMPARE(start, 0);
        QCOMPARE(end, text->characterCount());
        text->removeSelection(0);
        QCOMPARE(text->selectionCount(), 0);

        // Trimmed: the marker row first, offsets still right.
        log.store().setLimits(1000, LineStore::DefaultMaxBytes);
        log.append(OutputChannel::Stdout, "one more\n");
        const QString trimmed = view.plainText();
        const QString marker = view.rowText(0);
        QVERIFY(marker.contains(QLatin1String("no longer in memory")));
        const QString shown = marker + u'\n' + trimmed;
        QCOMPARE(text->characterCount(), int(shown.size()));
        QCOMPARE(text->text(0, text->characterCount()), shown);
        QVERIFY2(accessible->text(QAccessible::Description).contains(QLatin1String("earlier")),
                 qPrintable(accessible->text(QAccessible::Description)));
    }

    // New output is announced as inserted text, at most every AnnounceIntervalMs, the latest
    // lines at their offset, however fast it comes.
    void newOutputIsAnnouncedThrottled()
    {
        OutputLog log;
        LogView view;
        view.resize(600, 400);
        view.setLog(&log);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QAccessibleInterface *accessible = iface(&view); // made now: it announces from now
        QVERIFY(accessible);
        g_insertedTexts.clear();
        g_insertedPositions.clear();
        QElapsedTimer clock;
        clock.start();
        int line = 0;
        while (clock.elapsed() < 1500) { // a flood: a chunk every few ms
            QByteArray chunk;
            for (int i = 0; i < 200; ++i)
                chunk += "flood " + QByteArray::number(line++) + '\n';
            log.append(OutputChannel::Stdout, chunk);
            QTest::qWait(2);
        }
        const qint64 elapsed = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(
            !g_insertedTexts.isEmpty()
                && g_insertedTexts.last().endsWith(QStringLiteral("flood %1").arg(line - 1)),
            GenerousMs);
        QVERIFY2(g_insertedTexts.size() <= elapsed / LogViewAccessible::AnnounceIntervalMs + 3,
                 qPrintable(QString::number(g_insertedTexts.size())));
        for (const QString &inserted : std::as_const(g_insertedTexts))
            QVERIFY(inserted.size() <= LogViewAccessible::MaxAnnouncedChars);
        // At its true place in the text.
        QAccessibleTextInterface *text = accessible->textInterface();
        const QString last = g_insertedTexts.last();
        QCOMPARE(
            text->text(g_insertedPositions.last(), g_insertedPositions.last() + int(last.size())),
            last);
        QCOMPARE(g_insertedPositions.last() + int(last.size()), text->characterCount());
    }

    // Selecting a task through accessibility (as a tool selects a list item) makes Run run it.
    void taskListSelectionDrivesRun()
    {
        openWindow({task(QStringLiteral("alpha"), QStringLiteral("echo a")),
                    task(QStringLiteral("beta"), QStringLiteral("echo b"))});
        QVERIFY(m_window->selectTask(QStringLiteral("alpha")));
        auto *list = m_window->findChild<QListView *>(QStringLiteral("taskList"));
        QAccessibleInterface *listAccessible = iface(list);
        QVERIFY(listAccessible);
        QAccessibleInterface *beta = nullptr;
        for (int i = 0; i < listAccessible->childCount(); ++i) {
            QAccessibleInterface *item = listAccessible->child(i);
            if (item && item->text(QAccessible::Name) == QLatin1String("beta"))
                beta = item;
        }
        QVERIFY(beta);
        QVERIFY(beta->state().selectable);
        QVERIFY(beta->actionInterface());
        beta->actionInterface()->doAction(QAccessibleActionInterface::toggleAction());
        QVERIFY(beta->state().selected);
        action("runAction")->trigger();
        RunPane *pane = m_window->currentPane();
        QVERIFY(pane);
        QCOMPARE(pane->task().name, QStringLiteral("beta"));
    }

    // Each run tab has a close action and a named close button; Ctrl+W and Ctrl+F4 close the
    // current tab the same way (a live run asks, and goes on in the background when told so).
    void tabsCloseThroughAccessibilityAndKeys()
    {
        openWindow({task(QStringLiteral("quick"), QStringLiteral("echo done")),
                    task(QStringLiteral("long"), QStringLiteral("sleep 300"))});
        for (int i = 0; i < 3; ++i) {
            RunPane *pane = runTask(QStringLiteral("quick"));
            QVERIFY(pane);
            QTRY_VERIFY_WITH_TIMEOUT(!pane->isLive(), GenerousMs);
        }
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("runTabs"));
        QCOMPARE(tabs->count(), 3);
        QAccessibleInterface *bar = iface(tabs->tabBar());
        QVERIFY(bar);
        QCOMPARE(bar->role(), QAccessible::PageTabList);
        QAccessibleInterface *tab = bar->child(0);
        QVERIFY(tab);
        QCOMPARE(tab->role(), QAccessible::PageTab);
        QVERIFY2(tab->text(QAccessible::Name).contains(QLatin1String("quick")),
                 qPrintable(tab->text(QAccessible::Name)));
        QCOMPARE(tab->parent(), bar);
        QVERIFY(tab->actionInterface());
        QVERIFY(tab->actionInterface()->actionNames().contains(QStringLiteral("Close")));
        QCOMPARE(tab->childCount(), 1);
        QAccessibleInterface *closeButton = tab->child(0);
        QCOMPARE(closeButton->role(), QAccessible::PushButton);
        QCOMPARE(closeButton->text(QAccessible::Name), QStringLiteral("Close"));
        QCOMPARE(closeButton->parent(), tab);
        QCOMPARE(tab->indexOfChild(closeButton), 0);
        QCOMPARE(bar->indexOfChild(tab), 0);

        tab->actionInterface()->doAction(QStringLiteral("Close"));
        QCOMPARE(tabs->count(), 2);
        QVERIFY(!tab->isValid()); // its page is gone
        bar->child(0)->child(0)->actionInterface()->doAction(
            QAccessibleActionInterface::pressAction());
        QCOMPARE(tabs->count(), 1);
        // Press shows a tab.
        RunPane *live = runTask(QStringLiteral("long"));
        QVERIFY(live);
        QCOMPARE(tabs->count(), 2);
        bar->child(0)->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
        QCOMPARE(tabs->currentIndex(), 0);
        QVERIFY(bar->child(0)->state().selected);

        // The keys: Ctrl+W closes the finished one, Ctrl+F4 asks about the live one.
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 1);
        QCOMPARE(m_prompts->closeQuestions, 0);
        QCOMPARE(m_window->currentPane(), live);
        m_prompts->closeAnswer = UserPrompts::CloseLiveChoice::Cancel;
        QTest::keyClick(m_window.get(), Qt::Key_F4, Qt::ControlModifier);
        QCOMPARE(m_prompts->closeQuestions, 1);
        QCOMPARE(tabs->count(), 1); // cancelled: it stays
        m_prompts->closeAnswer = UserPrompts::CloseLiveChoice::KeepInBackground;
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(m_prompts->closeQuestions, 2);
        QCOMPARE(tabs->count(), 0);
        QCOMPARE(m_window->backgroundRunCount(), 1); // it goes on
        QCOMPARE(m_window->liveRunCount(), 1);
    }

    // Checkable menu items say so, and whether they are checked.
    void checkableMenuItemsReportTheirState()
    {
        openWindow({});
        auto *viewMenu = m_window->findChild<QMenu *>(QStringLiteral("viewMenu"));
        QVERIFY(viewMenu);
        QAccessibleInterface *menu = iface(viewMenu);
        QVERIFY(menu);
        QAccessibleInterface *numbers = nullptr;
        for (int i = 0; i < menu->childCount(); ++i) {
            if (menu->child(i)->text(QAccessible::Name) == QLatin1String("Line numbers"))
                numbers = menu->child(i);
        }
        QVERIFY(numbers);
        QVERIFY(numbers->state().checkable);
        const bool before = numbers->state().checked;
        action("lineNumbersAction")->toggle();
        QCOMPARE(bool(numbers->state().checked), !before);
        QCOMPARE(bool(numbers->state().checked), action("lineNumbersAction")->isChecked());
    }

    // No two actions share a shortcut; no two items of a menu (or menus of the bar) share a
    // mnemonic; no shortcut is Alt + a menu's mnemonic. Pause shows Resume while paused:
    // both texts are checked.
    void noAmbiguousShortcutsOrMnemonics()
    {
        openWindow({task(QStringLiteral("sleeper"), QStringLiteral("sleep 300"))});
        QStringList problems;
        QHash<QString, QString> owners; // a key sequence -> the action that has it
        for (QAction *each : m_window->findChildren<QAction *>()) {
            for (const QKeySequence &key : each->shortcuts()) {
                const QString text = key.toString(QKeySequence::PortableText);
                if (owners.contains(text) && owners.value(text) != each->objectName())
                    problems.append(QStringLiteral("%1 is both %2 and %3")
                                        .arg(text, owners.value(text), each->objectName()));
                owners.insert(text, each->objectName());
            }
        }
        QHash<QChar, QString> barMnemonics;
        const auto checkMenu = [&](QMenu *menu, const QStringList &extraTexts) {
            QHash<QChar, QString> seen;
            QStringList texts = extraTexts;
            for (QAction *each : menu->actions()) {
                if (!each->isSeparator() && each->isVisible())
                    texts.append(each->text());
            }
            for (const QString &text : std::as_const(texts)) {
                const QChar letter = mnemonicOf(text);
                if (letter.isNull())
                    continue;
                if (seen.contains(letter) && seen.value(letter) != text)
                    problems.append(QStringLiteral("'%1' in menu %2: %3 and %4")
                                        .arg(letter)
                                        .arg(menu->title(), seen.value(letter), text));
                seen.insert(letter, text);
            }
        };
        for (QAction *top : m_window->menuBar()->actions()) {
            const QChar letter = mnemonicOf(top->text());
            if (!letter.isNull()) {
                if (barMnemonics.contains(letter))
                    problems.append(QStringLiteral("'%1' in the menu bar: %2 and %3")
                                        .arg(letter)
                                        .arg(barMnemonics.value(letter), top->text()));
                barMnemonics.insert(letter, top->text());
                const QString alt = QKeySequence(QStringLiteral("Alt+%1").arg(letter.toUpper()))
                                        .toString(QKeySequence::PortableText);
                if (owners.contains(alt))
                    problems.append(QStringLiteral("%1 opens %2 and is %3")
                                        .arg(alt, top->text(), owners.value(alt)));
            }
            if (QMenu *menu = top->menu()) {
                // The Pause action reads "Resume" while the run is paused.
                checkMenu(menu, menu->actions().contains(action("pauseAction"))
                                    ? QStringList{tr("Res&ume")}
                                    : QStringList());
                for (QAction *inner : menu->actions()) {
                    if (inner->menu())
                        checkMenu(inner->menu(), {});
                }
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("\n"))));
        // What the Resume text really is, paused.
        RunPane *pane = runTask(QStringLiteral("sleeper"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->state() == ManagedRun::State::Running, GenerousMs);
        action("pauseAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pane->isPaused(), GenerousMs);
        QCOMPARE(action("pauseAction")->text(), QStringLiteral("Res&ume"));
        action("killAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLive(), GenerousMs);
    }
};

QTEST_MAIN(AccessibilityTest)
#include "tst_accessibility.moc"
