#pragma once

#include "processsnapshot.h"

#include <QAbstractItemModel>
#include <QHashFunctions>

#include <memory>
#include <unordered_map>
#include <vector>

// The processes of one run as a tree, one row per process, fed with the sampler's snapshots.
// A row is a process for good: (pid, start time) is its key, so an update changes the cells of
// the processes that stay in place (dataChanged), and inserts or removes only the processes
// that came or went - a view's selection, current index and expanded rows survive a refresh.
// A pid reused by a new process (another start time) is another row.
class ProcessTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    // Left (Mark) beside the command: the mark is what a reader of the tree looks for first.
    enum Column { Pid, Command, Mark, State, Cpu, Memory, Threads, Started, ColumnCount };
    enum Role {
        // The cell's value as a number (or the command's text) for sorting and for tests: pid,
        // command line, state letter, CPU % (-1 unknown), resident bytes, threads, start time
        // (ms since the epoch), mark (2 left the session, 1 left the group, 0 neither).
        RawValueRole = Qt::UserRole + 1,
    };

    explicit ProcessTreeModel(QObject *parent = nullptr);
    ~ProcessTreeModel() override;

    // The tree as the snapshot has it. A snapshot of another run replaces everything (a reset).
    void update(const ProcessTreeSnapshot &snapshot);
    void clear();

    quint64 runId() const { return m_runId; }
    int processCount() const { return int(m_nodes.size()); }
    // The process at index (any column), or null.
    const ProcessRow *processAt(const QModelIndex &index) const;
    // The row of the process (pid, startTime), invalid when it is not in the tree.
    QModelIndex indexOf(pid_t pid, quint64 startTime, int column = 0) const;

    // "running", "sleeping", "disk wait", "stopped", "zombie", ... for /proc's state letter.
    static QString stateText(char state);
    // Its command line, or "[name]" for a zombie or a process without arguments (a kernel
    // thread), as ps shows them.
    static QString commandText(const ProcessRow &row);
    // "left the session", "left the group", or empty.
    static QString markText(const ProcessRow &row);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Key
    {
        pid_t pid = 0;
        quint64 startTime = 0;
        bool operator==(const Key &other) const
        {
            return pid == other.pid && startTime == other.startTime;
        }
    };
    struct KeyHash
    {
        size_t operator()(const Key &key) const noexcept
        {
            return qHashMulti(0, key.pid, key.startTime);
        }
    };
    struct Node
    {
        ProcessRow process;
        Node *parent = nullptr; // null for the top rows
        std::vector<Node *> children;
        int row = 0; // in parent's children (or the top rows)
    };
    static Key keyOf(const ProcessRow &row) { return {row.info.pid, row.info.startTime}; }

    std::vector<Node *> &childrenOf(Node *parent) { return parent ? parent->children : m_top; }
    const std::vector<Node *> &childrenOf(const Node *parent) const
    {
        return parent ? parent->children : m_top;
    }
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    Node *nodeAt(const QModelIndex &index) const;
    void renumber(Node *parent);
    void removeNode(Node *node); // with its subtree, from the model's index
    void forget(Node *node);     // node and its subtree out of m_nodes
    void moveNode(Node *node, Node *newParent);
    // Appends nodes (already in m_nodes) to parent's children, in one insertion.
    void insertNodes(Node *parent, std::vector<Node *> &nodes);
    void reset(const ProcessTreeSnapshot &snapshot);

    QVariant displayData(const ProcessRow &row, int column) const;
    QVariant rawData(const ProcessRow &row, int column) const;

    quint64 m_runId = 0;
    bool m_hasRun = false;
    std::vector<Node *> m_top;
    std::unordered_map<Key, std::unique_ptr<Node>, KeyHash> m_nodes; // every node, owned here
};
