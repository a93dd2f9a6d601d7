// LogPainter on its own, painting into an image: find matches, the selection, link underlines
// and the stderr bar land on the columns of their characters - after tabs and wide characters,
// and on a wrapped row's later screen lines.

#include "loggeometry.h"
#include "loglayout.h"
#include "logmatches.h"
#include "logpainter.h"
#include "logpalette.h"
#include "logrows.h"
#include "logselection.h"
#include "outputlog.h"

#include <QFontDatabase>
#include <QImage>
#include <QPainter>
#include <QTest>

class LogPainterTest : public QObject
{
    Q_OBJECT

private:
    // Colours found nowhere else, so a pixel says what painted it.
    const QColor m_base = Qt::white;
    const QColor m_link = QColor(0xff, 0x00, 0xff);
    const QColor m_highlight = QColor(0x00, 0xff, 0x00);
    QFont m_font = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    QPalette palette() const
    {
        QPalette palette;
        palette.setColor(QPalette::Base, m_base);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Link, m_link);
        palette.setColor(QPalette::Highlight, m_highlight);
        return palette;
    }

    QImage paint(const OutputLog &log, int wrapColumns, const LogSelection &selection,
                 const LogMatches &matches) const
    {
        QImage image(800, 300, QImage::Format_RGB32);
        QPainter painter(&image);
        const LogRows rows(&log);
        const LogGeometry geometry(QFontMetrics(m_font), false, false, rows.lastLineNumber());
        const LogPalette colours(palette());
        LogPainter frame(painter, m_font, colours, geometry);
        frame.fillBackground(image.rect());
        frame.paint({image.rect(), 0, wrapColumns > 0}, rows,
                    LogLayout(rows, wrapColumns).screenLines(0, 20), selection, matches);
        return image;
    }

    // The pixel in the middle of a cell (screen line, column), or on its underline.
    QColor cell(const QImage &image, int screenLine, int column) const
    {
        const LogGeometry geometry(QFontMetrics(m_font), false, false, 0);
        return image.pixelColor(geometry.gutterWidth + column * geometry.charWidth
                                    + geometry.charWidth / 2,
                                screenLine * geometry.lineHeight + geometry.lineHeight / 2);
    }
    QColor underline(const QImage &image, int screenLine, int column) const
    {
        const LogGeometry geometry(QFontMetrics(m_font), false, false, 0);
        return image.pixelColor(
            geometry.gutterWidth + column * geometry.charWidth + geometry.charWidth / 2,
            screenLine * geometry.lineHeight + geometry.ascent + geometry.underlinePos);
    }

private Q_SLOTS:
    void highlightsAndLinksFollowTheColumns()
    {
        OutputLog log;
        // A tab (columns 1-7) matched by find; a tab selected; a link after 日 (two columns)
        // and a tab, from column 9; a line on stderr.
        log.append(OutputChannel::Stdout, "x\ty\np\tq\n\xe6\x97\xa5\t https://x.example/p\n");
        log.append(OutputChannel::Stderr, "oops\n");
        LogMatches matches;
        matches.add({LogMatch{0, 1, 1}});
        LogSelection selection;
        selection.startAt({1, 1});
        selection.extendTo({1, 8});
        const QImage image = paint(log, 0, selection, matches);

        QCOMPARE(cell(image, 0, 4), LogPalette(palette()).matchColor());
        QCOMPARE(cell(image, 0, 12), m_base); // past the line's end
        QCOMPARE(cell(image, 1, 4), m_highlight);
        QCOMPARE(cell(image, 1, 12), m_base);
        QVERIFY(cell(image, 2, 4) != m_highlight); // other rows are not selected

        for (int column = 9; column < 9 + 19; ++column)
            QVERIFY2(underline(image, 2, column) == m_link, qPrintable(QString::number(column)));
        QVERIFY(underline(image, 2, 8) != m_link);
        QVERIFY(underline(image, 2, 28) != m_link);

        const QColor stderrColor = LogPalette(palette()).lineColor(OutputChannel::Stderr);
        const int lineHeight = QFontMetrics(m_font).lineSpacing();
        QCOMPARE(image.pixelColor(1, 3 * lineHeight + lineHeight / 2), stderrColor);
        QCOMPARE(image.pixelColor(1, lineHeight / 2), m_base); // stdout: no bar
    }

    // Text on a highlight is inked in the highlight's own text colour whatever its style: stderr's
    // red on the selection's blue or a match's amber would not read (tst_readability has the
    // pairs' contrast).
    void highlightedTextIsInkedForItsHighlight()
    {
        OutputLog log;
        log.append(OutputChannel::Stderr, "WWWWWWWW\n");
        LogMatches matches;
        matches.add({LogMatch{0, 0, 4}}); // columns 0-3 matched
        LogSelection selection;
        selection.startAt({0, 4});
        selection.extendTo({0, 8}); // columns 4-7 selected
        QPalette withText = palette();
        withText.setColor(QPalette::HighlightedText, QColor(0x00, 0x00, 0xff));
        QImage image(800, 300, QImage::Format_RGB32);
        {
            QPainter painter(&image);
            const LogRows rows(&log);
            const LogGeometry geometry(QFontMetrics(m_font), false, false, rows.lastLineNumber());
            const LogPalette colours(withText);
            LogPainter frame(painter, m_font, colours, geometry);
            frame.fillBackground(image.rect());
            frame.paint({image.rect(), 0, false}, rows, LogLayout(rows, 0).screenLines(0, 20),
                        selection, matches);
        }
        const LogGeometry geometry(QFontMetrics(m_font), false, false, 0);
        const auto pixels = [&](int from, int to) {
            QVector<QColor> found;
            for (int x = geometry.gutterWidth + from * geometry.charWidth;
                 x < geometry.gutterWidth + to * geometry.charWidth; ++x)
                for (int y = 0; y < geometry.lineHeight; ++y)
                    found.append(image.pixelColor(x, y));
            return found;
        };
        // The match: black on amber, so green follows red (red text would have little green).
        bool inked = false;
        for (const QColor &pixel : pixels(0, 4)) {
            QVERIFY2(pixel.green() >= pixel.red() * 0.8, qPrintable(pixel.name()));
            inked = inked || pixel.red() < 128;
        }
        QVERIFY(inked); // text was drawn there
        // The selection: blue on green, no red at all.
        inked = false;
        for (const QColor &pixel : pixels(4, 8)) {
            QVERIFY2(pixel.red() == 0, qPrintable(pixel.name()));
            inked = inked || pixel.blue() > 128;
        }
        QVERIFY(inked);
    }

    // A highlight changes nothing outside its cells: the text after it is where it was, whole
    // (drawing the text cut at the highlight's edge started the rest on the cell grid, which the
    // font's advances drift from, and a character there was lost under its neighbour).
    void aHighlightLeavesTheRestOfTheLineAsItWas()
    {
        OutputLog log;
        log.append(OutputChannel::Stdout, "[28/30] compiling module_28.cpp and more text\n");
        const QImage plain = paint(log, 0, LogSelection(), LogMatches());
        const LogGeometry geometry(QFontMetrics(m_font), false, false, 0);
        for (int end : {5, 18, 24, 26, 27}) {
            LogSelection selection;
            selection.startAt({0, 2});
            selection.extendTo({0, end});
            LogMatches matches;
            matches.add({LogMatch{0, end + 3, 2}});
            const QImage highlighted = paint(log, 0, selection, matches);
            const auto same = [&](int fromColumn, int toColumn) {
                const int x0 = geometry.gutterWidth + fromColumn * geometry.charWidth;
                const int x1 = geometry.gutterWidth + toColumn * geometry.charWidth;
                for (int x = x0; x < x1; ++x)
                    for (int y = 0; y < geometry.lineHeight; ++y)
                        if (plain.pixelColor(x, y) != highlighted.pixelColor(x, y))
                            return false;
                return true;
            };
            QVERIFY2(same(0, 2), qPrintable(QString::number(end)));
            QVERIFY2(same(end, end + 3), qPrintable(QString::number(end))); // between the two
            QVERIFY2(same(end + 5, 44), qPrintable(QString::number(end)));
        }
    }

    // The text lands on the cell grid that highlights and links are painted on, however far
    // along the line: the font's fractional advance (7.22 px for 7 px cells) is not let drift
    // off it - by column 100 that was three cells.
    void textStaysOnTheCellGrid()
    {
        OutputLog log;
        log.append(OutputChannel::Stdout, QByteArray(99, 'M') + " |\n");
        const QImage image = paint(log, 0, LogSelection(), LogMatches());
        const LogGeometry geometry(QFontMetrics(m_font), false, false, 0);
        // The bar at column 100 (a space before it): its ink is in that cell, not off it.
        const int cellLeft = geometry.gutterWidth + 100 * geometry.charWidth;
        int inkX = -1;
        for (int x = cellLeft - geometry.charWidth / 2; x < cellLeft + 2 * geometry.charWidth; ++x)
            for (int y = 0; y < geometry.lineHeight && inkX < 0; ++y)
                if (qGray(image.pixel(x, y)) < 128)
                    inkX = x;
        QVERIFY2(inkX >= cellLeft && inkX < cellLeft + geometry.charWidth,
                 qPrintable(QStringLiteral("ink at %1, cell %2..%3")
                                .arg(inkX)
                                .arg(cellLeft)
                                .arg(cellLeft + geometry.charWidth)));
    }

    // A link wrapped over screen lines is underlined on each, at that line's columns.
    void aWrappedLinkIsUnderlinedOnEachScreenLine()
    {
        OutputLog log;
        log.append(OutputChannel::Stdout, "see https://x.example/pp\n"); // 4 + 20 columns
        const QImage image = paint(log, 10, LogSelection(), LogMatches());
        // Screen lines: "see " | "https://x." | "example/pp".
        QVERIFY(underline(image, 0, 2) != m_link);
        for (int column = 0; column < 10; ++column) {
            QVERIFY2(underline(image, 1, column) == m_link, qPrintable(QString::number(column)));
            QVERIFY2(underline(image, 2, column) == m_link, qPrintable(QString::number(column)));
        }
        QVERIFY(underline(image, 2, 10) != m_link);
    }
};

QTEST_MAIN(LogPainterTest)
#include "tst_logpainter.moc"
