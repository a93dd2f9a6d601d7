// TextColumns on its own: how many columns a character takes, where each character of a line
// starts on screen and back, and what a range of columns shows.

#include "textcolumns.h"

#include <QTest>

namespace {

using Columns = QVector<int>;

// Where each character starts, as TextColumns says.
Columns startsOf(const TextColumns &line)
{
    Columns starts;
    for (int i = 0; i < int(line.line().size()); ++i)
        starts.append(line.column(i));
    return starts;
}

} // namespace

class TextColumnsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cellWidth_data()
    {
        QTest::addColumn<uint>("character");
        QTest::addColumn<int>("width");
        QTest::newRow("ASCII letter") << uint('a') << 1;
        QTest::newRow("Latin-1 é") << 0xe9u << 1;
        QTest::newRow("combining acute accent") << 0x301u << 0;
        QTest::newRow("zero-width space") << 0x200bu << 0;
        QTest::newRow("zero-width joiner") << 0x200du << 0;
        QTest::newRow("variation selector 16") << 0xfe0fu << 0;
        QTest::newRow("CJK 日") << 0x65e5u << 2;
        QTest::newRow("Hangul syllable") << 0xac00u << 2;
        QTest::newRow("fullwidth !") << 0xff01u << 2;
        QTest::newRow("halfwidth katakana") << 0xff76u << 1;
        QTest::newRow("emoji rocket (astral)") << 0x1f680u << 2;
        QTest::newRow("CJK extension B (astral)") << 0x20000u << 2;
        QTest::newRow("snowman, text presentation") << 0x2603u << 1;
        QTest::newRow("watch, emoji presentation") << 0x231au << 2;
        QTest::newRow("box drawing") << 0x2500u << 1;
    }
    void cellWidth()
    {
        QFETCH(uint, character);
        QFETCH(int, width);
        QCOMPARE(TextColumns::cellWidth(char32_t(character)), width);
    }

    // Where every character starts, and the line's width, for tabs, wide characters, marks.
    void columnsOfEachCharacter_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<Columns>("starts");
        QTest::addColumn<int>("width");
        QTest::newRow("plain") << QStringLiteral("abc") << Columns{0, 1, 2} << 3;
        QTest::newRow("empty") << QString() << Columns{} << 0;
        QTest::newRow("tab to the first stop") << QStringLiteral("a\tb") << Columns{0, 1, 8} << 9;
        QTest::newRow("tab one column before a stop")
            << QStringLiteral("1234567\tx") << Columns{0, 1, 2, 3, 4, 5, 6, 7, 8} << 9;
        QTest::newRow("tab at a stop takes a whole stop")
            << QStringLiteral("12345678\tx") << Columns{0, 1, 2, 3, 4, 5, 6, 7, 8, 16} << 17;
        QTest::newRow("two tabs") << QStringLiteral("\t\tx") << Columns{0, 8, 16} << 17;
        QTest::newRow("wide characters") << QStringLiteral("日本x") << Columns{0, 2, 4} << 5;
        QTest::newRow("tab after a wide character")
            << QStringLiteral("日\tx") << Columns{0, 2, 8} << 9;
        QTest::newRow("combining mark shares its base's cell")
            << QStringLiteral("e\u0301x") << Columns{0, 0, 1} << 2;
        QTest::newRow("surrogate pair is one wide cell")
            << QStringLiteral("🚀x") << Columns{0, 0, 2} << 3;
    }
    void columnsOfEachCharacter()
    {
        QFETCH(QString, line);
        QFETCH(Columns, starts);
        QFETCH(int, width);
        const TextColumns columns(line);
        QCOMPARE(startsOf(columns), starts);
        QCOMPARE(columns.width(), width);
        QCOMPARE(columns.column(int(line.size())), width); // the end of the line
    }

    // index() is column()'s inverse: each cell's start maps back to its first character, a
    // column inside a cell to that cell, and anything past the end to the line's length.
    void indexOfAColumn_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("index");
        QTest::newRow("plain") << QStringLiteral("abc") << 1 << 1;
        QTest::newRow("plain, past the end") << QStringLiteral("abc") << 10 << 3;
        QTest::newRow("plain, before the start") << QStringLiteral("abc") << -5 << 0;
        QTest::newRow("inside a tab") << QStringLiteral("a\tb") << 5 << 1;
        QTest::newRow("after a tab") << QStringLiteral("a\tb") << 8 << 2;
        QTest::newRow("right half of a wide character") << QStringLiteral("日本") << 3 << 1;
        QTest::newRow("on a wide line's end") << QStringLiteral("日本") << 4 << 2;
        QTest::newRow("a base with its mark") << QStringLiteral("e\u0301x") << 0 << 0;
        QTest::newRow("after the mark") << QStringLiteral("e\u0301x") << 1 << 2;
        QTest::newRow("right half of an astral emoji") << QStringLiteral("🚀x") << 1 << 0;
        QTest::newRow("after an astral emoji") << QStringLiteral("🚀x") << 2 << 2;
    }
    void indexOfAColumn()
    {
        QFETCH(QString, line);
        QFETCH(int, column);
        QFETCH(int, index);
        QCOMPARE(TextColumns(line).index(column), index);
    }

    void everyCellRoundTrips()
    {
        const QString line = QStringLiteral("a\t日本 e\u0301 🚀\tend");
        const TextColumns columns(line);
        for (int i = 0; i < int(line.size()); ++i) {
            const bool startsACell = i == 0 || columns.column(i) != columns.column(i - 1);
            if (startsACell)
                QVERIFY2(columns.index(columns.column(i)) == i, qPrintable(QString::number(i)));
        }
    }

    // What columns show: tabs as spaces, narrow runs together, each wide character alone at
    // its own column; a range that starts inside a cell gets the whole cell.
    void piecesOfAColumnRange()
    {
        const TextColumns columns(QStringLiteral("ab\tc日d"));
        const QVector<TextColumns::Piece> all = columns.pieces(0, INT_MAX);
        QCOMPARE(all.size(), 5);
        const QVector<QPair<int, QString>> expected{{0, QStringLiteral("ab")},
                                                    {2, QStringLiteral("      ")},
                                                    {8, QStringLiteral("c")},
                                                    {9, QStringLiteral("日")},
                                                    {11, QStringLiteral("d")}};
        for (int i = 0; i < all.size(); ++i) {
            QCOMPARE(all[i].column, expected[i].first);
            QCOMPARE(all[i].text, expected[i].second);
        }
        const QVector<TextColumns::Piece> middle = columns.pieces(5, 10);
        QCOMPARE(middle.size(), 3);
        QCOMPARE(middle.first().column, 2); // the tab's cell, whole
        QCOMPARE(middle.last().text, QStringLiteral("日"));
        QVERIFY(columns.pieces(12, 20).isEmpty());
    }

    void textIsWhatTheScreenShows()
    {
        QCOMPARE(TextColumns(QStringLiteral("a\tb")).text(), QStringLiteral("a       b"));
        QCOMPARE(TextColumns(QStringLiteral("plain line")).text(2, 6), QStringLiteral("ain "));
        QCOMPARE(TextColumns(QStringLiteral("e\u0301日x")).text(1, 3), QStringLiteral("日"));
    }
};

QTEST_APPLESS_MAIN(TextColumnsTest)
#include "tst_textcolumns.moc"
