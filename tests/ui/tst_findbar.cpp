// Find in a run's output, as a person uses it: what it says ("3 of 12", "No matches"), what
// stays highlighted, and the buttons to the previous and next match.

#include "findbar.h"
#include "logview.h"
#include "managedrun.h"
#include "runpane.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QTest>
#include <QToolButton>

class FindBarTest : public QObject
{
    Q_OBJECT

    WindowFixture f;
    LogView *m_view = nullptr;

    // A finished run of lines "alpha", "beta", "alpha", "gamma alpha".
    void openOnOutput()
    {
        QVERIFY(f.writeLibrary(
            {f.shellTask(QStringLiteral("words"),
                         QStringLiteral("printf 'alpha\\nbeta\\nalpha\\ngamma alpha\\n'"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("words"));
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY(pane->logView()->plainText().contains(QLatin1String("gamma alpha")));
        m_view = pane->logView();
    }
    void search(const QString &text)
    {
        auto *edit = f.find<QLineEdit>("findEdit");
        edit->setText(text);
        QTest::keyClick(edit, Qt::Key_Return);
    }
    QString result() const { return f.find<QLabel>("findResultLabel")->text(); }
    QString accessibleName(QWidget *widget) const
    {
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        return accessible ? accessible->text(QAccessible::Name) : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup()
    {
        m_view = nullptr;
        f.tearDownTest();
    }

    // A find that matches nothing says so, where the find is and to a screen reader, and
    // leaves nothing of the last find highlighted or selected.
    void noMatchSaysSoAndClearsTheHighlight()
    {
        openOnOutput();
        search(QStringLiteral("alpha"));
        QTRY_COMPARE(result(), QStringLiteral("1 of 3"));
        QCOMPARE(m_view->matchCount(), 3);
        QCOMPARE(m_view->selectedText(), QStringLiteral("alpha"));

        search(QStringLiteral("zebra"));
        QTRY_COMPARE(result(), QStringLiteral("No matches"));
        QCOMPARE(m_view->matchCount(), 0);
        QCOMPARE(m_view->selectedText(), QString());
        QCOMPARE(accessibleName(f.find<QLabel>("findResultLabel")), QStringLiteral("No matches"));
        QVERIFY(!f.find<QToolButton>("findNextButton")->isEnabled());

        // Emptied: nothing is searched for, nothing highlighted, nothing said.
        search(QStringLiteral("beta"));
        QTRY_COMPARE(result(), QStringLiteral("1 of 1"));
        f.find<QLineEdit>("findEdit")->clear();
        QCOMPARE(m_view->matchCount(), 0);
        QCOMPARE(m_view->selectedText(), QString());
        QCOMPARE(result(), QString());
    }

    // "2 of 3" as the user steps with the buttons (or F3, Shift+F3), round at either end.
    void countFollowsNextAndPrevious()
    {
        openOnOutput();
        auto *next = f.find<QToolButton>("findNextButton");
        auto *previous = f.find<QToolButton>("findPreviousButton");
        QCOMPARE(accessibleName(next), QStringLiteral("Next match"));
        QCOMPARE(accessibleName(previous), QStringLiteral("Previous match"));
        f.find<QLineEdit>("findEdit")->setText(QStringLiteral("alpha"));
        QTest::mouseClick(next, Qt::LeftButton); // searches what is typed
        QTRY_COMPARE(result(), QStringLiteral("1 of 3"));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(result(), QStringLiteral("2 of 3"));
        f.action("findNextAction")->trigger();
        QCOMPARE(result(), QStringLiteral("3 of 3"));
        QCOMPARE(m_view->firstVisibleRow() >= 0, true);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(result(), QStringLiteral("1 of 3"));
        QTest::mouseClick(previous, Qt::LeftButton);
        QCOMPARE(result(), QStringLiteral("3 of 3"));
        f.action("findPreviousAction")->trigger();
        QCOMPARE(result(), QStringLiteral("2 of 3"));
        QCOMPARE(accessibleName(f.find<QLabel>("findResultLabel")), QStringLiteral("2 of 3"));
    }

    // A rerun shows another log in the same tab: the last find was in the old one, so the bar
    // no longer tells it, and Enter searches the new log.
    void rerunStartsTheFindAfresh()
    {
        openOnOutput();
        search(QStringLiteral("alpha"));
        QTRY_COMPARE(result(), QStringLiteral("1 of 3"));
        RunPane *pane = f.window->currentPane();
        const ManagedRun *first = pane->run();
        f.action("rerunAction")->trigger();
        QTRY_VERIFY(pane->run() != first);
        QCOMPARE(result(), QString());
        QCOMPARE(m_view->matchCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(pane->run()->isFinished(), WindowFixture::GenerousMs);
        QTRY_VERIFY(m_view->plainText().contains(QLatin1String("gamma alpha")));
        QTest::keyClick(f.find<QLineEdit>("findEdit"), Qt::Key_Return);
        QTRY_COMPARE(result(), QStringLiteral("1 of 3"));
        QCOMPARE(m_view->selectedText(), QStringLiteral("alpha"));
    }

    // A pattern that is not a regular expression is said in the bar, not only for 5 s below.
    void invalidPatternIsSaid()
    {
        openOnOutput();
        f.action("findRegexAction")->setChecked(true);
        search(QStringLiteral("(unclosed"));
        QCOMPARE(result(), QStringLiteral("Not a valid regular expression"));
        QCOMPARE(m_view->matchCount(), 0);
    }
};

QTEST_MAIN(FindBarTest)
#include "tst_findbar.moc"
