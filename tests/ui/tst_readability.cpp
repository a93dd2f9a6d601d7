// Every foreground/background pair the window paints text or marks in, computed in the light
// and in the dark palette: text reaches WCAG's 4.5:1, graphics (the outcome dots, the stderr
// bar, link underlines) 3:1. And the actions' icons, without any icon theme, in either. The pairs
// are asked of the classes that paint them - LogPalette, OutcomeColors, the task list's delegate
// rule, the problems' red - so a colour changed there is checked here.

#include "actionicons.h"
#include "apppalette.h"
#include "contrast.h"
#include "logpalette.h"
#include "mainwindow.h"
#include "outcomecolors.h"
#include "privatexdgdirs.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QMenu>
#include <QPixmap>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

namespace {

struct Pair
{
    QString what;
    QColor foreground;
    QColor background;
    double minimum;
};

RunResult result(RunOutcome outcome, int exitCode = 0)
{
    RunResult r;
    r.outcome = outcome;
    r.exitCode = exitCode;
    return r;
}

// What the view and the window draw, for the application palette in force.
QVector<Pair> pairsOf(const QPalette &p)
{
    QVector<Pair> pairs;
    const auto add = [&pairs](const QString &what, const QColor &fg, const QColor &bg,
                              double minimum = Contrast::Text) {
        pairs.append({what, fg, bg, minimum});
    };
    const QColor base = p.color(QPalette::Base);
    const QColor window = p.color(QPalette::Window);

    // The window's own text, as the palette has it.
    add("window text", p.color(QPalette::WindowText), window);
    add("text on base (lists, tables, edits)", p.color(QPalette::Text), base);
    add("alternate rows", p.color(QPalette::Text), p.color(QPalette::AlternateBase));
    add("selected rows", p.color(QPalette::HighlightedText), p.color(QPalette::Highlight));
    add("buttons", p.color(QPalette::ButtonText), p.color(QPalette::Button));
    add("tooltips", p.color(QPalette::ToolTipText), p.color(QPalette::ToolTipBase));
    add("placeholders (find, quick run)", p.color(QPalette::PlaceholderText), base);
    add("links", p.color(QPalette::Link), base);
    add("problems (editor, preferences)", Contrast::errorText(p), window);

    // The output view (LogPainter draws with LogPalette).
    const LogPalette log(p);
    add("stdout", log.lineColor(OutputChannel::Stdout), base);
    add("stderr", log.lineColor(OutputChannel::Stderr), base);
    add("stderr bar", log.lineColor(OutputChannel::Stderr), base, Contrast::Graphics);
    add("notes (line numbers, timestamps, markers)", log.noteColor(), base);
    add("find match text", log.matchTextColor(), log.matchColor());
    add("selected output", log.selectionTextColor(), log.selectionColor());
    TextStyle faint;
    faint.flags = TextStyle::Faint;
    add("faint stdout", log.ink(faint, OutputChannel::Stdout).foreground, base);
    add("link underline", log.palette().color(QPalette::Link), base, Contrast::Graphics);

    // The task list's "exited 0 · just now" beside a name (TaskListDelegate's rule).
    for (bool selected : {false, true}) {
        QColor muted = p.color(selected ? QPalette::HighlightedText : QPalette::Text);
        muted.setAlphaF(0.6);
        const QColor bg = p.color(selected ? QPalette::Highlight : QPalette::Base);
        add(selected ? QStringLiteral("last run, selected") : QStringLiteral("last run"),
            Contrast::readableOn(muted, bg), bg);
    }

    // Outcome dots (tabs on the window, history and task list on the base): the ring always,
    // and on a dark palette the fill too.
    const QVector<QPair<QString, QColor>> outcomes = {
        {"exited 0", OutcomeColors::forResult(result(RunOutcome::Exited, 0))},
        {"failed", OutcomeColors::forResult(result(RunOutcome::Exited, 2))},
        {"crashed", OutcomeColors::forResult(result(RunOutcome::Crashed))},
        {"timed out", OutcomeColors::forResult(result(RunOutcome::TimedOut))},
        {"stopped", OutcomeColors::forResult(result(RunOutcome::Stopped))},
        {"killed", OutcomeColors::forResult(result(RunOutcome::Killed))},
        {"failed to start", OutcomeColors::forResult(result(RunOutcome::FailedToStart))},
        {"running", OutcomeColors::running()},
        {"paused", OutcomeColors::paused()},
        {"stopping", OutcomeColors::stopping()},
        {"unknown", OutcomeColors::unknown()},
        {"queued", OutcomeColors::queued()},
    };
    const bool dark = Contrast::luminance(base) < 0.18;
    for (const auto &[name, color] : outcomes) {
        for (const auto &[where, bg] : {qMakePair(QStringLiteral("base"), base),
                                        qMakePair(QStringLiteral("window"), window)}) {
            add(name + " dot ring on " + where, OutcomeColors::ring(color), bg, Contrast::Graphics);
            if (dark)
                add(name + " dot on " + where, color, bg, Contrast::Graphics);
        }
    }
    return pairs;
}

// The colour in image (over background) that stands out most from background: a drawing's ink.
QColor inkOf(const QImage &image, const QColor &background)
{
    QColor ink = background;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = Contrast::over(image.pixelColor(x, y), background);
            if (Contrast::ratio(c, background) > Contrast::ratio(ink, background))
                ink = c;
        }
    return ink;
}

// The colour in rect of a that differs from b there and stands out most from background.
QColor mostDistinctChange(const QImage &a, const QImage &b, const QColor &background)
{
    QColor ink = background;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QColor c = a.pixelColor(x, y);
            if (c != b.pixelColor(x, y)
                && Contrast::ratio(c, background) > Contrast::ratio(ink, background))
                ink = c;
        }
    return ink;
}

} // namespace

class QuietPrompts : public UserPrompts
{
public:
    void showError(QWidget *, const QString &, const QString &) override {}
    bool confirmKillLeftovers(QWidget *, const QStringList &) override { return false; }
};

class ReadabilityTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        // The window's settings, history and logs: the suite's own.
        QVERIFY(usePrivateXdgDirs(m_dir));
        QIcon::setThemeName(QString()); // no icon theme, as under a bare X server
        QIcon::setThemeSearchPaths({});
    }

    void cleanup() { QApplication::setPalette(AppPalette::light()); }

    void contrastFormula()
    {
        // WCAG's own reference points.
        QCOMPARE(qRound(Contrast::ratio(Qt::black, Qt::white) * 10), 210);
        QCOMPARE(Contrast::ratio(Qt::white, Qt::white), 1.0);
        QVERIFY(qAbs(Contrast::ratio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
        // Alpha is painted over the background first: half-black on white is mid-grey.
        QColor half(Qt::black);
        half.setAlphaF(0.5);
        QVERIFY(Contrast::ratio(half, Qt::white) < 4.5);
    }

    void readableOnMovesOnlyWhatIsUnreadable_data()
    {
        QTest::addColumn<QColor>("color");
        QTest::addColumn<QColor>("background");
        QTest::newRow("dark purple on black") << QColor(0x5e, 0x1c, 0x64) << QColor(Qt::black);
        QTest::newRow("yellow on white") << QColor(0xf5, 0xc2, 0x11) << QColor(Qt::white);
        QTest::newRow("grey on mid grey") << QColor(0x80, 0x80, 0x80) << QColor(0x76, 0x76, 0x76);
        QTest::newRow("already fine") << QColor(Qt::black) << QColor(Qt::white);
    }
    void readableOnMovesOnlyWhatIsUnreadable()
    {
        QFETCH(QColor, color);
        QFETCH(QColor, background);
        const QColor readable = Contrast::readableOn(color, background);
        QVERIFY2(Contrast::ratio(readable, background) >= Contrast::Text,
                 qPrintable(readable.name()));
        if (Contrast::ratio(color, background) >= Contrast::Text)
            QCOMPARE(readable, color); // never changed for nothing
    }

    // The heart of it: every pair, in both palettes.
    void everyPairIsReadable_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("light") << "light";
        QTest::newRow("dark") << "dark";
    }
    void everyPairIsReadable()
    {
        QFETCH(QString, scheme);
        const QPalette palette = scheme == "dark" ? AppPalette::dark() : AppPalette::light();
        QApplication::setPalette(palette); // OutcomeColors reads the application's
        QStringList failures;
        const QVector<Pair> pairs = pairsOf(palette);
        QVERIFY(pairs.size() > 40);
        for (const Pair &pair : pairs) {
            const double ratio = Contrast::ratio(pair.foreground, pair.background);
            if (ratio < pair.minimum)
                failures.append(QStringLiteral("%1: %2 on %3 is %4:1, below %5:1")
                                    .arg(pair.what, pair.foreground.name(QColor::HexArgb),
                                         pair.background.name())
                                    .arg(ratio, 0, 'f', 2)
                                    .arg(pair.minimum));
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
    }

    // A desktop's dark palette we did not choose (Qt's own defaults, a theme with a faint
    // placeholder and a pale highlight): the view's own colours still adapt.
    void viewColoursAdaptToAForeignPalette()
    {
        QPalette palette;
        palette.setColor(QPalette::Base, QColor(0x30, 0x30, 0x30));
        palette.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));
        QColor faintPlaceholder(0xdd, 0xdd, 0xdd);
        faintPlaceholder.setAlphaF(0.3);
        palette.setColor(QPalette::PlaceholderText, faintPlaceholder);
        palette.setColor(QPalette::Highlight, QColor(0x8a, 0xb4, 0xf8)); // pale
        palette.setColor(QPalette::HighlightedText, Qt::white);          // and white on it
        const LogPalette log(palette);
        const QColor base = palette.color(QPalette::Base);
        QVERIFY(Contrast::ratio(log.noteColor(), base) >= Contrast::Text);
        QVERIFY(Contrast::ratio(log.lineColor(OutputChannel::Stderr), base) >= Contrast::Text);
        QVERIFY(Contrast::ratio(log.selectionTextColor(), log.selectionColor()) >= Contrast::Text);
        QVERIFY(Contrast::ratio(log.matchTextColor(), log.matchColor()) >= Contrast::Text);
    }

    // The bundled action icons render without any icon theme, inked in the palette's button
    // text: dark strokes on a light toolbar, light ones on a dark toolbar.
    void bundledIconsRenderInThePalettesInk_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &[action, icon] : ActionIcons::table())
            QTest::newRow(qPrintable(action)) << icon;
    }
    void bundledIconsRenderInThePalettesInk()
    {
        QFETCH(QString, name);
        for (const QPalette &palette : {AppPalette::light(), AppPalette::dark()}) {
            const QIcon icon = ActionIcons::bundled(name, palette);
            QVERIFY2(!icon.isNull(), qPrintable(name + " has no bundled drawing"));
            const QImage image = icon.pixmap(24, 24).toImage();
            QCOMPARE(image.size(), QSize(24, 24));
            // The most opaque pixel is the ink, and it reads on the button.
            QColor ink;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (!ink.isValid() || image.pixelColor(x, y).alpha() > ink.alpha())
                        ink = image.pixelColor(x, y);
            QCOMPARE(ink.alpha(), 255);
            ink.setAlpha(255);
            QVERIFY2(Contrast::ratio(ink, palette.color(QPalette::Button)) >= Contrast::Graphics,
                     qPrintable(name + ": " + ink.name()));
        }
    }

    // A disabled toolbar button's icon is drawn in the palette's disabled ink: told apart from
    // an enabled one on either toolbar (on the dark one it used to be as bright as enabled).
    void disabledIconsAreDimmerThanEnabledOnes_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("light") << "light";
        QTest::newRow("dark") << "dark";
    }
    void disabledIconsAreDimmerThanEnabledOnes()
    {
        QFETCH(QString, scheme);
        AppPalette::apply(*AppPalette::fromName(scheme)); // Fusion, as the app has it
        const QPalette palette = QApplication::palette();
        const QColor button = palette.color(QPalette::Button);
        const auto rendered = [&palette](bool enabled) {
            QAction action(QStringLiteral("Run"));
            action.setIcon(ActionIcons::bundled(QStringLiteral("media-playback-start"), palette));
            action.setEnabled(enabled);
            QToolButton toolButton;
            toolButton.setDefaultAction(&action);
            toolButton.setIconSize(QSize(24, 24));
            toolButton.setAutoRaise(true);
            toolButton.resize(toolButton.sizeHint());
            return toolButton.grab().toImage();
        };
        const QColor enabled = inkOf(rendered(true), button);
        const QColor disabled = inkOf(rendered(false), button);
        AppPalette::apply(AppPalette::Scheme::System);
        const QString said = scheme + QStringLiteral(": enabled ") + enabled.name()
                             + QStringLiteral(", disabled ") + disabled.name();
        QVERIFY2(Contrast::ratio(enabled, button) >= Contrast::Graphics, qPrintable(said));
        QVERIFY2(Contrast::ratio(disabled, button) < Contrast::ratio(enabled, button),
                 qPrintable(said));
        QVERIFY2(Contrast::ratio(enabled, disabled) >= 2.0, qPrintable(said));
    }

    // The check mark of a checked menu item (Run > Match case, the View toggles) reads on the
    // menu in the dark palette - it was black on near-black. Rendered: the pixels that differ
    // between a checked and an unchecked item are the mark.
    void menuCheckMarksReadInTheDarkPalette()
    {
        // Switched to at run time (Preferences), as at start (--palette dark).
        MainWindow window(std::make_unique<QuietPrompts>(), m_dir.filePath("tasks.json"));
        AppPalette::apply(AppPalette::Scheme::Dark);
        QAction *matchCase = window.findChild<QAction *>("findCaseAction");
        QVERIFY(matchCase);
        QMenu *runMenu = nullptr;
        for (QObject *object : matchCase->associatedObjects())
            if (auto *menu = qobject_cast<QMenu *>(object))
                runMenu = menu;
        QVERIFY(runMenu);
        const auto rendered = [&] {
            runMenu->ensurePolished();
            runMenu->resize(runMenu->sizeHint());
            return runMenu->grab().toImage().copy(runMenu->actionGeometry(matchCase));
        };
        matchCase->setChecked(false);
        const QImage unchecked = rendered();
        matchCase->setChecked(true);
        const QImage checked = rendered();
        matchCase->setEnabled(false);
        const QImage disabledChecked = rendered();
        matchCase->setChecked(false);
        const QImage disabledUnchecked = rendered();
        AppPalette::apply(AppPalette::Scheme::System);
        // The menu as drawn, beside the item's text: dark at all (a menu left in the light
        // palette, black marks on light grey, is the failure this is about).
        const QColor background = checked.pixelColor(checked.width() - 2, 1);
        QVERIFY2(Contrast::luminance(background) < 0.18, qPrintable(background.name()));
        const QColor mark = mostDistinctChange(checked, unchecked, background);
        QVERIFY2(Contrast::ratio(mark, background) >= Contrast::Graphics,
                 qPrintable(mark.name() + QStringLiteral(" on ") + background.name()));
        // Disabled: dimmer, but there.
        const QColor disabledMark
            = mostDistinctChange(disabledChecked, disabledUnchecked, background);
        QVERIFY2(Contrast::ratio(disabledMark, background) >= 2.0,
                 qPrintable(disabledMark.name() + QStringLiteral(" on ") + background.name()));
    }

    // With no icon theme, every action of the window still has an icon (ours), the toolbar's
    // buttons name their shortcut, and a palette change re-inks the icons to read on it.
    void everyActionHasAnIconWithoutATheme()
    {
        QApplication::setPalette(AppPalette::light());
        MainWindow window(std::make_unique<QuietPrompts>(), m_dir.filePath("tasks.json"));
        for (const auto &[name, icon] : ActionIcons::table()) {
            auto *action = window.findChild<QAction *>(name);
            QVERIFY2(action, qPrintable(name));
            QVERIFY2(!action->icon().isNull(), qPrintable(name));
        }
        auto *toolbar = window.findChild<QToolBar *>("mainToolBar");
        QVERIFY(toolbar);
        int withIcons = 0;
        for (QAction *action : toolbar->actions()) {
            if (action->isSeparator() || action->icon().isNull())
                continue;
            ++withIcons;
            const QString key = action->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(action->toolTip().contains(key), qPrintable(action->toolTip()));
        }
        QVERIFY(withIcons >= 7); // New, Edit, Run, Stop, Kill, Pause, Rerun
        QCOMPARE(window.findChild<QAction *>("newTaskAction")->toolTip(),
                 QStringLiteral("New task (Ctrl+N)"));

        const auto ink = [&window] {
            const QImage image
                = window.findChild<QAction *>("runAction")->icon().pixmap(24, 24).toImage();
            QColor most;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (!most.isValid() || image.pixelColor(x, y).alpha() > most.alpha())
                        most = image.pixelColor(x, y);
            return most;
        };
        QVERIFY2(Contrast::luminance(ink()) < 0.18, qPrintable(ink().name())); // dark on light
        QApplication::setPalette(AppPalette::dark());
        QApplication::processEvents();
        QVERIFY2(Contrast::luminance(ink()) > 0.18, qPrintable(ink().name())); // light on dark
    }
};

QTEST_MAIN(ReadabilityTest)
#include "tst_readability.moc"
