// EditorLauncher: templates split into words before the placeholders are replaced, so a path
// with spaces, quotes or "$(x)" is one argument, literal; the editor really started with
// exactly those arguments (a script writing its argv down); a missing or unrunnable program
// said in a sentence; an empty template handed to the desktop's handler.

#include "editorlauncher.h"
#include "privatexdgdirs.h"
#include "settingscheck.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

// Records the URLs the desktop would open, instead of opening them.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

} // namespace

class EditorLauncherTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_xdg;
    QTemporaryDir m_dir;
    QString m_editor; // a script that writes its arguments, NUL-separated, to $ARGV_OUT
    QString m_argvFile;

    // The arguments the script was started with, once it has written them.
    QStringList recordedArguments()
    {
        QFile file(m_argvFile);
        if (!file.open(QIODevice::ReadOnly))
            return {QStringLiteral("<not run>")};
        QStringList words = QString::fromUtf8(file.readAll()).split(QChar(0));
        if (!words.isEmpty() && words.last().isEmpty())
            words.removeLast();
        return words;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(usePrivateXdgDirs(m_xdg));
        QApplication::setOrganizationName(QStringLiteral("taskrunner"));
        QApplication::setApplicationName(QStringLiteral("taskrunner"));
        QVERIFY(m_dir.isValid());
        // In a folder with a space, to be sure the program's own path is one word too.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("my editor")));
        m_editor = m_dir.filePath(QStringLiteral("my editor/record-argv"));
        m_argvFile = m_dir.filePath(QStringLiteral("argv"));
        QFile script(m_editor);
        QVERIFY(script.open(QIODevice::WriteOnly));
        // Written whole then renamed, so a reader never sees half of it.
        script.write("#!/bin/sh\n"
                     "out=\"$ARGV_OUT.part\"\n"
                     ": > \"$out\"\n"
                     "for a in \"$@\"; do printf '%s\\0' \"$a\" >> \"$out\"; done\n"
                     "mv \"$out\" \"$ARGV_OUT\"\n");
        script.close();
        QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        qputenv("ARGV_OUT", QFile::encodeName(m_argvFile));
    }

    void init() { QFile::remove(m_argvFile); }

    void command_data()
    {
        QTest::addColumn<QString>("commandTemplate");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("expected"); // program first
        const QString f = QStringLiteral("/src/a.c");
        QTest::newRow("vscode") << QStringLiteral("code --goto {file}:{line}:{column}") << f << 12
                                << 5
                                << QStringList{QStringLiteral("code"), QStringLiteral("--goto"),
                                               QStringLiteral("/src/a.c:12:5")};
        QTest::newRow("emacsclient")
            << QStringLiteral("emacsclient -n +{line}:{column} {file}") << f << 3 << 7
            << QStringList{QStringLiteral("emacsclient"), QStringLiteral("-n"),
                           QStringLiteral("+3:7"), f};
        QTest::newRow("gvim") << QStringLiteral("gvim +{line} {file}") << f << 40 << 0
                              << QStringList{QStringLiteral("gvim"), QStringLiteral("+40"), f};
        QTest::newRow("no column given: 1")
            << QStringLiteral("code --goto {file}:{line}:{column}") << f << 9 << 0
            << QStringList{QStringLiteral("code"), QStringLiteral("--goto"),
                           QStringLiteral("/src/a.c:9:1")};
        const QString spaces = QStringLiteral("/home/u/My Project/main file.c");
        QTest::newRow("path with spaces is one argument")
            << QStringLiteral("kate --line {line} {file}") << spaces << 2 << 0
            << QStringList{QStringLiteral("kate"), QStringLiteral("--line"), QStringLiteral("2"),
                           spaces};
        const QString quotes = QStringLiteral("/tmp/it's \"quoted\" $(rm -rf x) `id`;.c");
        QTest::newRow("quotes and shell words stay literal")
            << QStringLiteral("ed {file}") << quotes << 1 << 1
            << QStringList{QStringLiteral("ed"), quotes};
        QTest::newRow("a file named like a placeholder")
            << QStringLiteral("ed +{line} {file}") << QStringLiteral("/x/{line}.c") << 4 << 0
            << QStringList{QStringLiteral("ed"), QStringLiteral("+4"),
                           QStringLiteral("/x/{line}.c")};
        QTest::newRow("quoted words of the template")
            << QStringLiteral("\"/opt/My Editor/bin/ed\" \"--title=a b\" {file}") << f << 1 << 1
            << QStringList{QStringLiteral("/opt/My Editor/bin/ed"), QStringLiteral("--title=a b"),
                           f};
        QTest::newRow("empty") << QString() << f << 1 << 1 << QStringList{QString()};
    }

    void command()
    {
        QFETCH(QString, commandTemplate);
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QStringList, expected);
        const EditorLauncher::Command got
            = EditorLauncher::command(commandTemplate, file, line, column);
        QCOMPARE(QStringList{got.program} + got.arguments, expected);
    }

    void problems_data()
    {
        QTest::addColumn<QString>("commandTemplate");
        QTest::addColumn<QString>("problem"); // a part of it; empty: none
        QTest::newRow("empty: the desktop's") << QString() << QString();
        QTest::newRow("good") << QStringLiteral("code --goto {file}:{line}:{column}") << QString();
        QTest::newRow("unknown placeholder")
            << QStringLiteral("code {file}:{lin}") << QStringLiteral("{lin} is not a placeholder");
        QTest::newRow("no file") << QStringLiteral("gvim +{line}") << QStringLiteral("no {file}");
        QTest::newRow("program placeholder")
            << QStringLiteral("{file} x") << QStringLiteral("cannot be a placeholder");
    }

    void problems()
    {
        QFETCH(QString, commandTemplate);
        QFETCH(QString, problem);
        const QString got = EditorLauncher::problemWith(commandTemplate);
        if (problem.isEmpty())
            QCOMPARE(got, QString());
        else
            QVERIFY2(got.contains(problem), qPrintable(got));
        // The same rule in the settings' table, naming the field.
        const QString checked = SettingsCheck::problemWith(
            EditorLauncher::SettingKey, commandTemplate, SettingsCheck::Naming::LabelAndKey);
        QCOMPARE(checked.isEmpty(), problem.isEmpty());
        if (!problem.isEmpty())
            QVERIFY2(checked.contains(EditorLauncher::SettingKey), qPrintable(checked));
    }

    void startsTheEditorWithExactArguments()
    {
        const QString file = QStringLiteral("/tmp/My \"quoted\" it's $(touch %1) `x`.c")
                                 .arg(m_dir.filePath(QStringLiteral("pwned")));
        const QString commandTemplate = QStringLiteral("\"%1\" --goto {file}:{line}:{column} "
                                                       "--title \"a b\" -- {file}")
                                            .arg(m_editor);
        QCOMPARE(EditorLauncher::open(commandTemplate, file, 12, 5), QString());
        const QStringList expected
            = {QStringLiteral("--goto"), file + QStringLiteral(":12:5"), QStringLiteral("--title"),
               QStringLiteral("a b"),    QStringLiteral("--"),           file};
        // The detached editor writes its arguments when it has started.
        QTRY_COMPARE_WITH_TIMEOUT(recordedArguments(), expected, 20000);
        QVERIFY2(!QFile::exists(m_dir.filePath(QStringLiteral("pwned"))),
                 "the file name went through a shell");
    }

    void theTemplateFromTheSettings()
    {
        QSettings().setValue(EditorLauncher::SettingKey,
                             QStringLiteral("\"%1\" +{line} {file}").arg(m_editor));
        QCOMPARE(EditorLauncher::openFromSettings(QStringLiteral("/a b/c.py"), 7, 0), QString());
        QTRY_COMPARE_WITH_TIMEOUT(recordedArguments(),
                                  (QStringList{QStringLiteral("+7"), QStringLiteral("/a b/c.py")}),
                                  20000);
        QSettings().remove(EditorLauncher::SettingKey);
    }

    void missingProgramIsSaid()
    {
        const QString error
            = EditorLauncher::open(QStringLiteral("no-such-editor-here --goto {file}:{line}"),
                                   QStringLiteral("/x.c"), 1, 1);
        QVERIFY2(error.contains(QLatin1String("\"no-such-editor-here\" was not found")),
                 qPrintable(error));
        const QString absent = m_dir.filePath(QStringLiteral("gone/editor"));
        const QString error2 = EditorLauncher::open(QStringLiteral("\"%1\" {file}").arg(absent),
                                                    QStringLiteral("/x.c"), 1, 1);
        QVERIFY2(error2.contains(absent) && error2.contains(QLatin1String("does not exist")),
                 qPrintable(error2));
    }

    void unrunnableProgramIsSaid()
    {
        const QString plain = m_dir.filePath(QStringLiteral("not-a-program"));
        QFile file(plain);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString error = EditorLauncher::open(QStringLiteral("\"%1\" {file}").arg(plain),
                                                   QStringLiteral("/x.c"), 1, 1);
        QVERIFY2(error.contains(plain) && error.contains(QLatin1String("not a program")),
                 qPrintable(error));
        const QString dir = EditorLauncher::open(QStringLiteral("\"%1\" {file}").arg(m_dir.path()),
                                                 QStringLiteral("/x.c"), 1, 1);
        QVERIFY2(dir.contains(QLatin1String("not a program")), qPrintable(dir));
    }

    void badTemplateIsSaid()
    {
        const QString error
            = EditorLauncher::open(QStringLiteral("code {fil}"), QStringLiteral("/x.c"), 1, 1);
        QVERIFY2(error.contains(QLatin1String("{fil} is not a placeholder")), qPrintable(error));
    }

    void emptyTemplateIsTheDesktops()
    {
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        const QString file = m_dir.filePath(QStringLiteral("a b.c"));
        QCOMPARE(EditorLauncher::open(QString(), file, 3, 1), QString());
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        QCOMPARE(catcher.opened, QList<QUrl>{QUrl::fromLocalFile(file)});
    }
};

QTEST_MAIN(EditorLauncherTest)
#include "tst_editorlauncher.moc"
