// The history panel, the widget itself, on a history of 100,000 runs of 1,000 tasks (offscreen):
// how long from setHistory() to the first rows painted, from a filter to its rows painted, and
// to the count of matches said; typing a filter key by key; a header click; scrolling to the
// next page. Beside it, in the same run, the panel as it was (the newest 5,000 read into a
// table model, a QSortFilterProxyModel over them) in a QTableView. Figures, not assertions.
//   QT_QPA_PLATFORM=offscreen bench_historypanel [ROWS]
#include "bench_history_fill.h"
#include "bench_history_old.h"
#include "historymodel.h"
#include "historypanel.h"
#include "runhistory.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

constexpr int Rounds = 7;

double median(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

double sinceMs(const QElapsedTimer &clock)
{
    return clock.nsecsElapsed() / 1e6;
}

// Runs the event loop until done() says so (or 10 s pass).
void waitFor(const std::function<bool()> &done)
{
    QElapsedTimer limit;
    limit.start();
    while (!done() && limit.elapsed() < 10'000)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
}

void press(QWidget *widget, int key, const QString &text = {})
{
    QKeyEvent down(QEvent::KeyPress, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &down);
    QKeyEvent up(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &up);
}

struct Filter
{
    const char *what;
    QString text;
    QString kind;
};

// The new panel: to the rows painted, then to the count said (the label, after the paint).
struct Times
{
    std::vector<double> rows, counted;
};

void newPanel(RunHistory &history, const std::vector<Filter> &filters)
{
    Times open;
    std::vector<Times> byFilter(filters.size());
    std::vector<double> keys, typed, sortMs, filteredSortMs, scrollMs;
    for (int round = 0; round < Rounds; ++round) {
        HistoryPanel panel;
        panel.resize(1200, 420);
        panel.show();
        QApplication::processEvents();
        auto *label = panel.findChild<QLabel *>(QStringLiteral("historyCount"));
        auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("historyFilter"));
        auto *outcome = panel.findChild<QComboBox *>(QStringLiteral("historyOutcome"));
        bool counted = false;
        QObject::connect(panel.model(), &HistoryModel::matchingRunsChanged, &panel,
                         [&] { counted = true; });
        QElapsedTimer clock;

        clock.start();
        panel.setHistory(&history); // reads on the next turn of the event loop
        waitFor([&] { return panel.model()->rowCount() > 0; });
        panel.repaint();
        open.rows.push_back(sinceMs(clock));
        waitFor([&] { return counted; });
        open.counted.push_back(sinceMs(clock));

        for (size_t f = 0; f < filters.size(); ++f) {
            const Filter &filter = filters[f];
            counted = false;
            clock.start();
            if (!filter.kind.isEmpty()) {
                outcome->setCurrentIndex(outcome->findData(filter.kind));
            } else {
                edit->setText(filter.text);
                press(edit, Qt::Key_Return); // at once, not after the pause in typing
            }
            panel.repaint();
            byFilter[f].rows.push_back(sinceMs(clock));
            waitFor([&] { return counted; });
            byFilter[f].counted.push_back(sinceMs(clock));
            outcome->setCurrentIndex(0);
            edit->setText(QString());
            press(edit, Qt::Key_Return);
            QApplication::processEvents();
        }

        // Typed key by key: each key only restarts the pause; the read comes after it.
        counted = false;
        clock.start();
        for (const QChar c : QStringLiteral("task 42"))
            press(edit, c.unicode() == ' ' ? int(Qt::Key_Space) : int(c.toUpper().unicode()),
                  QString(c));
        keys.push_back(sinceMs(clock));
        clock.start();
        waitFor([&] { return counted; });
        panel.repaint();
        typed.push_back(sinceMs(clock));
        edit->setText(QString());
        press(edit, Qt::Key_Return);
        QApplication::processEvents();

        clock.start();
        panel.view()->sortByColumn(HistoryModel::Duration, Qt::DescendingOrder);
        panel.repaint();
        sortMs.push_back(sinceMs(clock));
        panel.view()->sortByColumn(HistoryModel::Started, Qt::DescendingOrder);
        QApplication::processEvents();

        // A header click with a filter on: the same runs in another order, not counted again.
        edit->setText(QStringLiteral("task 42"));
        press(edit, Qt::Key_Return);
        waitFor([&] { return counted; });
        clock.start();
        panel.view()->sortByColumn(HistoryModel::Duration, Qt::DescendingOrder);
        panel.repaint();
        filteredSortMs.push_back(sinceMs(clock));
        panel.view()->sortByColumn(HistoryModel::Started, Qt::DescendingOrder);
        edit->setText(QString());
        press(edit, Qt::Key_Return);
        QApplication::processEvents();

        clock.start();
        panel.view()->scrollToBottom();
        waitFor([&] { return panel.model()->rowCount() > HistoryModel::PageSize; });
        panel.repaint();
        scrollMs.push_back(sinceMs(clock));
        if (round == 0)
            std::printf("  (the label after scrolling: \"%s\")\n", qPrintable(label->text()));
    }
    std::printf("\nthe new panel (median of %d)                  rows painted   count said\n",
                Rounds);
    std::printf("  setHistory -> first page                     %10.1f %12.1f\n", median(open.rows),
                median(open.counted));
    for (size_t f = 0; f < filters.size(); ++f)
        std::printf("  %-44s %10.1f %12.1f\n", filters[f].what, median(byFilter[f].rows),
                    median(byFilter[f].counted));
    std::printf("  typing 'task 42': 7 keys                     %10.1f\n", median(keys));
    std::printf("    then the pause (%d ms) and the read         %10.1f\n",
                HistoryPanel::FilterDelayMs, median(typed));
    std::printf("  header click: duration, longest first        %10.1f\n", median(sortMs));
    std::printf("  header click, 'task 42' typed: by duration   %10.1f\n", median(filteredSortMs));
    std::printf("  scroll to the end: the next page             %10.1f\n", median(scrollMs));
}

void oldPanel(RunHistory &history, const std::vector<Filter> &filters)
{
    std::vector<double> open;
    std::vector<std::vector<double>> byFilter(filters.size());
    std::vector<int> finds(filters.size());
    std::vector<double> sortMs;
    for (int round = 0; round < Rounds; ++round) {
        OldPanel::Model model;
        OldPanel::Filter proxy;
        proxy.setSourceModel(&model);
        QTableView view;
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(OldPanel::Started, Qt::DescendingOrder);
        view.horizontalHeader()->setResizeContentsPrecision(50);
        view.resize(1200, 420);
        view.show();
        QApplication::processEvents();
        QElapsedTimer clock;

        clock.start();
        model.reload(&history);
        view.resizeColumnsToContents();
        view.repaint();
        open.push_back(sinceMs(clock));

        for (size_t f = 0; f < filters.size(); ++f) {
            clock.start();
            proxy.text = filters[f].text;
            proxy.kind = filters[f].kind;
            proxy.refilter();
            view.repaint();
            byFilter[f].push_back(sinceMs(clock));
            finds[f] = proxy.rowCount();
            proxy.text.clear();
            proxy.kind.clear();
            proxy.refilter();
        }
        clock.start();
        view.sortByColumn(OldPanel::Duration, Qt::DescendingOrder);
        view.repaint();
        sortMs.push_back(sinceMs(clock));
    }
    std::printf("\nthe old panel: newest %d + a proxy (median of %d)   rows painted   finds\n",
                OldPanel::MaxRows, Rounds);
    std::printf("  reload -> rows painted                       %10.1f %9d\n", median(open),
                OldPanel::MaxRows);
    for (size_t f = 0; f < filters.size(); ++f)
        std::printf("  %-44s %10.1f %9d\n", filters[f].what, median(byFilter[f]), finds[f]);
    std::printf("  header click: duration, longest first        %10.1f\n", median(sortMs));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int rows = argc > 1 ? std::max(1, atoi(argv[1])) : 100000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    if (!BenchHistory::fill(path, rows)) {
        std::fprintf(stderr, "could not fill %s\n", qPrintable(path));
        return 1;
    }
    RunHistory history;
    if (!history.open(path).ok)
        return 1;
    std::printf("history of %d runs, 1,000 tasks\n", rows);

    const std::vector<Filter> filters = {
        {"filter 'task 42' (11 tasks) + Enter", QStringLiteral("task 42"), {}},
        {"filter 'nightly-backup' (1 old run) + Enter", BenchHistory::RareTask, {}},
        {"filter 'build.sh' (a command) + Enter", QStringLiteral("build.sh"), {}},
        {"filter 'zzz' (no match) + Enter", QStringLiteral("zzz"), {}},
        {"outcome box: timed out", {}, QStringLiteral("timed out")},
    };
    oldPanel(history, filters);
    newPanel(history, filters);
    return 0;
}
