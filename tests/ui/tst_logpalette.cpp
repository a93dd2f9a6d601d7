// LogPalette on its own: the task's colours stay readable on a light and on a dark background,
// the 256-colour table is the standard one, and styles are inked as terminals ink them.

#include "logpalette.h"

#include <QTest>
#include <QtMath>

namespace {

// WCAG 2 relative luminance and contrast ratio (1 to 21).
double luminance(const QColor &color)
{
    const auto channel
        = [](double c) { return c <= 0.03928 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
           + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QPalette themed(const QColor &base, const QColor &text)
{
    QPalette palette;
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::Text, text);
    return palette;
}

} // namespace

class LogPaletteTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void darkness_data()
    {
        QTest::addColumn<QColor>("background");
        QTest::addColumn<bool>("dark");
        QTest::newRow("white") << QColor(Qt::white) << false;
        QTest::newRow("light theme window") << QColor(0xf6, 0xf5, 0xf4) << false;
        QTest::newRow("black") << QColor(Qt::black) << true;
        QTest::newRow("dark theme base") << QColor(0x1e, 0x1e, 0x1e) << true;
        QTest::newRow("solarized dark") << QColor(0x00, 0x2b, 0x36) << true;
        QTest::newRow("solarized light") << QColor(0xfd, 0xf6, 0xe3) << false;
    }
    void darkness()
    {
        QFETCH(QColor, background);
        QFETCH(bool, dark);
        QCOMPARE(LogPalette::isDark(background), dark);
        QCOMPARE(LogPalette(themed(background, Qt::gray)).isDark(), dark);
    }

    // The 16 named colours on either background: every one can be told from the background,
    // and the chromatic ones (red, green, yellow, blue, magenta, cyan and their bright
    // variants) reach WCAG's 3:1 for large text. Black on a dark background is a dim gray by
    // design, so it (and white, gray) only need to be told apart from it.
    void namedColoursAreReadable_data()
    {
        QTest::addColumn<QColor>("base");
        QTest::addColumn<QColor>("text");
        QTest::newRow("light") << QColor(Qt::white) << QColor(Qt::black);
        QTest::newRow("dark") << QColor(0x1e, 0x1e, 0x1e) << QColor(0xee, 0xee, 0xee);
        QTest::newRow("black") << QColor(Qt::black) << QColor(Qt::white);
    }
    void namedColoursAreReadable()
    {
        QFETCH(QColor, base);
        QFETCH(QColor, text);
        const LogPalette palette(themed(base, text));
        for (int i = 0; i < 16; ++i) {
            const QColor color = palette.color(TermColor::indexed(i), true);
            const double ratio = contrast(color, base);
            const bool chromatic = i % 8 != 0 && i % 8 != 7;
            const QString why = QStringLiteral("colour %1 (%2) on %3: %4:1")
                                    .arg(i)
                                    .arg(color.name(), base.name())
                                    .arg(ratio, 0, 'f', 2);
            QVERIFY2(ratio >= (chromatic ? 3.0 : 2.0), qPrintable(why));
        }
        // Red is red on both, but not the same red: each background has its own variant.
        const QColor red = palette.color(TermColor::indexed(1), true);
        QVERIFY(red.red() > red.green() && red.red() > red.blue());
        const LogPalette other(palette.isDark() ? themed(Qt::white, Qt::black)
                                                : themed(QColor(0x1e, 0x1e, 0x1e), Qt::white));
        QVERIFY(other.color(TermColor::indexed(1), true) != red);
    }

    void stderrAndMatchesAreReadable_data() { namedColoursAreReadable_data(); }
    void stderrAndMatchesAreReadable()
    {
        QFETCH(QColor, base);
        QFETCH(QColor, text);
        const LogPalette palette(themed(base, text));
        const QColor stderrColor = palette.lineColor(OutputChannel::Stderr);
        QVERIFY2(contrast(stderrColor, base) >= 4.5, qPrintable(stderrColor.name()));
        QVERIFY(stderrColor != palette.lineColor(OutputChannel::Stdout));
        QCOMPARE(palette.lineColor(OutputChannel::Stdout), text);
        // Text stays readable on a find match's highlight.
        QVERIFY2(contrast(text, palette.matchColor()) >= 4.5,
                 qPrintable(palette.matchColor().name()));
    }

    // Beyond the 16: the xterm 6x6x6 cube and 24 grays, and 24-bit colour as it is.
    void extendedColours_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QColor>("color");
        QTest::newRow("cube black") << 16 << QColor(0, 0, 0);
        QTest::newRow("cube blue") << 21 << QColor(0, 0, 255);
        QTest::newRow("cube red") << 196 << QColor(255, 0, 0);
        QTest::newRow("cube mixed") << 110 << QColor(135, 175, 215);
        QTest::newRow("cube white") << 231 << QColor(255, 255, 255);
        QTest::newRow("darkest gray") << 232 << QColor(8, 8, 8);
        QTest::newRow("lightest gray") << 255 << QColor(238, 238, 238);
    }
    void extendedColours()
    {
        QFETCH(int, index);
        QFETCH(QColor, color);
        for (const QColor &base : {QColor(Qt::white), QColor(Qt::black)}) // the same on both
            QCOMPARE(LogPalette(themed(base, Qt::gray)).color(TermColor::indexed(index), true),
                     color);
        QCOMPARE(LogPalette(themed(Qt::white, Qt::black)).color(TermColor::rgb(1, 2, 3), false),
                 QColor(1, 2, 3));
    }

    void defaultsAreThePalettes()
    {
        const LogPalette palette(themed(QColor(0x10, 0x20, 0x30), QColor(0xa0, 0xb0, 0xc0)));
        QCOMPARE(palette.color(TermColor(), true), QColor(0xa0, 0xb0, 0xc0));
        QCOMPARE(palette.color(TermColor(), false), QColor(0x10, 0x20, 0x30));
    }

    // Inverse swaps text and background (an unset background is the palette's base), faint
    // dims the text, and an unstyled stderr line is in stderr's colour.
    void stylesAreInked()
    {
        const QColor base(Qt::white);
        const LogPalette palette(themed(base, Qt::black));
        const QColor red = palette.color(TermColor::indexed(1), true);
        const QColor blue = palette.color(TermColor::indexed(4), false);

        LogPalette::Ink ink = palette.ink(TextStyle(), OutputChannel::Stdout);
        QCOMPARE(ink.foreground, QColor(Qt::black));
        QVERIFY(!ink.background.isValid());
        ink = palette.ink(TextStyle(), OutputChannel::Stderr);
        QCOMPARE(ink.foreground, palette.lineColor(OutputChannel::Stderr));

        TextStyle style;
        style.foreground = TermColor::indexed(1);
        style.background = TermColor::indexed(4);
        ink = palette.ink(style, OutputChannel::Stdout);
        QCOMPARE(ink.foreground, red);
        QCOMPARE(ink.background, blue);

        style.flags = TextStyle::Inverse;
        ink = palette.ink(style, OutputChannel::Stdout);
        QCOMPARE(ink.foreground, blue);
        QCOMPARE(ink.background, red);
        style.background = TermColor();
        ink = palette.ink(style, OutputChannel::Stdout);
        QCOMPARE(ink.foreground, base);
        QCOMPARE(ink.background, red);
        style = TextStyle();
        style.flags = TextStyle::Inverse;
        QCOMPARE(palette.ink(style, OutputChannel::Stderr).background,
                 palette.lineColor(OutputChannel::Stderr));

        style = TextStyle();
        style.foreground = TermColor::indexed(1);
        style.flags = TextStyle::Faint;
        ink = palette.ink(style, OutputChannel::Stdout);
        QCOMPARE(ink.foreground.rgb(), red.rgb());
        QVERIFY(ink.foreground.alphaF() < 0.7 && ink.foreground.alphaF() > 0.5);
    }
};

QTEST_MAIN(LogPaletteTest)
#include "tst_logpalette.moc"
