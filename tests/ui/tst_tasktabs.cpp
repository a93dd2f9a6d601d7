// The run tabs' titles, tooltips and accessible names: what a person, a screen reader and a
// test tell runs apart by.

#include "managedrun.h"
#include "runpane.h"
#include "tabtitles.h"
#include "windowfixture.h"

#include <QAccessible>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

class TaskTabsTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    QTabWidget *tabs() const { return f.find<QTabWidget>("runTabs"); }
    QString accessibleTabName(int index) const
    {
        QAccessibleInterface *bar = QAccessible::queryAccessibleInterface(tabs()->tabBar());
        return bar && bar->child(index) ? bar->child(index)->text(QAccessible::Name) : QString();
    }
    bool waitForEnd(RunPane *pane)
    {
        return QTest::qWaitFor([pane] { return pane->run() && pane->run()->isFinished(); },
                               WindowFixture::GenerousMs);
    }
    QStringList tabTexts() const
    {
        QStringList texts;
        for (int i = 0; i < tabs()->count(); ++i)
            texts.append(tabs()->tabText(i));
        return texts;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup() { f.tearDownTest(); }

    // The tooltip's dash was a Latin-1 literal holding UTF-8: "build â€” exited 0".
    void tooltipShowsTheDash()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("build"), QStringLiteral("true"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("build"));
        QVERIFY(pane);
        QVERIFY(waitForEnd(pane));
        QTRY_COMPARE(tabs()->tabToolTip(tabs()->indexOf(pane)),
                     QStringLiteral("build \u2014 exited 0"));
    }

    // Every literal read as Latin-1 (QLatin1String, QLatin1Char, fromLatin1) in the product's
    // sources is ASCII: a non-ASCII one turns into mojibake on screen, as the tooltip's did.
    void noLatin1LiteralHoldsNonAscii()
    {
        static const QRegularExpression latin1Literal(
            QStringLiteral("(QLatin1String(View)?|QLatin1Char|fromLatin1)\\s*\\(\\s*"
                           "(\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*')"));
        QStringList offenders;
        int files = 0;
        for (const char *dir : {"core", "ui", "app", "cli", "platform"}) {
            QDirIterator it(QStringLiteral(TASKRUNNER_SOURCE_DIR "/") + QLatin1String(dir),
                            {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                ++files;
                const QString text = QString::fromUtf8(file.readAll());
                for (auto match = latin1Literal.globalMatch(text); match.hasNext();) {
                    const QString literal = match.next().captured(3);
                    if (std::any_of(literal.cbegin(), literal.cend(),
                                    [](QChar c) { return c.unicode() > 0x7f; }))
                        offenders.append(file.fileName() + QLatin1String(": ") + literal);
                }
            }
        }
        QVERIFY2(files > 50, "the sources were not found");
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QLatin1Char('\n'))));
    }

    // An '&' is text: not a shortcut letter in the tab, and the accessible name and tooltip
    // have it as it is.
    void ampersandIsShownAsItIs()
    {
        QVERIFY(
            f.writeLibrary({f.shellTask(QStringLiteral("lint & test"), QStringLiteral("true"))}));
        f.open();
        RunPane *pane = f.run(QStringLiteral("lint & test"));
        QVERIFY(pane);
        int index = tabs()->indexOf(pane);
        QCOMPARE(tabs()->tabText(index), QStringLiteral("lint && test"));
        QCOMPARE(accessibleTabName(index), QStringLiteral("lint & test"));
        QVERIFY(waitForEnd(pane));
        QTRY_VERIFY2(tabs()->tabToolTip(index).startsWith(QStringLiteral("lint & test \u2014")),
                     qPrintable(tabs()->tabToolTip(index)));

        RunPane *quick = f.quickRun(QStringLiteral("true && echo a&b"));
        QVERIFY(quick && quick != pane);
        index = tabs()->indexOf(quick);
        QCOMPARE(tabs()->tabText(index), QStringLiteral("true &&&& echo a&&b"));
        QCOMPARE(accessibleTabName(index), QStringLiteral("true && echo a&b"));
    }

    // Runs of one task are told apart: "build", "build #2", "build #3"; a number closed is
    // given again.
    void identicalRunsAreNumbered()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("build"), QStringLiteral("true"))}));
        f.open();
        for (int i = 0; i < 3; ++i)
            QVERIFY(f.run(QStringLiteral("build")));
        QCOMPARE(tabTexts(), (QStringList{"build", "build #2", "build #3"}));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(accessibleTabName(i), tabTexts().at(i));
        RunPane *second = qobject_cast<RunPane *>(tabs()->widget(1));
        QVERIFY(waitForEnd(second));
        Q_EMIT tabs()->tabCloseRequested(1); // finished: closed without a question
        QTRY_COMPARE(tabs()->count(), 2);
        QVERIFY(f.run(QStringLiteral("build")));
        QCOMPARE(tabTexts(), (QStringList{"build", "build #3", "build #2"}));
        // Each tooltip names its own tab.
        RunPane *last = f.window->currentPane();
        QVERIFY(waitForEnd(last));
        QTRY_VERIFY2(tabs()->tabToolTip(2).startsWith(QStringLiteral("build #2 \u2014")),
                     qPrintable(tabs()->tabToolTip(2)));
    }

    // A quick run is titled by its command, cut with "…" when it is long.
    void longQuickRunTitlesAreCutWithAnEllipsis()
    {
        f.open();
        const QString longCommand
            = QStringLiteral("echo one two three four five six seven eight nine ten eleven");
        QVERIFY(f.quickRun(longCommand));
        const QString title = tabs()->tabText(tabs()->currentIndex());
        QVERIFY2(title.size() <= TabTitles::MaxQuickRunName, qPrintable(title));
        QVERIFY2(title.endsWith(QStringLiteral("…")), qPrintable(title));
        QVERIFY(longCommand.startsWith(title.chopped(1)));
        QCOMPARE(f.window->currentPane()->task().spec.shellScript, longCommand); // all of it runs

        QVERIFY(f.quickRun(QStringLiteral("echo short")));
        QCOMPARE(tabs()->tabText(tabs()->currentIndex()), QStringLiteral("echo short"));
    }
};

QTEST_MAIN(TaskTabsTest)
#include "tst_tasktabs.moc"
