#pragma once

#include "processsnapshot.h"

#include <QPointer>
#include <QWidget>

class ManagedRun;
class ProcessTreeModel;
class ProcessTreeSampler;
class QAction;
class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QToolBar;
class QTreeView;

// Every process of one live run as a tree (ProcessTreeModel, sortable by any column), with a
// line saying how many there are and how they were found, and per process Stop (SIGTERM), Kill
// (SIGKILL), Pause (SIGSTOP), Continue (SIGCONT) and Copy command line - in a toolbar, the
// context menu and as shortcuts while the panel has the focus. A signal goes to exactly the
// chosen process (ProcessSignaller: a pidfd checked against its start time), and what came of
// it is said under the tree. It samples only while it is on screen and its run is live; a
// finished run, a queued one or none shows a sentence saying why there is no tree.
class ProcessTreePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProcessTreePanel(QWidget *parent = nullptr);
    ~ProcessTreePanel() override;

    // The run to show (not owned), or null: then the reason given is shown instead of a tree.
    void showRun(ManagedRun *run, const QString &whyNone = QString());
    ManagedRun *run() const { return m_run; }

    ProcessTreeModel *model() const { return m_model; }
    QSortFilterProxyModel *sortedModel() const { return m_sorted; }
    QTreeView *view() const { return m_view; }
    ProcessTreeSampler *sampler() const { return m_sampler; }
    bool isSampling() const;
    bool showsTree() const; // else the empty state's sentence
    QString headerText() const;
    QString emptyText() const;
    QString messageText() const; // what came of the last action
    // The process of the current row, or null.
    const ProcessRow *currentProcess() const;
    // Makes the process's row current (tests, automation); false when it is not shown.
    bool selectProcess(pid_t pid);

    QAction *stopAction() const { return m_stop; }
    QAction *killAction() const { return m_kill; }
    QAction *pauseAction() const { return m_pause; }
    QAction *continueAction() const { return m_continue; }
    QAction *copyAction() const { return m_copy; }

public Q_SLOTS:
    void sendSignal(int signal); // to the current process
    void copyCommandLine();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateSampling(); // on screen and live: sampled; else not, at no cost
    void onSampled(const ProcessTreeSnapshot &snapshot);
    void updateActions();
    void say(const QString &text);
    QAction *addProcessAction(const char *name, const QString &text, const QKeySequence &key,
                              const QString &tip);

    QPointer<ManagedRun> m_run;
    QString m_whyNone;
    bool m_expandOnNextSample = false; // the first rows of a run are shown expanded
    ProcessTreeSampler *m_sampler = nullptr;
    ProcessTreeModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_header = nullptr;
    QStackedWidget *m_pages = nullptr; // the tree, or the empty state
    QTreeView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_message = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_kill = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_continue = nullptr;
    QAction *m_copy = nullptr;
};
