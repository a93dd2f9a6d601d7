#pragma once

#include <QByteArray>
#include <QSet>
#include <QVector>

#include <sys/types.h>

// One process that has a descriptor open on one of a run's output pipes.
struct PipeHolder
{
    pid_t pid = 0;
    quint64 startTime = 0;
    QByteArray name; // its comm, for messages
};

// Who holds a run's output pipe. EOF on a pipe comes only once every process holding its write
// end has closed it, and a process can hold it without being recognisably the task's: an
// escapee that cleared its environment and was orphaned before any scan saw it, or a stranger
// the task passed the descriptor to over a Unix socket. /proc/PID/fd shows every descriptor as a
// link ("pipe:[INODE]" for a pipe, "/dev/pts/N" for a terminal), which names the pipe for good.
namespace PipeHolders {

// The link text under which other processes' /proc/PID/fd show the pipe or terminal that fd
// reads: "pipe:[INODE]" for a pipe's read end, "/dev/pts/N" for a pseudo-terminal's master.
// Empty if it cannot be told.
QByteArray linkFor(int fd, bool isPtyMaster);

// Those of candidates that hold a descriptor whose link is one of links.
QVector<PipeHolder> amongst(const QVector<pid_t> &candidates, const QSet<QByteArray> &links);
// Every process on the system (that we may look at) holding one, this program excepted.
QVector<PipeHolder> anywhere(const QSet<QByteArray> &links);

} // namespace PipeHolders
