#include "processtreemodel.h"

#include "usagetext.h"

#include <QLocale>

#include <map>
#include <optional>

namespace {

// What the view shows of a process changed between two samples.
bool sameCells(const ProcessRow &a, const ProcessRow &b)
{
    return a.info.state == b.info.state && a.threads == b.threads && a.name == b.name
           && a.commandLine == b.commandLine && a.cpuPercent == b.cpuPercent
           && a.residentBytes == b.residentBytes && a.started == b.started
           && a.leftGroup == b.leftGroup && a.leftSession == b.leftSession
           && a.info.ppid == b.info.ppid && a.info.pgid == b.info.pgid && a.info.sid == b.info.sid;
}

} // namespace

ProcessTreeModel::ProcessTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

ProcessTreeModel::~ProcessTreeModel() = default;

QString ProcessTreeModel::stateText(char state)
{
    switch (state) {
    case 'R':
        return tr("running");
    case 'S':
        return tr("sleeping");
    case 'D':
        return tr("disk wait");
    case 'T':
        return tr("stopped");
    case 't':
        return tr("stopped by a debugger");
    case 'Z':
        return tr("zombie");
    case 'X':
        return tr("dead");
    case 'I':
        return tr("idle");
    case 'P':
        return tr("parked");
    case 'W':
        return tr("waking");
    case 'K':
        return tr("wakekill");
    default:
        return tr("unknown (%1)").arg(QLatin1Char(state));
    }
}

QString ProcessTreeModel::commandText(const ProcessRow &row)
{
    if (row.info.isZombie() || row.commandLine.isEmpty())
        return QLatin1Char('[') + row.name + QLatin1Char(']');
    return row.commandLine;
}

QString ProcessTreeModel::markText(const ProcessRow &row)
{
    if (row.leftSession)
        return tr("left the session");
    if (row.leftGroup)
        return tr("left the group");
    return QString();
}

void ProcessTreeModel::clear()
{
    beginResetModel();
    m_top.clear();
    m_nodes.clear();
    m_hasRun = false;
    m_runId = 0;
    endResetModel();
}

void ProcessTreeModel::reset(const ProcessTreeSnapshot &snapshot)
{
    beginResetModel();
    m_top.clear();
    m_nodes.clear();
    m_runId = snapshot.runId;
    m_hasRun = true;
    QHash<pid_t, Node *> byPid;
    for (const ProcessRow &row : snapshot.rows) {
        if (m_nodes.count(keyOf(row)) > 0) // the same process twice: the first one counts
            continue;
        auto node = std::make_unique<Node>();
        node->process = row;
        Node *parent = row.parentInTree > 0 ? byPid.value(row.parentInTree) : nullptr;
        node->parent = parent;
        std::vector<Node *> &siblings = childrenOf(parent);
        node->row = int(siblings.size());
        siblings.push_back(node.get());
        byPid.insert(row.info.pid, node.get());
        m_nodes.emplace(keyOf(row), std::move(node));
    }
    endResetModel();
}

void ProcessTreeModel::update(const ProcessTreeSnapshot &snapshot)
{
    if (!m_hasRun || snapshot.runId != m_runId || m_nodes.empty()) {
        reset(snapshot);
        return;
    }
    // The snapshot's processes by key, and each one's parent in it (a pid is unique in one
    // snapshot).
    std::unordered_map<Key, const ProcessRow *, KeyHash> incoming;
    QHash<pid_t, Key> keyByPid;
    for (const ProcessRow &row : snapshot.rows) {
        if (incoming.emplace(keyOf(row), &row).second)
            keyByPid.insert(row.info.pid, keyOf(row));
    }
    const auto parentKeyOf = [&](const ProcessRow &row) -> std::optional<Key> {
        const auto found = keyByPid.constFind(row.parentInTree);
        if (row.parentInTree <= 0 || found == keyByPid.constEnd() || *found == keyOf(row))
            return std::nullopt;
        return *found;
    };
    const auto find = [this](const Key &key) -> Node * {
        const auto found = m_nodes.find(key);
        return found == m_nodes.end() ? nullptr : found->second.get();
    };

    // 1. Processes that stay but have another parent now (theirs ended: they went to the top,
    // or to a subreaper of the run) move there, keeping their index.
    for (const ProcessRow &row : snapshot.rows) {
        Node *node = find(keyOf(row));
        if (!node)
            continue;
        const std::optional<Key> parentKey = parentKeyOf(row);
        Node *newParent = parentKey ? find(*parentKey) : nullptr;
        if (parentKey && !newParent) {
            // Under a process that is new: taken out now, put in again with the new ones.
            removeNode(node);
            continue;
        }
        bool cycle = false; // a snapshot that puts a process under its own descendant
        for (const Node *up = newParent; up && !cycle; up = up->parent)
            cycle = up == node;
        if (cycle)
            newParent = nullptr;
        if (newParent != node->parent)
            moveNode(node, newParent);
    }

    // 2. Processes that went, with what is below them (their survivors have moved out above).
    std::vector<Node *> gone;
    for (const auto &[key, node] : m_nodes) {
        if (incoming.count(key) == 0
            && (!node->parent || incoming.count(keyOf(node->parent->process)) > 0))
            gone.push_back(node.get());
    }
    for (Node *node : gone)
        removeNode(node);

    // 3. The cells of the processes that stay: one dataChanged per parent, over the rows that
    // changed.
    std::map<Node *, std::pair<int, int>> changed; // parent -> first and last changed row
    for (const ProcessRow &row : snapshot.rows) {
        Node *node = find(keyOf(row));
        if (!node || sameCells(node->process, row)) {
            if (node)
                node->process = row; // CPU ticks and the like, not shown
            continue;
        }
        node->process = row;
        auto [it, added] = changed.try_emplace(node->parent, node->row, node->row);
        if (!added) {
            it->second.first = qMin(it->second.first, node->row);
            it->second.second = qMax(it->second.second, node->row);
        }
    }
    for (const auto &[parent, rows] : changed) {
        const QModelIndex parentIndex = indexOfNode(parent);
        Q_EMIT dataChanged(index(rows.first, 0, parentIndex),
                           index(rows.second, ColumnCount - 1, parentIndex));
    }

    // 4. Processes that came, parents first: consecutive ones under the same parent in one
    // insertion.
    Node *batchParent = nullptr;
    std::vector<Node *> batch;
    for (const ProcessRow &row : snapshot.rows) {
        const Key key = keyOf(row);
        if (m_nodes.count(key) > 0) // there already, or twice in the snapshot
            continue;
        const std::optional<Key> parentKey = parentKeyOf(row);
        Node *parent = parentKey ? find(*parentKey) : nullptr;
        if (!batch.empty() && parent != batchParent)
            insertNodes(batchParent, batch);
        batchParent = parent;
        auto node = std::make_unique<Node>();
        node->process = row;
        batch.push_back(node.get());
        m_nodes.emplace(key, std::move(node));
    }
    if (!batch.empty())
        insertNodes(batchParent, batch);
}

void ProcessTreeModel::insertNodes(Node *parent, std::vector<Node *> &nodes)
{
    std::vector<Node *> &siblings = childrenOf(parent);
    const int first = int(siblings.size());
    beginInsertRows(indexOfNode(parent), first, first + int(nodes.size()) - 1);
    for (Node *node : nodes) {
        node->parent = parent;
        node->row = int(siblings.size());
        siblings.push_back(node);
    }
    endInsertRows();
    nodes.clear();
}

void ProcessTreeModel::removeNode(Node *node)
{
    Node *parent = node->parent;
    std::vector<Node *> &siblings = childrenOf(parent);
    beginRemoveRows(indexOfNode(parent), node->row, node->row);
    siblings.erase(siblings.begin() + node->row);
    renumber(parent);
    endRemoveRows();
    forget(node); // after endRemoveRows(): the persistent indexes are settled by then
}

void ProcessTreeModel::forget(Node *node)
{
    const std::vector<Node *> children = node->children;
    for (Node *child : children)
        forget(child);
    m_nodes.erase(keyOf(node->process));
}

void ProcessTreeModel::moveNode(Node *node, Node *newParent)
{
    Node *oldParent = node->parent;
    std::vector<Node *> &from = childrenOf(oldParent);
    std::vector<Node *> &to = childrenOf(newParent);
    if (!beginMoveRows(indexOfNode(oldParent), node->row, node->row, indexOfNode(newParent),
                       int(to.size())))
        return;
    from.erase(from.begin() + node->row);
    renumber(oldParent);
    node->parent = newParent;
    node->row = int(to.size());
    to.push_back(node);
    endMoveRows();
}

void ProcessTreeModel::renumber(Node *parent)
{
    std::vector<Node *> &children = childrenOf(parent);
    for (size_t i = 0; i < children.size(); ++i)
        children[i]->row = int(i);
}

const ProcessRow *ProcessTreeModel::processAt(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    return node ? &node->process : nullptr;
}

QModelIndex ProcessTreeModel::indexOf(pid_t pid, quint64 startTime, int column) const
{
    const auto found = m_nodes.find(Key{pid, startTime});
    return found == m_nodes.end() ? QModelIndex() : indexOfNode(found->second.get(), column);
}

QModelIndex ProcessTreeModel::indexOfNode(const Node *node, int column) const
{
    return node ? createIndex(node->row, column, const_cast<Node *>(node)) : QModelIndex();
}

ProcessTreeModel::Node *ProcessTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this ? static_cast<Node *>(index.internalPointer())
                                                    : nullptr;
}

QModelIndex ProcessTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (parent.isValid() && parent.column() != 0)
        return {};
    const std::vector<Node *> &children = childrenOf(nodeAt(parent));
    return row < int(children.size()) ? createIndex(row, column, children[size_t(row)])
                                      : QModelIndex();
}

QModelIndex ProcessTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeAt(child);
    return node ? indexOfNode(node->parent) : QModelIndex();
}

int ProcessTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(nodeAt(parent)).size());
}

int ProcessTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ProcessTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case Pid:
        return tip ? tr("Process id") : tr("PID");
    case Command:
        return tip ? tr("Command line ([name] for a zombie)") : tr("Command");
    case State:
        return tr("State");
    case Cpu:
        return tip ? tr("CPU since the previous sample, in % of one core") : tr("CPU %");
    case Memory:
        return tip ? tr("Resident memory") : tr("Memory");
    case Threads:
        return tr("Threads");
    case Started:
        return tr("Started");
    case Mark:
        return tip ? tr("Whether the process left the run's process group or session") : tr("Left");
    default:
        return {};
    }
}

QVariant ProcessTreeModel::displayData(const ProcessRow &row, int column) const
{
    switch (column) {
    case Pid:
        return QString::number(row.info.pid);
    case Command:
        return commandText(row);
    case State:
        return stateText(row.info.state);
    case Cpu:
        return row.cpuPercent ? QStringLiteral("%1 %").arg(*row.cpuPercent, 0, 'f', 1) : QString();
    case Memory:
        // A zombie holds no memory of its own any more: nothing to tell, not "0 KB".
        return row.info.isZombie() ? QStringLiteral("—") : UsageText::bytes(row.residentBytes);
    case Threads:
        return QString::number(row.threads);
    case Started:
        if (!row.started.isValid())
            return QString();
        return row.started.date() == QDate::currentDate()
                   ? row.started.toString(QStringLiteral("HH:mm:ss"))
                   : QLocale().toString(row.started, QLocale::ShortFormat);
    case Mark:
        return markText(row);
    default:
        return {};
    }
}

QVariant ProcessTreeModel::rawData(const ProcessRow &row, int column) const
{
    switch (column) {
    case Pid:
        return qint64(row.info.pid);
    case Command:
        return commandText(row);
    case State:
        return QString(QLatin1Char(row.info.state));
    case Cpu:
        return row.cpuPercent.value_or(-1.0);
    case Memory:
        return row.residentBytes;
    case Threads:
        return row.threads;
    case Started:
        return row.started.isValid() ? row.started.toMSecsSinceEpoch() : qint64(0);
    case Mark:
        return row.leftSession ? 2 : row.leftGroup ? 1 : 0;
    default:
        return {};
    }
}

QVariant ProcessTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    const ProcessRow &row = node->process;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case RawValueRole:
        return rawData(row, index.column());
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Cpu:
        case Memory:
        case Threads:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Command:
            return commandText(row);
        case Cpu:
            return row.cpuPercent ? QVariant()
                                  : tr("Not measured yet: CPU is counted from the "
                                       "second sample of a process on");
        case Started:
            return row.started.isValid() ? QLocale().toString(row.started, QLocale::LongFormat)
                                         : QVariant();
        case Mark:
            if (row.leftSession)
                return tr("Left the run's session (setsid, a daemon): the terminal and a "
                          "signal to the run's process group do not reach it");
            if (row.leftGroup)
                return tr("Left the run's process group (setpgid): a signal to the run's "
                          "group does not reach it");
            return QVariant();
        default:
            return {};
        }
    case Qt::AccessibleDescriptionRole:
        // Which process the cell belongs to: a tree has no row header to say it.
        return tr("process %1 (%2)").arg(row.info.pid).arg(row.name);
    default:
        return {};
    }
}
