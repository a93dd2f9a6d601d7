#pragma once

#include <QWidget>

class HistoryModel;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class RunHistory;
struct RunRecord;

// Every recorded run, newest first: outcome (colour dot and words), start, task, trigger, exit
// code, duration; filtered by text (task or outcome words) and by outcome, sortable by any
// column. Open (Enter, double-click) shows a past run's log; Rerun, Delete and Copy command act
// on the selection - the window does the first three (they touch tabs, the library, files).
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    void setHistory(RunHistory *history);
    HistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    int visibleRuns() const; // after the filters
    // The selected runs' ids, in the order shown.
    QList<qint64> selectedRuns() const;
    const RunRecord *recordOf(qint64 id) const;

public Q_SLOTS:
    void reload();
    void copyCommand();

Q_SIGNALS:
    void openRequested(qint64 runId);
    void rerunRequested(qint64 runId);
    void deleteRequested(const QList<qint64> &runIds);

private:
    void applyFilters();

    RunHistory *m_history = nullptr;
    HistoryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_outcome = nullptr;
    QTableView *m_view = nullptr;
};
