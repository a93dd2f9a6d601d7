#pragma once

#include "runhistory.h"

#include <QTimer>
#include <QWidget>

class HistoryModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
struct RunRecord;

// Every recorded run, newest first: outcome (colour dot and words), start, task, trigger, exit
// code, duration; filtered by text (task, command, trigger or outcome words) and by outcome,
// sortable by any column - all of it done by SQLite over the whole history, a page read at a
// time as the list scrolls; a label says how many runs match. Open (Enter, double-click) shows
// a past run's log; Rerun, Delete and Copy command act on the selection - the window does the
// first three (they touch tabs, the library, files).
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    // Typing waits this long after the last key before the history is read again.
    static constexpr int FilterDelayMs = 150;

    explicit HistoryPanel(QWidget *parent = nullptr);

    void setHistory(RunHistory *history);
    HistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // The runs that match the filters: all of them, not only the rows read so far.
    int visibleRuns() const;
    // The selected runs' ids, in the order shown.
    QList<qint64> selectedRuns() const;
    const RunRecord *recordOf(qint64 id) const; // among the rows read

public Q_SLOTS:
    // Reads the history again, keeping the filters, the order, the selection and the scroll
    // position; nothing to do (and nothing done) when no run was written since the last read.
    void reload();
    void copyCommand();

Q_SIGNALS:
    void openRequested(qint64 runId);
    void rerunRequested(qint64 runId);
    void deleteRequested(const QList<qint64> &runIds);

private:
    void applyFilters();
    void updateCount();

    RunHistory *m_history = nullptr;
    RunHistory::ChangeStamp m_read; // the history as the rows show it
    bool m_stale = true;            // read it whatever the stamp says
    HistoryModel *m_model = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_outcome = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_view = nullptr;
    QTimer m_filterDelay;
};
