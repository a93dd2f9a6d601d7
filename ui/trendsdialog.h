#pragma once

#include <QDialog>
#include <QPointer>
#include <QStringList>
#include <QVector>

class QLabel;
class QTableWidget;
class TaskTrendsCache;
struct TaskTrends;

class QChartView;

// A task's last runs at a glance: a bar per run (oldest on the left), as tall as it took and in
// its outcome's colour, with the successful runs' average as a line; the figures in words above
// it, and every run in a table below (what a screen reader and the keyboard use). Clicking a bar,
// or Enter / a double-click on a row, asks for that run's log (openRunRequested). Follows the
// cache: when a run of the task starts or ends, it reads the trends again.
class TrendsDialog : public QDialog
{
    Q_OBJECT
public:
    TrendsDialog(TaskTrendsCache *cache, const QString &taskId, const QString &taskName,
                 QWidget *parent = nullptr);

    QString taskId() const { return m_taskId; }
    // The bars shown (one per run), for tests.
    int barCount() const;
    QChartView *chartView() const { return m_chartView; }

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void openRunRequested(qint64 recordId);

private:
    void fillChart(const TaskTrends &trends);
    void fillTable(const TaskTrends &trends);
    void openRow(int row);

    QPointer<TaskTrendsCache> m_cache;
    QString m_taskId;
    QString m_taskName;
    QLabel *m_summary = nullptr;
    QLabel *m_counts = nullptr;
    QChartView *m_chartView = nullptr;
    QTableWidget *m_table = nullptr;
    QVector<qint64> m_recordIds; // the bars' and the rows' runs, oldest first
    QStringList m_barWords;      // each bar in words: its hover tooltip
    int m_bars = 0;
};
