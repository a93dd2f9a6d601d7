// A task's trends as the window shows them: the words and the sparkline of the task list's
// tooltip (and what they cost over 10,000 runs), the Trends dialog's bars, figures, table and
// accessible names, a bar or a row opening its run; and, with a real run, the tooltip and an
// open dialog following a run of the task that has just ended.

#include "pastrunpane.h"
#include "preferencesdialog.h"
#include "runhistory.h"
#include "runpane.h"
#include "tasklibrary.h"
#include "tasklistmodel.h"
#include "tasktrends.h"
#include "tasktrendscache.h"
#include "trendsdialog.h"
#include "trendstext.h"
#include "windowfixture.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

namespace {

// Records a finished run of the task; its row id.
qint64 record(RunHistory &history, const QString &taskId, RunOutcome outcome, int exitCode,
              qint64 durationMs, const QDateTime &started)
{
    RunRecord record;
    record.taskId = taskId;
    record.taskName = QStringLiteral("name of ") + taskId;
    record.trigger = QStringLiteral("manual");
    record.started = started;
    record.id = history.recordStart(record);
    record.result.outcome = outcome;
    record.result.exitCode = exitCode;
    record.result.duration = std::chrono::milliseconds(durationMs);
    record.ended = started.addMSecs(durationMs);
    return history.recordFinish(record) ? record.id : 0;
}

TaskTrends trendsOf(const QVector<std::pair<int, qint64>> &runs, const QDateTime &started)
{
    QVector<RunRecord> records;
    for (const auto &[exitCode, ms] : runs) {
        RunRecord r;
        r.id = records.size() + 1;
        r.state = RunRecord::State::Finished;
        r.started = started.addSecs(60 * records.size());
        r.result.outcome = RunOutcome::Exited;
        r.result.exitCode = exitCode;
        r.result.duration = std::chrono::milliseconds(ms);
        records.append(r);
    }
    return TaskTrends::fromRecords(QStringLiteral("t"), records);
}

} // namespace

class TrendsViewTest : public QObject
{
    Q_OBJECT

    WindowFixture f;

    QModelIndex row(const QString &name) const
    {
        auto *model = f.window->findChild<TaskListModel *>();
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->index(i).data().toString() == name)
                return model->index(i);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(f.setUpSuite()); }
    void init() { f.setUpTest(); }
    void cleanup()
    {
        QApplication::setPalette(QApplication::style()->standardPalette());
        f.tearDownTest();
    }

    void summaryWords()
    {
        // 17 successes averaging 12.4 s, 3 failures, the slowest 41 s on a Tuesday.
        QVector<std::pair<int, qint64>> runs(17, {0, 12'400});
        runs += {{1, 3000}, {2, 41'000}, {1, 100}};
        const QDateTime started = QDateTime::currentDateTime().addSecs(-3600 * 3);
        const TaskTrends trends = trendsOf(runs, started);
        const QString slowestWhen = TrendsText::when(trends.slowest()->started);
        QCOMPARE(TrendsText::summary(trends),
                 QStringLiteral("Last 20 runs: 17 succeeded, 3 failed (15 %) · average 12 s · "
                                "slowest 41 s (%1)")
                     .arg(slowestWhen));
        QCOMPARE(TrendsText::summary(TaskTrends()), QStringLiteral("No runs yet"));
        QCOMPARE(TrendsText::summary(trendsOf({{0, 2500}}, started)),
                 QStringLiteral("1 run: 1 succeeded, 0 failed (0 %) · average 2.5 s · slowest "
                                "2.5 s (%1)")
                     .arg(TrendsText::when(started)));
    }

    void whenIsShort()
    {
        const QDateTime now(QDate(2026, 11, 26), QTime(9, 0));
        QCOMPARE(TrendsText::when(QDateTime(QDate(2026, 11, 24), QTime(14, 2)), now),
                 QStringLiteral("Tue 14:02"));
        QCOMPARE(TrendsText::when(QDateTime(QDate(2026, 11, 3), QTime(14, 2)), now),
                 QStringLiteral("3 Nov 14:02"));
    }

    void sparkline()
    {
        TaskTrends trends
            = trendsOf({{0, 1000}, {1, 2000}, {0, 4000}}, QDateTime::currentDateTime());
        TaskTrends::Run running;
        running.state = RunRecord::State::Running;
        running.verdict = TaskTrends::Verdict::Running;
        trends.runs.append(running);
        QCOMPARE(TrendsText::sparkline(trends), QStringLiteral("▂▄█·"));
        // Each block in its outcome's colour: green, red, green, blue.
        const QString html = TrendsText::sparklineHtml(trends);
        QCOMPARE(html.count(QStringLiteral("<span")), 4);
        QVERIFY2(html.contains(TrendsText::colourOf(trends.runs.at(1)).name()), qPrintable(html));
        QVERIFY(TrendsText::colourOf(trends.runs.at(0)) != TrendsText::colourOf(trends.runs.at(1)));
        QCOMPARE(TrendsText::sparkline(TaskTrends()), QString());
    }

    // The tooltip carries the figures and the sparkline, read once from the history; a task
    // without runs says so. And what it costs with 10,000 runs in the history.
    void toolTipOverTenThousandRuns()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TaskLibrary library(dir.filePath(QStringLiteral("tasks.json")));
        QVERIFY(library.load().ok);
        QVERIFY(
            library.add(Task{QStringLiteral("build"), TaskSpec::forShell(QStringLiteral("make"))}));
        QVERIFY(
            library.add(Task{QStringLiteral("idle"), TaskSpec::forShell(QStringLiteral("true"))}));
        const QString buildId = library.tasks().at(0).id;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            RunHistory made;
            QVERIFY(made.open(path).ok);
        }
        QVERIFY(fill(path, 10'000, buildId));
        RunHistory history;
        QVERIFY(history.open(path).ok);
        TaskListModel model(&library);
        model.setHistory(&history);
        TaskTrendsCache cache;
        cache.setHistory(&history);
        model.setTrends(&cache);
        const QModelIndex build = model.index(0);
        QCOMPARE(build.data().toString(), QStringLiteral("build"));

        QElapsedTimer timer;
        timer.start();
        const QString tip = build.data(Qt::ToolTipRole).toString();
        const qint64 coldUs = timer.nsecsElapsed() / 1000;
        constexpr int Rounds = 500;
        timer.restart();
        for (int i = 0; i < Rounds; ++i)
            build.data(Qt::ToolTipRole);
        const qint64 warmUs = timer.nsecsElapsed() / 1000 / Rounds;
        timer.restart();
        for (int i = 0; i < 50; ++i) {
            cache.invalidate(buildId);
            build.data(Qt::ToolTipRole);
        }
        const qint64 rereadUs = timer.nsecsElapsed() / 1000 / 50;
        qInfo("task list tooltip over 10,000 runs: first %lld us, cached %lld us, after a run "
              "ended %lld us",
              coldUs, warmUs, rereadUs);
        QCOMPARE(cache.reads(), 51); // once, then once after each invalidation

        QVERIFY2(tip.startsWith(QStringLiteral("<qt>")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("make")), qPrintable(tip)); // the command stays
        // Every 7th of 10,000 rows failed: of the last 20, the rows 9980..9999.
        int failed = 0;
        for (int i = 9980; i < 10'000; ++i)
            failed += i % 7 == 0 ? 1 : 0;
        QVERIFY2(tip.contains(QStringLiteral("Last 20 runs: %1 succeeded, %2 failed (%3 %)")
                                  .arg(20 - failed)
                                  .arg(failed)
                                  .arg(qRound(failed * 100.0 / 20))),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("· average ")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("· slowest ")), qPrintable(tip));
        QCOMPARE(tip.count(QStringLiteral("<span")), 20); // the sparkline, a block per run
        QVERIFY2(
            model.index(1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("No runs yet")),
            qPrintable(model.index(1).data(Qt::ToolTipRole).toString()));
        // Cheap enough to ask on each show, even when read again.
        QVERIFY2(rereadUs < 50'000, qPrintable(QString::number(rereadUs)));
    }

    // Runs started in the same minute have a bar each: a category axis keeps one slot per
    // distinct label, and "Tue 14:02" four times made one bar of four runs.
    void runsOfOneMinuteHaveABarEach()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunHistory history;
        QVERIFY(history.open(dir.filePath(QStringLiteral("h.sqlite"))).ok);
        QDateTime start = QDateTime::currentDateTime().addDays(-1);
        start.setTime(QTime(start.time().hour(), start.time().minute(), 0));
        for (int i = 0; i < 4; ++i)
            QVERIFY(record(history, QStringLiteral("t"), RunOutcome::Exited, 0, 1000,
                           start.addSecs(10 * i))
                    > 0);
        TaskTrendsCache cache;
        cache.setHistory(&history);
        TrendsDialog dialog(&cache, QStringLiteral("t"), QStringLiteral("quick"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QList<QAbstractAxis *> axes = dialog.chartView()->chart()->axes(Qt::Horizontal);
        QCOMPARE(axes.size(), 1);
        auto *categories = qobject_cast<QBarCategoryAxis *>(axes.first());
        QVERIFY(categories);
        QCOMPARE(categories->count(), 4);
    }

    // Five runs: five bars in their outcome colours, the average line, the figures in a label
    // and a table with headers; a bar and a row ask for their run.
    void dialogShowsBarsAndFigures()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunHistory history;
        QVERIFY(history.open(dir.filePath(QStringLiteral("h.sqlite"))).ok);
        const QDateTime start = QDateTime::currentDateTime().addDays(-1);
        QVector<qint64> ids;
        ids << record(history, QStringLiteral("t"), RunOutcome::Exited, 0, 1000, start)
            << record(history, QStringLiteral("t"), RunOutcome::Exited, 2, 500, start.addSecs(60))
            << record(history, QStringLiteral("t"), RunOutcome::Exited, 0, 3000, start.addSecs(120))
            << record(history, QStringLiteral("t"), RunOutcome::TimedOut, -1, 9000,
                      start.addSecs(180))
            << record(history, QStringLiteral("t"), RunOutcome::Stopped, -1, 200,
                      start.addSecs(240));
        QVERIFY(!ids.contains(0));
        record(history, QStringLiteral("other"), RunOutcome::Exited, 0, 99'000, start);
        TaskTrendsCache cache;
        cache.setHistory(&history);
        TrendsDialog dialog(&cache, QStringLiteral("t"), QStringLiteral("build"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        QCOMPARE(dialog.windowTitle(), QStringLiteral("Trends — build"));
        QCOMPARE(dialog.barCount(), 5);
        QCOMPARE(dialog.chartView()->chart()->title(),
                 QStringLiteral("The last 5 runs, oldest first"));
        auto *series
            = qobject_cast<QStackedBarSeries *>(dialog.chartView()->chart()->series().at(0));
        QVERIFY(series);
        // Each run stands in one set only (its colour's): five non-zero values in all, each
        // with the run's seconds.
        QVector<double> heights(5, 0.0);
        for (QBarSet *set : series->barSets()) {
            QCOMPARE(set->count(), 5);
            for (int i = 0; i < 5; ++i)
                heights[i] += set->at(i);
        }
        QCOMPARE(heights, (QVector<double>{1.0, 0.5, 3.0, 9.0, 0.2}));
        QVERIFY(series->barSets().size() >= 4); // green, red, yellow, purple
        auto *average = qobject_cast<QLineSeries *>(dialog.chartView()->chart()->series().at(1));
        QVERIFY(average);
        QCOMPARE(average->at(0).y(), 2.0); // of the two successful runs

        auto *summary = dialog.findChild<QLabel *>(QStringLiteral("trendsSummary"));
        QVERIFY(summary);
        QVERIFY2(summary->text().startsWith(
                     QStringLiteral("Last 5 runs: 2 succeeded, 2 failed (40 %), 1 stopped · "
                                    "average 2.0 s · slowest 9.0 s")),
                 qPrintable(summary->text()));
        QCOMPARE(summary->accessibleName(), QStringLiteral("Figures"));
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("trendsWhatCounts"))->text().isEmpty());
        QCOMPARE(dialog.chartView()->objectName(), QStringLiteral("trendsChart"));
        QVERIFY(!dialog.chartView()->accessibleName().isEmpty());
        QVERIFY2(dialog.chartView()->accessibleDescription().contains(summary->text()),
                 qPrintable(dialog.chartView()->accessibleDescription()));
        QVERIFY(dialog.chartView()->accessibleDescription().contains(QStringLiteral("timed out"))
                || dialog.chartView()->accessibleDescription().contains(QStringLiteral("failed")));

        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("trendsTable"));
        QVERIFY(table);
        QCOMPARE(table->accessibleName(), QStringLiteral("Runs"));
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("Started"));
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Duration"));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("Outcome"));
        // Newest first: the stopped run, then the timed-out one.
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("stopped"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("9.0 s"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("timed out"));
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("failed"));

        // Hovered, a bar says its run in words.
        for (QBarSet *set : series->barSets()) {
            if (set->at(3) > 0)
                Q_EMIT set->hovered(true, 3);
        }
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().endsWith(QStringLiteral(": 9.0 s, failed")),
                 qPrintable(QToolTip::text()));

        QSignalSpy open(&dialog, &TrendsDialog::openRunRequested);
        // The fourth bar (the timed-out run) clicked: a set's click says the bar's index.
        for (QBarSet *set : series->barSets()) {
            if (set->at(3) > 0)
                Q_EMIT set->clicked(3);
        }
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.takeFirst().first().toLongLong(), ids.at(3));
        // The keyboard's way: Enter on a row.
        table->setFocus();
        table->setCurrentCell(4, 0); // the oldest
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.takeFirst().first().toLongLong(), ids.at(0));
    }

    // No history to read (it could not be opened): the tooltip stays as it was, plain, rather
    // than saying "No runs yet" of a task whose runs are unknown.
    void toolTipWithoutHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TaskLibrary library(dir.filePath(QStringLiteral("tasks.json")));
        QVERIFY(library.load().ok);
        QVERIFY(library.add(Task{QStringLiteral("a"), TaskSpec::forShell(QStringLiteral("true"))}));
        RunHistory closed;
        TaskTrendsCache cache;
        cache.setHistory(&closed);
        TaskListModel model(&library);
        model.setTrends(&cache);
        QCOMPARE(model.index(0).data(Qt::ToolTipRole).toString(), QStringLiteral("true"));
    }

    void dialogWithoutRuns()
    {
        TaskTrendsCache cache;
        TrendsDialog dialog(&cache, QStringLiteral("t"), QStringLiteral("never"));
        QCOMPARE(dialog.barCount(), 0);
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("trendsSummary"))->text(),
                 QStringLiteral("No runs yet"));
        QCOMPARE(dialog.findChild<QTableWidget *>(QStringLiteral("trendsTable"))->rowCount(), 0);
    }

    // On a dark palette the chart is dark too, its words in the palette's text colour.
    void dialogFollowsThePalette_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void dialogFollowsThePalette()
    {
        QFETCH(bool, dark);
        QPalette palette = QApplication::style()->standardPalette();
        if (dark) {
            palette.setColor(QPalette::Window, QColor(0x24, 0x24, 0x24));
            palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
            palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
            palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        }
        QApplication::setPalette(palette);
        TaskTrendsCache cache;
        TrendsDialog dialog(&cache, QStringLiteral("t"), QStringLiteral("x"));
        QChart *chart = dialog.chartView()->chart();
        QCOMPARE(chart->theme(), dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        QCOMPARE(chart->backgroundBrush().color(), palette.color(QPalette::Base));
        for (QAbstractAxis *axis : chart->axes())
            QCOMPARE(axis->labelsBrush().color(), palette.color(QPalette::Text));
    }

    // How many runs the trends show: trends/runs, 20 while missing or wrong, changed in
    // Preferences and used at once.
    void runCountSetting()
    {
        QSettings().setValue(QStringLiteral("trends/runs"), QStringLiteral("seven"));
        QVERIFY(f.writeLibrary({}));
        f.open();
        QCOMPARE(f.window->trendsCache()->runCount(), 20);
        QVERIFY2(f.prompts->errors.join(u'\n').contains(QStringLiteral("trends/runs")),
                 qPrintable(f.prompts->errors.join(u'\n')));
        f.close();
        QSettings().setValue(QStringLiteral("trends/runs"), 7);
        f.open();
        QCOMPARE(f.window->trendsCache()->runCount(), 7);
        f.action("preferencesAction")->trigger();
        PreferencesDialog *dialog = f.window->preferencesDialog();
        QVERIFY(dialog);
        auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("trendRunsEdit"));
        QVERIFY(edit);
        QVERIFY(!edit->accessibleName().isEmpty());
        QCOMPARE(edit->text(), QStringLiteral("7"));
        edit->setText(QStringLiteral("0")); // out of range: refused, named
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("okButton"));
        QVERIFY(!ok->isEnabled());
        edit->setText(QStringLiteral("50"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(f.window->trendsCache()->runCount(), 50);
        QCOMPARE(QSettings().value(QStringLiteral("trends/runs")).toInt(), 50);
        QSettings().remove(QStringLiteral("trends/runs"));
    }

    // With the real window: Trends… is in the Task menu and the list's context menu; the
    // tooltip says "No runs yet", then, once a real run of the task has ended, its figures - and
    // an open dialog shows the new bar; a bar opens the run's log in a tab.
    void toolTipAndDialogFollowARealRun()
    {
        QVERIFY(f.writeLibrary({f.shellTask(QStringLiteral("flaky"), QStringLiteral("exit 3"))}));
        f.open();
        QVERIFY(f.window->selectTask(QStringLiteral("flaky")));
        QAction *trendsAction = f.action("trendsAction");
        QVERIFY(trendsAction);
        QVERIFY(trendsAction->isEnabled());
        QCOMPARE(trendsAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
        auto *list = f.find<QListView>("taskList");
        QCOMPARE(list->contextMenuPolicy(), Qt::ActionsContextMenu);
        QVERIFY(list->actions().contains(trendsAction));

        QVERIFY2(row(QStringLiteral("flaky"))
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(QStringLiteral("No runs yet")),
                 qPrintable(row(QStringLiteral("flaky")).data(Qt::ToolTipRole).toString()));
        trendsAction->trigger();
        auto *dialog = f.window->findChild<TrendsDialog *>(QStringLiteral("trendsDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->barCount(), 0);
        QCOMPARE(f.window->showTrends(), dialog); // asked again: the same one

        RunPane *pane = f.run(QStringLiteral("flaky"));
        QVERIFY(pane);
        // The run ends; the run manager's signal drops the cached trends; the next tooltip
        // reads them again.
        QTRY_VERIFY_WITH_TIMEOUT(
            row(QStringLiteral("flaky"))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("1 run: 0 succeeded, 1 failed (100 %)")),
            WindowFixture::GenerousMs);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->barCount(), 1, WindowFixture::GenerousMs);
        const int reads = f.window->trendsCache()->reads();
        row(QStringLiteral("flaky")).data(Qt::ToolTipRole);
        QCOMPARE(f.window->trendsCache()->reads(), reads); // shown again: not read again

        // The run's own tab closed (a finished run is then forgotten): the bar opens its log
        // from the history in a tab of its own.
        auto *tabs = f.find<QTabWidget>("runTabs");
        Q_EMIT tabs->tabCloseRequested(tabs->indexOf(pane));
        QTRY_COMPARE_WITH_TIMEOUT(tabs->count(), 0, WindowFixture::GenerousMs);
        auto *series
            = qobject_cast<QStackedBarSeries *>(dialog->chartView()->chart()->series().at(0));
        QVERIFY(series);
        Q_EMIT series->barSets().at(0)->clicked(0);
        QCOMPARE(tabs->count(), 1);
        auto *past = qobject_cast<PastRunPane *>(tabs->currentWidget());
        QVERIFY(past);
        QCOMPARE(past->record().taskName, QStringLiteral("flaky"));
        QCOMPARE(past->record().result.exitCode, 3);
    }

private:
    // count finished runs of the task, every 7th failed, in one transaction of another
    // connection.
    static bool fill(const QString &path, int count, const QString &taskId)
    {
        bool ok = true;
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("filler"));
            db.setDatabaseName(path);
            ok = db.open() && db.transaction();
            QSqlQuery q(db);
            ok = ok
                 && q.prepare(QStringLiteral(
                     "INSERT INTO runs (task_id, task_name, trigger, started_ms, ended_ms, state,"
                     " outcome, exit_code, duration_ms, owner_pid, owner_start)"
                     " VALUES (?, 'build', 'manual', ?, ?, 'finished', 'exited', ?, ?, 1, 1)"));
            const qint64 start = QDateTime::currentMSecsSinceEpoch() - count * 60'000LL;
            for (int i = 0; ok && i < count; ++i) {
                q.addBindValue(taskId);
                q.addBindValue(start + i * 60'000LL);
                q.addBindValue(start + i * 60'000LL + 500);
                q.addBindValue(i % 7 == 0 ? 1 : 0);
                q.addBindValue(100 + i % 900);
                ok = q.exec();
            }
            ok = ok && db.commit();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("filler"));
        return ok;
    }
};

QTEST_MAIN(TrendsViewTest)
#include "tst_trendsview.moc"
