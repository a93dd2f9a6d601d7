#pragma once

#include <QString>

class OutputLog;

// Fills an OutputLog from a run's log on disk, tail first: the last chunks that together take at
// most maxBytes, read from the end through the index (nothing before them is read), each with
// its stream and time. A run opened from the history, and a finished run's pane that gave its
// memory back and is shown again, both read their lines this way.
namespace RunLogTail {

struct Loaded
{
    bool ok = false;
    bool partial = false; // earlier output is in the file only
    QString error;        // when !ok
};

Loaded loadInto(OutputLog *log, const QString &dataPath, qint64 maxBytes);

} // namespace RunLogTail
